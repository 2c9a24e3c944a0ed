"""The caching decorators and the functions they return.

`CachedFunction.__call__` follows `CachedFunc._get_or_create_cached_value` (1.35, 1.67): look
the value key up; on a miss take that key's compute lock and look again (double-checked locking,
so concurrent sessions compute once); run the body while recording its elements; store the
result. On a hit the recorded elements are replayed. st.stop() / st.rerun() / an exception in
the body leave the cache untouched.
"""

from __future__ import annotations

import datetime
import functools
import inspect
import math
import re
import threading
from dataclasses import dataclass
from typing import Any, Callable, Optional

from lint_cache.runtime.caches import CacheOptions, CacheRegistry, FunctionCache
from lint_cache.runtime.errors import SimulationError, as_streamlit_raises
from lint_cache.runtime.hashing import function_key, value_key
from lint_cache.runtime.inputs import stale_reads
from lint_cache.runtime.replay import Capture
from lint_cache.runtime.session import ScriptRun, current_run, show_deprecation
from lint_cache.runtime.versions import Release


class FunctionStats:
    """What the server knows about one function key, whichever decorator call created it."""

    def __init__(self, qualname: str, line: int) -> None:
        self.qualname = qualname
        self.line = line
        self.body_runs = 0
        self._lock = threading.Lock()

    def count_body_run(self) -> None:
        with self._lock:
            self.body_runs += 1


class FunctionStatsTable:
    """The server's FunctionStats, one per function key, in the order the functions were first decorated."""

    def __init__(self) -> None:
        self._stats: dict[str, FunctionStats] = {}
        self._lock = threading.Lock()

    def stats_for(self, key: str, qualname: str, line: int) -> FunctionStats:
        with self._lock:
            return self._stats.setdefault(key, FunctionStats(qualname, line))

    def items(self) -> list[tuple[str, FunctionStats]]:
        with self._lock:
            return list(self._stats.items())


@dataclass(frozen=True)
class CacheStore:
    """What cached functions write to on their server, whichever session calls them: the caches,
    and how often each body ran."""

    caches: CacheRegistry
    function_stats: FunctionStatsTable


class CachedFunction:
    def __init__(
        self,
        store: CacheStore,
        func: Callable[..., Any],
        shares_result: bool,
        options: CacheOptions,
        allows_widgets: bool,
    ) -> None:
        """`allows_widgets`: the opt-in was given and the release replays widgets (1.15-1.37)."""
        if inspect.iscoroutinefunction(func):
            raise SimulationError(f"`async def {func.__qualname__}`: async cached functions (1.64+) are not modelled")
        self.store = store
        self.func = func
        self.shares_result = shares_result
        self.options = options
        self.allows_widgets = allows_widgets
        self.qualname = func.__qualname__
        self.key = function_key(func)
        self.stats = store.function_stats.stats_for(self.key, self.qualname, definition_line(func))
        functools.update_wrapper(self, func)

    def __get__(self, instance: Any, owner: Any = None) -> Any:
        """Decorated methods get the instance as their first argument, as a plain function would."""
        if instance is None:
            return self
        bound = functools.partial(self, instance)
        bound.clear = functools.partial(self.clear, instance)
        return bound

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        run = current_run()
        cache = self._cache(run)
        key = value_key(self.func, args, kwargs, self.options.hash_funcs)
        widget_values = run.session.state.present_widget_values
        hit = cache.read(key, widget_values)
        if hit is None:
            with cache.compute_lock(key):
                hit = cache.read(key, widget_values)
                if hit is None:
                    value, records, reads = self._compute(run, args, kwargs)
                    cache.write(key, value, records, widget_values)
                    cache.inputs[key] = reads
                    return self._handed_out(run, key, value)
        reads = cache.inputs.get(key, [])
        run.session.events.extend(stale_reads(reads, run.session.name, run.session.current_value, self.qualname))
        run.replay(hit.records, self.qualname)
        return self._handed_out(run, key, hit.value)

    def _handed_out(self, run: ScriptRun, key: str, value: Any) -> Any:
        if self.shares_result:
            run.hand_out_shared(self.qualname, key, value)
        return value

    def clear(self, *args: Any, **kwargs: Any) -> None:
        cache = self._cache(current_run())
        cache.clear(value_key(self.func, args, kwargs, self.options.hash_funcs) if args or kwargs else None)

    def _cache(self, run: ScriptRun) -> FunctionCache:
        return self.store.caches.cache_for(self.key, self.qualname, self.shares_result, self.options, run.session.id)

    def _compute(self, run: ScriptRun, args: tuple, kwargs: dict) -> tuple[Any, list, list]:
        capture = Capture(self, self.shares_result, self.allows_widgets)
        run.enter_cached_function(capture)
        try:
            self.stats.count_body_run()
            value = self.func(*args, **kwargs)
        finally:
            run.exit_cached_function(capture)
        return value, capture.records, capture.reads


def definition_line(func: Callable[..., Any]) -> int:
    """The line of `def` (below any decorators); for a lambda, its line."""
    try:
        lines, first = inspect.getsourcelines(func)
    except (OSError, TypeError):
        return func.__code__.co_firstlineno
    for offset, line in enumerate(lines):
        if re.match(r"\s*(async\s+)?def\s", line):
            return first + offset
    return first


