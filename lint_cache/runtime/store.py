"""The per-function store: least-recently-used eviction and a time to live counted from the write.

Behaves like the `cachetools.TTLCache` Streamlit used up to 1.6x and the `ttl_cache.TTLCache` that
replaced it in 1.67 (same contract): reads (`get`) refresh recency but not the expiry; a write
first drops expired entries, then evicts the least recently used while the store is full.
`on_release` sees the values the store drops on its own (expiry, eviction) and on `clear()`, not
those replaced or deleted, as 1.67's TTLCleanupCache.
Not thread-safe: the owning cache holds a lock around it.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from typing import Any, Callable, Optional

Clock = Callable[[], float]


class LruTtlStore:
    def __init__(
        self,
        clock: Clock,
        max_entries: float = math.inf,
        ttl: float = math.inf,
        on_release: Optional[Callable[[Any], None]] = None,
    ) -> None:
        self.max_entries = max_entries
        self.ttl = ttl
        self.clock = clock
        self.on_release = on_release
        self._values: OrderedDict[str, Any] = OrderedDict()  # least recently used first
        self._expires: dict[str, float] = {}

    def get(self, key: str) -> Any:
        """The live value under `key` (KeyError when absent or expired); marks it recently used."""
        if key not in self._values:
            raise KeyError(key)
        # cachetools moves the entry to the recent end even when it turns out to be expired.
        self._values.move_to_end(key)
        if not self.clock() < self._expires[key]:
            raise KeyError(key)
        return self._values[key]

    def set(self, key: str, value: Any) -> None:
        now = self.clock()
        self.expire(now)
        if key in self._values:
            self._remove(key, released=False)
        while self._values and len(self._values) + 1 > self.max_entries:
            self._remove(next(iter(self._values)), released=True)
        self._values[key] = value
        self._expires[key] = now + self.ttl

    def delete(self, key: str) -> None:
        if key in self._values:
            self._remove(key, released=False)

    def clear(self) -> None:
        for key in list(self._values):
            self._remove(key, released=True)

    def expire(self, now: Optional[float] = None) -> None:
        now = self.clock() if now is None else now
        for key in [key for key, expires in self._expires.items() if not now < expires]:
            self._remove(key, released=True)

    def live_items(self) -> list[tuple[str, Any]]:
        """Live entries, least recently used first, without touching recency."""
        now = self.clock()
        return [(key, value) for key, value in self._values.items() if now < self._expires[key]]

    def _remove(self, key: str, released: bool) -> None:
        value = self._values.pop(key)
        del self._expires[key]
        if released and self.on_release is not None:
            self.on_release(value)
