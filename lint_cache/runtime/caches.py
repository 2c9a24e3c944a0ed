"""Function caches: value-key entries, the results inside them, and the registry that owns them.

Modelled on `cache_data_api.DataCache`, `cache_resource_api.ResourceCache` and `DataCaches` /
`ResourceCaches` (1.35, 1.67):
- an entry per value key; up to 1.37 an entry holds one result per widget-value combination
  (`MultiCacheResults`), and `max_entries` / `ttl` count entries, never those results;
- cache_data stores a pickled copy (every hit unpickles a new object; an unpicklable value raises
  UnserializableReturnValueError and stores nothing); cache_resource stores the object itself
  and asks `validate` on every hit;
- one lock per value key, so concurrent sessions compute a value once;
- a decorator with other `ttl` / `max_entries` / `persist` / `validate` than the cache it finds
  replaces that cache (the entries are lost), as `get_cache` does.
"""

from __future__ import annotations

import math
import pickle
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Optional

from lint_cache.runtime.errors import UnserializableReturnValueError
from lint_cache.runtime.hashing import HashFuncs, widget_key
from lint_cache.runtime.replay import ElementRecord, Record
from lint_cache.runtime.store import Clock, LruTtlStore

# Given the widget ids an entry has seen, the (id, value) pairs session state holds right now.
WidgetValues = Callable[[set], list]


@dataclass(frozen=True)
class CacheOptions:
    ttl_seconds: float = math.inf
    max_entries: float = math.inf
    persist: bool = False
    validate: Optional[Callable[[Any], bool]] = None
    hash_funcs: Optional[HashFuncs] = None
    allow_widgets: bool = False
    session_scope: bool = False
    on_release: Optional[Callable[[Any], None]] = None

    def keeps_storage_of(self, other: CacheOptions, shares_result: bool) -> bool:
        """Whether a decorator with these options reuses a cache created with `other`."""
        same = self.ttl_seconds == other.ttl_seconds and self.max_entries == other.max_entries
        if shares_result:
            # Streamlit only compares whether both validate functions are set.
            return same and (self.validate is None) == (other.validate is None)
        return same and self.persist == other.persist


@dataclass
class StoredResult:
    value: Any  # pickled bytes for cache_data, the object itself for cache_resource
    records: list[Record]


@dataclass
class ValueEntry:
    widget_ids: set[str] = field(default_factory=set)
    results: dict[str, StoredResult] = field(default_factory=dict)


@dataclass(frozen=True)
class Hit:
    value: Any
    records: list[Record]


