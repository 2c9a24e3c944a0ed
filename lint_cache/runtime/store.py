"""The per-function store: least-recently-used eviction and a time to live counted from the write.

Behaves like the `cachetools.TTLCache` Streamlit used up to 1.59 and the `ttl_cache.TTLCache` that
replaced it in 1.60 (same contract): reads (`get`) refresh recency but not the expiry; a write
first drops expired entries, then evicts the least recently used while the store is full: more
than `max_entries`, or, with a byte limit (`max_size=`, 1.67 ttl_cache.py:188-217), a total of
entry sizes that the new one would take past it. Eviction stops when the store is empty, so one
entry larger than the limit is kept alone.
`on_release` sees the values the store drops on its own (expiry, eviction), on `clear()` and on a
`delete(released=True)` (a per-key `.clear(args)`, `TTLCleanupCache.safe_del`), not those replaced
or deleted otherwise (a failed `validate`), as TTLCleanupCache (1.53.1-1.67.0).
`on_evict(key, value, reason)` sees the capacity evictions ("max_entries" or "max_size").
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
        max_bytes: Optional[int] = None,
        size_of: Optional[Callable[[Any], int]] = None,
        on_evict: Optional[Callable[[str, Any, str], None]] = None,
        on_remove: Optional[Callable[[str], None]] = None,
    ) -> None:
        self.max_entries = max_entries
        self.ttl = ttl
        self.clock = clock
        self.on_release = on_release
        self.max_bytes = max_bytes
        self.size_of = size_of
        self.on_evict = on_evict
        self.on_remove = on_remove  # every key that leaves the store, however (the server budget's bookkeeping)
        self._values: OrderedDict[str, Any] = OrderedDict()  # least recently used first
        self._expires: dict[str, float] = {}
        self._sizes: dict[str, int] = {}
        self.total_size = 0

    def get(self, key: str) -> Any:
        """The live value under `key` (KeyError when absent or expired); marks it recently used."""
        if key not in self._values:
            raise KeyError(key)
        # cachetools moves the entry to the recent end even when it turns out to be expired.
        self._values.move_to_end(key)
        if not self.clock() < self._expires[key]:
            raise KeyError(key)
        return self._values[key]

    def __contains__(self, key: str) -> bool:
        """Live, without touching recency."""
        return key in self._expires and self.clock() < self._expires[key]

    def set(self, key: str, value: Any) -> None:
        size = self.size_of(value) if self.size_of is not None else 0
        now = self.clock()
        self.expire(now)
        if key in self._values:
            self._remove(key, released=False)
        while self._values:
            if len(self._values) + 1 > self.max_entries:
                reason = "max_entries"
            elif self.max_bytes is not None and self.total_size + size > self.max_bytes:
                reason = "max_size"
            else:
                break
            evicted = next(iter(self._values))
            value_evicted = self._values[evicted]
            self._remove(evicted, released=True)
            if self.on_evict is not None:
                self.on_evict(evicted, value_evicted, reason)
        self._values[key] = value
        self._expires[key] = now + self.ttl
        self._sizes[key] = size
        self.total_size += size

    def size(self, key: str) -> int:
        return self._sizes.get(key, 0)

    def delete(self, key: str, released: bool = False) -> None:
        """Drop `key`; `released`: call on_release with its value if it is live."""
        if key in self._values:
            self._remove(key, released=released and key in self)

    def clear(self) -> None:
        """Drop everything, releasing each value: the expired first, then least recently used first
        (1.67 ResourceCache._clear: `len()` reaps the expired, then `popitem()` one by one)."""
        self.expire()
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
        self.total_size -= self._sizes.pop(key, 0)
        if self.on_remove is not None:
            self.on_remove(key)
        if released and self.on_release is not None:
            self.on_release(value)
