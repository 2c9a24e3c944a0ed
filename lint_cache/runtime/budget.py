"""`server.maxCacheDataSize` (1.67): one least-recently-used byte budget over every in-memory
st.cache_data entry of the process, whatever function or session it belongs to; st.cache_resource
is not counted.

Modelled on 1.67.0 `runtime/caching/global_cache_budget.py` and its use in
`storage/in_memory_cache_storage_wrapper.py`:
- every write to a function's memory store records the entry's size and makes it the most
  recently used; a read of a live entry makes it the most recently used too (`record_read`:
  hints drained before the next eviction, so in the same order);
- after a write, while the total is over the budget, the least recently used entry of any store,
  never the one just written, is dropped from its store's memory (`_reserve_victims_locked`,
  `_evict_from_mem_cache`); a persisted entry stays on disk and is read back on its next use;
- an entry a store drops on its own (ttl, its own max_entries / max_size, a clear) leaves the
  budget; a store that is replaced (other options) or dropped (its session ended) takes its
  entries with it (`unregister`).
Streamlit reads the budget when the server starts, before any cache exists, so every entry counts.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable, Hashable

# Drops `key` from the memory of the store it belongs to; tells whether it was live.
Evict = Callable[[str], bool]
Entry = tuple[Hashable, str]  # (store, value key)


class ServerBudget:
    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Entry, int] = OrderedDict()  # least recently used first
        self._evict: dict[Hashable, Evict] = {}
        self._lock = threading.Lock()
        self.total = 0

    def register(self, store: Hashable, evict: Evict) -> None:
        with self._lock:
            self._evict[store] = evict

    def unregister(self, store: Hashable) -> None:
        with self._lock:
            self._evict.pop(store, None)
            for entry in [entry for entry in self._entries if entry[0] == store]:
                self.total -= self._entries.pop(entry)

    def record_read(self, store: Hashable, key: str) -> None:
        with self._lock:
            if (store, key) in self._entries:
                self._entries.move_to_end((store, key))

    def record_removal(self, store: Hashable, key: str) -> None:
        with self._lock:
            self._remove((store, key))

    def record_write(self, store: Hashable, key: str, size: int) -> list[Entry]:
        """Count a written entry and choose the least recently used others to drop while the total is
        over the budget (never the new one: alone over the budget, it is kept, as 1.67 keeps "a single
        value larger than the limit"). The caller drops them with `evict` once it holds no lock of
        its own, as Streamlit evicts after releasing the storage lock."""
        with self._lock:
            self._remove((store, key))
            self._entries[(store, key)] = size
            self.total += size
            victims = []
            while self.total > self.max_bytes:
                victim = next((entry for entry in self._entries if entry != (store, key)), None)
                if victim is None:
                    break
                self._remove(victim)
                victims.append(victim)
            return victims

    def evict(self, victims: list[Entry]) -> list[Entry]:
        """Drop the victims from their stores' memory; the ones that were live."""
        with self._lock:
            evicts = [(victim, self._evict.get(victim[0])) for victim in victims]
        return [victim for victim, evict in evicts if evict is not None and evict(victim[1])]

    def _remove(self, entry: Entry) -> None:
        size = self._entries.pop(entry, None)
        if size is not None:
            self.total -= size