class FunctionCache:
    def __init__(
        self,
        function_name: str,
        shares_result: bool,
        options: CacheOptions,
        clock: Clock,
        keys_results_by_widgets: bool,
        disk: Optional[dict] = None,
    ) -> None:
        self.function_name = function_name
        self.shares_result = shares_result
        self.options = options
        # 1.15-1.37 (`WidgetRules.keys_results_by_widgets`): one result per widget-value combination.
        self.keys_results_by_widgets = keys_results_by_widgets
        on_release = self._release if options.on_release is not None else None
        self._store = LruTtlStore(clock, options.max_entries, options.ttl_seconds, on_release)
        self._disk = disk  # persist="disk": every entry ever written, without ttl or max_entries
        self._lock = threading.Lock()
        self._value_locks: dict[str, threading.Lock] = defaultdict(threading.Lock)
        self._value_locks_lock = threading.Lock()
        # Per value key: the session state and request data the last computation read (inputs.Read).
        self.inputs: dict[str, list] = {}

    def compute_lock(self, value_key: str) -> threading.Lock:
        with self._value_locks_lock:
            return self._value_locks[value_key]

    def read(self, value_key: str, widget_values: WidgetValues) -> Optional[Hit]:
        """The result stored for this value key and the current widget values, or None (a miss)."""
        with self._lock:
            entry = self._entry(value_key)
            if entry is None:
                return None
            result_key = self._result_key(entry, widget_values)
            result = entry.results.get(result_key)
            if result is None:
                return None
            if not self.shares_result:
                return Hit(pickle.loads(result.value), result.records)
            if self.options.validate is not None and not self.options.validate(result.value):
                if self.keys_results_by_widgets:
                    del entry.results[result_key]  # 1.15-1.37: the entry stays, without this result
                else:
                    self._store.delete(value_key)
                return None
            return Hit(result.value, result.records)

    def write(self, value_key: str, value: Any, records: list[Record], widget_values: WidgetValues) -> None:
        with self._lock:
            entry = self._entry(value_key) or ValueEntry()
            if not self.shares_result:
                # A cache_data entry is stored pickled: build a new one instead of editing the stored one.
                entry = ValueEntry(set(entry.widget_ids), dict(entry.results))
            if self.options.allow_widgets and self.keys_results_by_widgets:
                entry.widget_ids.update(
                    record.widget.id for record in records if isinstance(record, ElementRecord) and record.widget
                )
            stored = value
            if not self.shares_result:
                try:
                    stored = pickle.dumps(value)
                except Exception:  # noqa: BLE001 - pickle raises many types; Streamlit catches them all
                    raise UnserializableReturnValueError(self.function_name, value) from None
            entry.results[self._result_key(entry, widget_values)] = StoredResult(stored, list(records))
            self._store.set(value_key, entry)
            if self._disk is not None:
                self._disk[value_key] = entry

    def clear(self, value_key: Optional[str] = None) -> None:
        with self._value_locks_lock:
            if value_key is None:
                self._value_locks.clear()
            else:
                self._value_locks.pop(value_key, None)
        with self._lock:
            if value_key is None:
                self._store.clear()
                if self._disk is not None:
                    self._disk.clear()
            else:
                self._store.delete(value_key)
                if self._disk is not None:
                    self._disk.pop(value_key, None)

    def entries(self) -> list[ValueEntry]:
        with self._lock:
            if self._disk is not None:
                return list(self._disk.values())
            return [entry for _, entry in self._store.live_items()]

    def _release(self, entry: ValueEntry) -> None:
        for result in entry.results.values():
            self.options.on_release(result.value)

    def _entry(self, value_key: str) -> Optional[ValueEntry]:
        try:
            return self._store.get(value_key)
        except KeyError:
            pass
        if self._disk is not None and value_key in self._disk:
            # A persisted entry the memory layer dropped (ttl, max_entries) is read back from disk.
            entry = self._disk[value_key]
            self._store.set(value_key, entry)
            return entry
        return None

    def _result_key(self, entry: ValueEntry, widget_values: WidgetValues) -> str:
        if not self.keys_results_by_widgets:
            return ""
        return widget_key(widget_values(entry.widget_ids))


class CacheRegistry:
    """All function caches of one server: cache_data and cache_resource, global or per session."""

    def __init__(self, clock: Clock, keys_results_by_widgets: bool) -> None:
        self.clock = clock
        self.keys_results_by_widgets = keys_results_by_widgets
        self._lock = threading.Lock()
        self._caches: dict[tuple, FunctionCache] = {}
        self._disk: dict[str, dict] = defaultdict(dict)  # function key -> persisted entries

    def cache_for(
        self, function_key: str, function_name: str, shares_result: bool, options: CacheOptions, session_id: str
    ) -> FunctionCache:
        scope = session_id if options.session_scope else None
        key = (shares_result, scope, function_key)
        with self._lock:
            cache = self._caches.get(key)
            if cache is not None and options.keeps_storage_of(cache.options, shares_result):
                return cache
            disk = self._disk[function_key] if options.persist else None
            cache = FunctionCache(function_name, shares_result, options, self.clock, self.keys_results_by_widgets, disk)
            self._caches[key] = cache
            return cache

    def clear_all(self, shares_result: bool) -> None:
        with self._lock:
            caches = [key for key in self._caches if key[0] == shares_result]
            for key in caches:
                self._caches.pop(key).clear()
            if not shares_result:
                self._disk.clear()

    def caches(self) -> Iterator[tuple[str, FunctionCache]]:
        """(function key, cache) for every live cache."""
        with self._lock:
            items = list(self._caches.items())
        for (_, _, function_key), cache in items:
            yield function_key, cache
