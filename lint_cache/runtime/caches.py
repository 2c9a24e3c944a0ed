"""Function caches: value-key entries, the results inside them, and the registry that owns them.

Modelled on `cache_data_api.DataCache`, `cache_resource_api.ResourceCache` and `DataCaches` /
`ResourceCaches` (1.35, 1.67):
- an entry per value key; up to 1.37 an entry holds one result per widget-value combination
  (`MultiCacheResults`), and `max_entries` / `ttl` count entries, never those results;
- cache_data stores a pickled copy (every hit unpickles a new object; an unpicklable value raises
  UnserializableReturnValueError and stores nothing); cache_resource stores the object itself
  and asks `validate` on every hit;
- one lock per value key, so concurrent sessions compute a value once;
- a decorator with other `ttl` / `max_entries` / `max_size` / `persist` / `refresh_mode` /
  `validate` than the cache it finds replaces that cache (the entries are lost, nothing is
  released), as `get_cache` does;
- `scope="session"` (1.53): one cache per session and function, dropped when the session ends:
  cleared, so cache_resource's `on_release` sees each value (`clear_session`, 1.67.0
  cache_resource_api.py:212-225, called by `AppSession.clear_session_caches`, app_session.py:368);
- `max_size=` (1.67, cache_data): a byte limit on the function's store (per session under session
  scope), and `server.maxCacheDataSize` one over every cache_data store (budget.py). The size of an
  entry is its pickled value and recorded elements: Streamlit pickles a `CachedResult` (value,
  replay messages, two container ids), a couple of hundred bytes more than the runtime counts;
- `refresh_mode="background"` (1.61): the store keeps entries for twice the ttl; a hit past the
  ttl is stale (`_is_stale`, served while a refresh runs). A refreshed value replaces the entry
  only if it is still there, and cache_resource releases the value it replaces
  (`write_background_refresh_result`, 1.67.0 cache_resource_api.py:887-967).
"""

from __future__ import annotations

import math
import pickle
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Optional

from lint_cache.runtime.budget import ServerBudget
from lint_cache.runtime.errors import UnserializableReturnValueError
from lint_cache.runtime.hashing import HashFuncs, widget_key
from lint_cache.runtime.replay import MAIN_ID, SIDEBAR_ID, ElementRecord, Record
from lint_cache.runtime.store import Clock, LruTtlStore
from lint_cache.runtime.versions import BACKGROUND_FAILURE_COOLDOWN, BACKGROUND_HARD_TTL_MULTIPLIER

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
    max_size_bytes: Optional[int] = None
    background_refresh: bool = False

    @property
    def store_ttl(self) -> float:
        """How long the store keeps an entry: the ttl, or in background mode the hard expiry."""
        if self.background_refresh:
            return self.ttl_seconds * BACKGROUND_HARD_TTL_MULTIPLIER
        return self.ttl_seconds

    def keeps_storage_of(self, other: CacheOptions, shares_result: bool) -> bool:
        """Whether a decorator with these options reuses a cache created with `other`."""
        same = (
            self.ttl_seconds == other.ttl_seconds
            and self.max_entries == other.max_entries
            and self.background_refresh == other.background_refresh
        )
        if shares_result:
            # Streamlit only compares whether both validate functions are set.
            return same and (self.validate is None) == (other.validate is None)
        return same and self.persist == other.persist and self.max_size_bytes == other.max_size_bytes


@dataclass
class StoredResult:
    value: Any  # pickled bytes for cache_data, the object itself for cache_resource
    records: list[Record]
    stored_at: Optional[float] = None  # background mode: when it was computed
    size: int = 0  # cache_data: the bytes max_size and server.maxCacheDataSize count


@dataclass
class ValueEntry:
    widget_ids: set[str] = field(default_factory=set)
    results: dict[str, StoredResult] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return sum(result.size for result in self.results.values())


@dataclass(frozen=True)
class Hit:
    value: Any
    records: list[Record]
    stale: bool = False  # background mode: past the ttl, served while a refresh runs


@dataclass(frozen=True)
class CacheEvent:
    """Something a cache did on its own that the simulation reports."""

    kind: str  # "released", "evicted", "refreshed", "refresh failed"
    function: str
    detail: str  # the value released (repr), the eviction's reason, the failure