class CacheDecorator:
    """`st.cache_data`, `st.cache_resource`, and their 0.89-1.36 names experimental_memo / singleton."""

    def __init__(
        self,
        release: Release,
        store: CacheStore,
        name: str,
        shares_result: bool,
        deprecation: Optional[str] = None,
    ) -> None:
        self.release = release
        self.store = store
        self.name = name
        self.shares_result = shares_result
        self.deprecation = deprecation

    def __call__(self, func: Optional[Callable[..., Any]] = None, **options: Any) -> Any:
        accepted = self.release.cache_options(self.shares_result)
        for option in options:
            if option not in accepted:
                api = "CacheResourceAPI" if self.shares_result else "CacheDataAPI"
                raise as_streamlit_raises(TypeError(f"{api}.__call__() got an unexpected keyword argument '{option}'"))
        if self.deprecation is not None:
            show_deprecation(self.name, self.deprecation)
        if options.get("experimental_allow_widgets") and self.release.deprecates_allow_widgets:
            show_deprecation("experimental_allow_widgets", "The `experimental_allow_widgets` parameter is deprecated.")
        parsed = parse_options(options)
        allows_widgets = parsed.allow_widgets and self.release.replays_widgets
        if func is None:
            return lambda decorated: CachedFunction(self.store, decorated, self.shares_result, parsed, allows_widgets)
        return CachedFunction(self.store, func, self.shares_result, parsed, allows_widgets)

    def clear(self) -> None:
        if self.deprecation is not None:
            show_deprecation(self.name, self.deprecation)
        self.store.caches.clear_all(self.shares_result)


def legacy_cache_alias(cache_data: CacheDecorator, cache_resource: CacheDecorator) -> Callable[..., Any]:
    """st.cache from 1.36 to 1.61: a deprecated alias (`runtime/caching/legacy_cache_api.py`)."""

    def cache(
        func=None,
        persist=False,
        allow_output_mutation=False,
        show_spinner=True,
        suppress_st_warning=False,
        hash_funcs=None,
        max_entries=None,
        ttl=None,
    ):
        show_deprecation("cache", "`st.cache` is deprecated and will be removed soon.")
        options = {"show_spinner": show_spinner, "hash_funcs": hash_funcs, "max_entries": max_entries, "ttl": ttl}
        if allow_output_mutation:
            return cache_resource(func, **options)
        return cache_data(func, persist=persist, **options)

    return cache


def parse_options(options: dict[str, Any]) -> CacheOptions:
    if options.get("refresh_mode", "foreground") != "foreground":
        raise SimulationError("refresh_mode='background' (stale-while-refresh in a background thread) is not modelled")
    if options.get("max_size") is not None:
        raise SimulationError("max_size= is not modelled: it counts Streamlit's serialized bytes")
    persist = options.get("persist")
    if persist not in (None, False, True, "disk"):
        raise as_streamlit_raises(
            ValueError(f"Unsupported persist option '{persist}'. Valid values are 'disk' or None.")
        )
    max_entries = options.get("max_entries")
    return CacheOptions(
        ttl_seconds=ttl_seconds(options.get("ttl")),
        max_entries=math.inf if max_entries is None else max_entries,
        persist=persist in (True, "disk"),
        validate=options.get("validate"),
        hash_funcs=options.get("hash_funcs"),
        allow_widgets=bool(options.get("experimental_allow_widgets", False)),
        session_scope=options.get("scope", "global") == "session",
        on_release=options.get("on_release"),
    )


TTL_UNITS = {
    "w": 604800,
    "week": 604800,
    "weeks": 604800,
    "d": 86400,
    "day": 86400,
    "days": 86400,
    "h": 3600,
    "hr": 3600,
    "hour": 3600,
    "hours": 3600,
    "m": 60,
    "min": 60,
    "minute": 60,
    "minutes": 60,
    "s": 1,
    "sec": 1,
    "second": 1,
    "seconds": 1,
    "ms": 0.001,
    "millisecond": 0.001,
    "milliseconds": 0.001,
}


def ttl_seconds(ttl: Any) -> float:
    """Streamlit's `time_to_seconds`: None, seconds, a timedelta, or a string such as "1h23s"."""
    if ttl is None:
        return math.inf
    if isinstance(ttl, datetime.timedelta):
        return ttl.total_seconds()
    if isinstance(ttl, (int, float)):
        return float(ttl)
    parts = re.findall(r"(\d+(?:\.\d+)?)\s*([a-zA-Z]+)", str(ttl))
    if not parts or re.sub(r"[\d.\sa-zA-Z]", "", str(ttl)):
        raise SimulationError(f"ttl={ttl!r} is not a duration the simulator understands (use seconds or e.g. '1h30m')")
    try:
        return sum(float(number) * TTL_UNITS[unit.lower()] for number, unit in parts)
    except KeyError as unknown:
        raise SimulationError(f"ttl={ttl!r}: unknown unit {unknown}") from None