class FunctionCache:
    def __init__(
        self,
        function_name: str,
        shares_result: bool,
        options: CacheOptions,
        clock: Clock,
        keys_results_by_widgets: bool,
        disk: Optional[dict] = None,
        report: Callable[[CacheEvent], None] = lambda event: None,
        budget: Optional[ServerBudget] = None,
    ) -> None:
        self.function_name = function_name
        self.shares_result = shares_result
        self.options = options
        self.clock = clock
        self.report = report
        # 1.15-1.37 (`WidgetRules.keys_results_by_widgets`): one result per widget-value combination.
        self.keys_results_by_widgets = keys_results_by_widgets
        self.budget = None if shares_result else budget
        on_release = self._release if options.on_release is not None else None
        sized = not shares_result and (options.max_size_bytes is not None or self.budget is not None)
        self._store = LruTtlStore(
            clock,
            options.max_entries,
            options.store_ttl,
            on_release,
            max_bytes=options.max_size_bytes,
            size_of=(lambda entry: entry.size) if sized else None,
            on_evict=self._evicted,
            on_remove=(lambda key: self.budget.record_removal(self, key)) if self.budget is not None else None,
        )
        if self.budget is not None:
            self.budget.register(self, self._evict_for_budget)
        self._disk = disk  # persist="disk": every entry ever written, without ttl or max_entries
        self._lock = threading.Lock()
        self._value_locks: dict[str, threading.Lock] = defaultdict(threading.Lock)
        self._value_locks_lock = threading.Lock()
        self._cooldowns: dict[str, float] = {}  # value key -> until when a failed refresh is not retried
        self.refreshing: set[str] = set()  # value keys with a background refresh pending
        self._victims: list = []  # entries the server budget chose while this cache's lock was held
        # Per value key: the session state and request data the last computation read (inputs.Read).
        self.inputs: dict[str, list] = {}

    def compute_lock(self, value_key: str) -> threading.Lock:
        with self._value_locks_lock:
            return self._value_locks[value_key]

    def read(self, value_key: str, widget_values: WidgetValues) -> Optional[Hit]:
        """The result stored for this value key and the current widget values, or None (a miss)."""
        try:
            return self._read(value_key, widget_values)
        finally:
            self._evict_victims()

    def _read(self, value_key: str, widget_values: WidgetValues) -> Optional[Hit]:
        with self._lock:
            entry = self._entry(value_key)
            if entry is None:
                return None
            result_key = self._result_key(entry, widget_values)
            result = entry.results.get(result_key)
            if result is None:
                return None
            stale = result.stored_at is not None and self.clock() - result.stored_at >= self.options.ttl_seconds
            if not self.shares_result:
                return Hit(pickle.loads(result.value), result.records, stale)
            if self.options.validate is not None and not self.options.validate(result.value):
                if self.keys_results_by_widgets:
                    del entry.results[result_key]  # 1.15-1.37: the entry stays, without this result
                else:
                    self._store.delete(value_key)  # `del self._mem_cache[key]`: not released
                return None
            return Hit(result.value, result.records, stale)

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
            entry.results[self._result_key(entry, widget_values)] = self._stored(value, records)
            self._store.set(value_key, entry)
            if self._disk is not None:
                self._disk[value_key] = entry
            self._count_in_budget(value_key)
        self._evict_victims()

    def write_refreshed(self, value_key: str, value: Any) -> bool:
        """Store a background refresh's value if the entry is still there; False when discarded."""
        released = None
        with self._lock:
            if value_key not in self._store:
                written = False  # evicted, expired or cleared meanwhile: the next call is a miss
            else:
                old = self._store.get(value_key)
                stored = self._stored(value, [])
                entry = ValueEntry(set(old.widget_ids), {key: stored for key in old.results})
                self._store.set(value_key, entry)
                if self._disk is not None:
                    self._disk[value_key] = entry
                written = True
                self._count_in_budget(value_key)
                if self.shares_result and self.options.on_release is not None:
                    released = [result.value for result in old.results.values() if result.value is not value]
        if not written and self.shares_result and self.options.on_release is not None:
            released = [value]  # the discarded resource is released so that it does not leak
        for resource in released or []:
            self._release_value(resource)
        self._evict_victims()
        return written

    def in_cooldown(self, value_key: str) -> bool:
        with self._lock:
            until = self._cooldowns.get(value_key)
            if until is not None and self.clock() >= until:
                del self._cooldowns[value_key]
                until = None
            return until is not None

    def refresh_failed(self, value_key: str) -> None:
        with self._lock:
            self._cooldowns[value_key] = self.clock() + BACKGROUND_FAILURE_COOLDOWN

    def clear(self, value_key: Optional[str] = None) -> None:
        with self._value_locks_lock:
            if value_key is None:
                self._value_locks.clear()
            else:
                self._value_locks.pop(value_key, None)
        with self._lock:
            if value_key is None:
                self._cooldowns.clear()
                self._store.clear()
                if self._disk is not None:
                    self._disk.clear()
            else:
                self._cooldowns.pop(value_key, None)
                # `.clear(args)` on a resource: `TTLCleanupCache.safe_del`, which releases the value.
                self._store.delete(value_key, released=self.shares_result)
                if self._disk is not None:
                    self._disk.pop(value_key, None)

    def close(self) -> None:
        """The cache is replaced or dropped: its entries leave the server budget."""
        if self.budget is not None:
            self.budget.unregister(self)

    def entries(self) -> list[ValueEntry]:
        with self._lock:
            if self._disk is not None:
                return list(self._disk.values())
            return [entry for _, entry in self._store.live_items()]

    def _stored(self, value: Any, records: list[Record]) -> StoredResult:
        stored_at = self.clock() if self.options.background_refresh else None
        if self.shares_result:
            return StoredResult(value, list(records), stored_at)
        try:
            pickled = pickle.dumps(value)
        except Exception:  # noqa: BLE001 - pickle raises many types; Streamlit catches them all
            raise UnserializableReturnValueError(self.function_name, value) from None
        size = 0
        if self._store.size_of is not None:
            # Shaped as Streamlit's pickled CachedResult(value, messages, main id, sidebar id, stored_at).
            shown = [(record.kind, record.text) for record in records]
            size = len(pickle.dumps((value, shown, MAIN_ID, SIDEBAR_ID, stored_at)))
        return StoredResult(pickled, list(records), stored_at, size)

    def _release(self, entry: ValueEntry) -> None:
        for result in entry.results.values():
            self._release_value(result.value)

    def _release_value(self, value: Any) -> None:
        self.report(CacheEvent("released", self.function_name, _short_repr(value)))
        self.options.on_release(value)

    def _evicted(self, key: str, entry: ValueEntry, reason: str) -> None:
        self.report(CacheEvent("evicted", self.function_name, reason))

    def _count_in_budget(self, value_key: str) -> None:
        """A write to the memory store counts in the server budget (this cache's lock is held)."""
        if self.budget is not None:
            self._victims += self.budget.record_write(self, value_key, self._store.size(value_key))

    def _evict_victims(self) -> None:
        """Drop what the server budget chose, once this cache's lock is released."""
        with self._lock:
            victims, self._victims = self._victims, []
        if victims:
            for cache, _ in self.budget.evict(victims):
                cache.report(CacheEvent("evicted", cache.function_name, "server.maxCacheDataSize"))

    def _evict_for_budget(self, value_key: str) -> bool:
        """Drop an entry from memory for the server budget (a persisted one stays on disk)."""
        with self._lock:
            live = value_key in self._store
            self._store.delete(value_key)
            return live

    def _entry(self, value_key: str) -> Optional[ValueEntry]:
        try:
            entry = self._store.get(value_key)
        except KeyError:
            pass
        else:
            if self.budget is not None:
                self.budget.record_read(self, value_key)
            return entry
        if self._disk is not None and value_key in self._disk:
            # A persisted entry the memory layer dropped (ttl, max_entries) is read back from disk.
            entry = self._disk[value_key]
            self._store.set(value_key, entry)
            self._count_in_budget(value_key)
            return entry
        return None

    def _result_key(self, entry: ValueEntry, widget_values: WidgetValues) -> str:
        if not self.keys_results_by_widgets:
            return ""
        return widget_key(widget_values(entry.widget_ids))


def _short_repr(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


class CacheRegistry:
    """All function caches of one server: cache_data and cache_resource, global or per session."""

    def __init__(self, clock: Clock, keys_results_by_widgets: bool, budget: Optional[ServerBudget] = None) -> None:
        self.clock = clock
        self.keys_results_by_widgets = keys_results_by_widgets
        self.budget = budget
        self._lock = threading.Lock()
        self._caches: dict[tuple, FunctionCache] = {}
        self._disk: dict[str, dict] = defaultdict(dict)  # function key -> persisted entries
        self._events: list[CacheEvent] = []
        self._events_lock = threading.Lock()

    def cache_for(
        self, function_key: str, function_name: str, shares_result: bool, options: CacheOptions, session_id: str
    ) -> FunctionCache:
        scope = session_id if options.session_scope else None
        key = (shares_result, scope, function_key)
        with self._lock:
            cache = self._caches.get(key)
            if cache is not None and options.keeps_storage_of(cache.options, shares_result):
                return cache
            if cache is not None:
                cache.close()
            disk = self._disk[function_key] if options.persist else None
            cache = FunctionCache(
                function_name,
                shares_result,
                options,
                self.clock,
                self.keys_results_by_widgets,
                disk,
                self.report,
                self.budget,
            )
            self._caches[key] = cache
            return cache

    def clear_all(self, shares_result: bool) -> None:
        with self._lock:
            caches = [key for key in self._caches if key[0] == shares_result]
            dropped = [self._caches.pop(key) for key in caches]
            if not shares_result:
                self._disk.clear()
        for cache in dropped:
            cache.clear()
            cache.close()

    def clear_session(self, session_id: str) -> None:
        """The session ended: its session-scoped caches are dropped, each cleared first."""
        with self._lock:
            keys = [key for key in self._caches if key[1] == session_id]
            dropped = [self._caches.pop(key) for key in keys]
        for cache in dropped:
            cache.clear()
            cache.close()

    def report(self, event: CacheEvent) -> None:
        with self._events_lock:
            self._events.append(event)

    def take_events(self) -> list[CacheEvent]:
        with self._events_lock:
            events, self._events = self._events, []
            return events

    def caches(self) -> Iterator[tuple[str, FunctionCache]]:
        """(function key, cache) for every live cache."""
        with self._lock:
            items = list(self._caches.items())
        for (_, _, function_key), cache in items:
            yield function_key, cache
