"""The caching decorators and the functions they return.

`CachedFunction.__call__` follows `CachedFunc._get_or_create_cached_value` (1.35, 1.67): look
the value key up; on a miss take that key's compute lock and look again (double-checked locking,
so concurrent sessions compute once); run the body while recording its elements; store the
result. On a hit the recorded elements are replayed. st.stop() / st.rerun() / an exception in
the body leave the cache untouched.

`async def` (1.64; 1.67.0 cache_utils.py:753-760, 965-1080): calling the cached function returns an
awaitable; awaiting it looks the key up and, on a miss, awaits the body and caches its value.
Before 1.64 the function is called like any other: the coroutine it returns is the result
(cache_data cannot pickle it; cache_resource hands the one coroutine to every caller, and a second
await raises RuntimeError). The body of such a coroutine runs when it is awaited, outside the
cached call, so its elements are not recorded.

`refresh_mode="background"` (1.61.1; 1.67.0 cache_utils.py:785-803, 1082-1193): a hit past the ttl
serves the stale value and starts one refresh of that key, which runs the body without a script
run (no page, no session: session state reads fail, session-scoped caches raise) and stores the
new value; a refresh that fails is not retried for 60 s. In background mode nothing is replayed on
hits: a body that shows anything on its miss gets CachedStFunctionInBackgroundModeWarning, and no
elements are stored (`_store_computed_value`, cache_utils.py:914-925). The model runs the refresh
when the script run that triggered it ends (Streamlit starts it on a worker thread at once); runs
that come later see its value, as they do in Streamlit once the worker is done.
"""

from __future__ import annotations

import datetime
import functools
import inspect
import math
import numbers
import re
import threading
from dataclasses import dataclass
from typing import Any, Callable, ContextManager, Optional

from lint_cache.runtime.caches import CacheEvent, CacheOptions, CacheRegistry, FunctionCache, Hit
from lint_cache.runtime.errors import (
    NamedStreamlitError,
    SimulationError,
    StreamlitAPIException,
    UnserializableReturnValueError,
    as_streamlit_raises,
    streamlit_name,
)
from lint_cache.runtime.hashing import function_key, value_key
from lint_cache.runtime.inputs import stale_reads
from lint_cache.runtime.replay import Capture
from lint_cache.runtime.session import ScriptRun, current_run, show_deprecation
from lint_cache.runtime.versions import REFRESH_ERRORS_TYPED, SCOPE_ERROR_TYPED, Release


class FunctionStats:
    """What the server knows about one function key, whichever decorator call created it."""

    def __init__(self, qualname: str, line: int) -> None:
        self.qualname = qualname
        self.line = line
        self.scope = "global"  # "session" once a decorator with scope="session" made it
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
    how often each body ran, the release, and a way to run code outside any script run (a
    background refresh's worker thread)."""

    caches: CacheRegistry
    function_stats: FunctionStatsTable
    release: Release
    without_script_run: Callable[[], ContextManager[None]]


BACKGROUND_WARNING = "CachedStFunctionInBackgroundModeWarning"


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
        release = store.release
        # 1.64.0 CachedFuncInfo.__init__ (cache_utils.py:584-600): checked when decorating.
        self.awaits = release.awaits_async_functions and inspect.iscoroutinefunction(func)
        if release.awaits_async_functions and inspect.isasyncgenfunction(func):
            raise StreamlitAPIException(
                "Async-generator functions cannot be cached. Async generators produce streams that are one-shot "
                "iterators, rather than a single cacheable result."
            )
        if self.awaits and options.background_refresh:
            raise NamedStreamlitError(
                "StreamlitValueError",
                "Background refresh is not supported for coroutine functions (`async def`). "
                'Use `refresh_mode="foreground"`.',
            )
        self.store = store
        self.func = func
        self.shares_result = shares_result
        self.options = options
        self.allows_widgets = allows_widgets
        self.qualname = func.__qualname__
        self.key = function_key(func)
        self.stats = store.function_stats.stats_for(self.key, self.qualname, definition_line(func))
        if options.session_scope:
            self.stats.scope = "session"
        self._body = func
        if inspect.iscoroutinefunction(func) and not self.awaits:
            # Before 1.64 the call returns the coroutine; its body runs (and counts) when awaited.
            self._body = self._counted_coroutine_function(func)
        functools.update_wrapper(self, func)

    def __get__(self, instance: Any, owner: Any = None) -> Any:
        """Decorated methods get the instance as their first argument, as a plain function would."""
        if instance is None:
            return self
        bound = functools.partial(self, instance)
        bound.clear = functools.partial(self.clear, instance)
        return bound

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self.awaits:
            return self._get_or_create_async(args, kwargs)
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
                    self._reject_awaitable(value)
                    self._store_computed(run, cache, key, value, records, reads, widget_values)
                    return self._handed_out(run, key, value)
        elif hit.stale:
            self._refresh_in_background(run, cache, key, args, kwargs)
        return self._serve(run, cache, key, hit)

    async def _get_or_create_async(self, args: tuple, kwargs: dict) -> Any:
        """1.64+: the awaitable an `async def` cached function returns. One computation per key is
        not enforced across tasks (Streamlit shares a future); the model runs one task at a time."""
        run = current_run()
        cache = self._cache(run)
        key = value_key(self.func, args, kwargs, self.options.hash_funcs)
        widget_values = run.session.state.present_widget_values
        hit = cache.read(key, widget_values)
        if hit is not None:
            return self._serve(run, cache, key, hit)
        capture = Capture(self, self.shares_result, self.allows_widgets)
        run.enter_cached_function(capture)
        try:
            self.stats.count_body_run()
            value = await self.func(*args, **kwargs)
        finally:
            run.exit_cached_function(capture)
        self._store_computed(run, cache, key, value, capture.records, capture.reads, widget_values)
        return self._handed_out(run, key, value)

    def _serve(self, run: ScriptRun, cache: FunctionCache, key: str, hit: Hit) -> Any:
        reads = cache.inputs.get(key, [])
        run.session.events.extend(stale_reads(reads, run.session.name, run.session.current_value, self.qualname))
        if not self.options.background_refresh:
            run.replay(hit.records, self.qualname)
        return self._handed_out(run, key, hit.value)

    def _store_computed(
        self, run: ScriptRun, cache: FunctionCache, key: str, value: Any, records: list, reads: list, widget_values
    ) -> None:
        if self.options.background_refresh:
            if records:
                run.show_element(run.session.main, "exception", BACKGROUND_WARNING, origin=self.qualname)
            records = []
        try:
            cache.write(key, value, records, widget_values)
        except UnserializableReturnValueError:
            if inspect.iscoroutine(value) and inspect.getcoroutinestate(value) == inspect.CORO_CREATED:
                value.close()  # never awaited: closed, so that Python does not warn about it
            raise
        cache.inputs[key] = reads

    def _reject_awaitable(self, value: Any) -> None:
        """1.65+: a sync cached function that returns an awaitable raises (an unstarted coroutine is closed)."""
        if not self.store.release.rejects_returned_awaitables or not inspect.isawaitable(value):
            return
        if inspect.iscoroutine(value) and inspect.getcoroutinestate(value) == inspect.CORO_CREATED:
            value.close()
        decorator = "cache_resource" if self.shares_result else "cache_data"
        raise NamedStreamlitError(
            "CachedFunctionReturnedAwaitableError",
            f"`{self.qualname}()` is a synchronous function decorated with `st.{decorator}`, but it returned an "
            f"awaitable of type `{type(value).__module__}.{type(value).__qualname__}`.",
        )

    def _refresh_in_background(self, run: ScriptRun, cache: FunctionCache, key: str, args: tuple, kwargs: dict) -> None:
        """A stale hit: refresh the key once, unless a refresh of it is pending or failed recently."""
        if key in cache.refreshing or cache.in_cooldown(key):
            return
        cache.refreshing.add(key)
        run.after_run.append(lambda: self._refresh(cache, key, args, kwargs))

    def _refresh(self, cache: FunctionCache, key: str, args: tuple, kwargs: dict) -> None:
        try:
            with self.store.without_script_run():
                value = self._call_body(args, kwargs)
            self._reject_awaitable(value)
            written = cache.write_refreshed(key, value)
        except SimulationError:
            raise
        except Exception as error:  # noqa: BLE001 - Streamlit logs any failure and retries after a cooldown
            cache.refresh_failed(key)
            cache.report(CacheEvent("refresh failed", self.qualname, f"{streamlit_name(error)}: {error}"))
        else:
            cache.report(CacheEvent("refreshed", self.qualname, "stored" if written else "discarded"))
        finally:
            cache.refreshing.discard(key)

    def _handed_out(self, run: ScriptRun, key: str, value: Any) -> Any:
        if self.shares_result:
            run.hand_out_shared(self.qualname, key, value)
        return value

    def clear(self, *args: Any, **kwargs: Any) -> None:
        cache = self._cache(current_run())
        cache.clear(value_key(self.func, args, kwargs, self.options.hash_funcs) if args or kwargs else None)

    def _cache(self, run: ScriptRun) -> FunctionCache:
        if self.options.session_scope and run.session.background:
            # get_session_id_or_throw (1.53.1-1.67.0 cache_utils.py): a refresh has no script run.
            raise StreamlitAPIException(
                "A session-scoped cache was accessed outside of the app execution thread. Make sure all "
                "session-scoped caches are read during rendering and not read in background threads."
            )
        return self.store.caches.cache_for(self.key, self.qualname, self.shares_result, self.options, run.session.id)

    def _compute(self, run: ScriptRun, args: tuple, kwargs: dict) -> tuple[Any, list, list]:
        capture = Capture(self, self.shares_result, self.allows_widgets)
        run.enter_cached_function(capture)
        try:
            value = self._call_body(args, kwargs)
        finally:
            run.exit_cached_function(capture)
        return value, capture.records, capture.reads

    def _call_body(self, args: tuple, kwargs: dict) -> Any:
        if self._body is self.func:
            self.stats.count_body_run()
        return self._body(*args, **kwargs)

    def _counted_coroutine_function(self, func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        async def started(*args: Any, **kwargs: Any) -> Any:
            self.stats.count_body_run()
            return await func(*args, **kwargs)

        return started


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
        parsed = parse_options(options, self.release, self.shares_result)
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


def parse_options(options: dict[str, Any], release: Release, shares_result: bool) -> CacheOptions:
    """The decorator's options, checked in the order `CacheDataAPI._decorator` /
    `CacheResourceAPI._decorator` check them (1.67.0 cache_data_api.py:808-840,
    cache_resource_api.py:714-720), with the exception each release raises."""
    persist = options.get("persist")
    if persist not in (None, False, True, "disk"):
        raise as_streamlit_raises(
            ValueError(f"Unsupported persist option '{persist}'. Valid values are 'disk' or None.")
        )
    scope = options.get("scope", "global")
    if scope not in ("global", "session"):
        raise NamedStreamlitError(
            release.option_error(SCOPE_ERROR_TYPED, "StreamlitValueError"),
            f"Unsupported scope option '{scope}'. Valid values are 'global' or 'session'.",
        )
    max_size = max_size_bytes(options.get("max_size"))
    refresh_mode = options.get("refresh_mode", "foreground")
    background = check_refresh_mode(refresh_mode, options.get("ttl"), release)
    if background and persist not in (None, False):
        raise NamedStreamlitError(
            release.option_error(REFRESH_ERRORS_TYPED, "StreamlitIncompatibleParametersError"),
            "refresh_mode='background' is not compatible with persist: persisted caches do not expire.",
        )
    if shares_result and release.awaits_async_functions:
        for callback in ("validate", "on_release"):
            if is_async_callable(options.get(callback)):
                raise StreamlitAPIException(
                    f"The `{callback}` callback of `st.cache_resource` must be a synchronous function."
                )
    max_entries = options.get("max_entries")
    return CacheOptions(
        ttl_seconds=ttl_seconds(options.get("ttl")),
        max_entries=math.inf if max_entries is None else max_entries,
        persist=persist in (True, "disk"),
        validate=options.get("validate"),
        hash_funcs=options.get("hash_funcs"),
        allow_widgets=bool(options.get("experimental_allow_widgets", False)),
        session_scope=scope == "session",
        on_release=options.get("on_release"),
        max_size_bytes=max_size,
        background_refresh=background,
    )


def check_refresh_mode(refresh_mode: Any, ttl: Any, release: Release) -> bool:
    """`validate_refresh_mode` (1.61.1-1.67.0 cache_utils.py): whether the mode is "background"."""
    if refresh_mode not in ("foreground", "background"):
        raise NamedStreamlitError(
            "StreamlitValueError", f"Invalid refresh_mode {refresh_mode!r}: use 'foreground' or 'background'."
        )
    if refresh_mode == "foreground":
        return False
    if ttl is None:
        raise NamedStreamlitError(
            release.option_error(REFRESH_ERRORS_TYPED, "StreamlitMissingRequiredParameterError"),
            'refresh_mode="background" requires a ttl: set a positive `ttl` or use refresh_mode="foreground".',
        )
    if ttl_seconds(ttl) <= 0:
        raise NamedStreamlitError(
            release.option_error(REFRESH_ERRORS_TYPED, "StreamlitValueError"),
            'Background refresh requires a positive `ttl` or refresh_mode="foreground".',
        )
    return True


def is_async_callable(callback: Any) -> bool:
    """1.64.0 cache_resource_api._is_async_callable: a coroutine or async generator function, or an
    object whose `__call__` is one."""
    if callback is None:
        return False
    call = type(callback).__call__
    return any(
        check(target)
        for target in (callback, call)
        for check in (inspect.iscoroutinefunction, inspect.isasyncgenfunction)
    )


# `byte_util.cache_data_max_size_to_bytes` (1.67.0): a number and a binary unit, powers of 1024.
BYTE_SIZE = re.compile(
    r"(?P<value>(?:\d+(?:\.\d*)?|\.\d+)) ?(?P<unit>b|(?:k|ki)b|(?:m|mi)b|(?:g|gi)b|(?:t|ti)b)", re.I | re.A
)
BYTE_UNITS = {"b": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}


def max_size_bytes(value: Any) -> Optional[int]:
    """`max_size=` in bytes: an int is bytes, a string needs a unit ("500MB", "1.5GiB", rounded down)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (numbers.Integral, str)):
        raise NamedStreamlitError(
            "StreamlitInvalidParameterTypeError", f"max_size must be an int or a str, not {type(value).__name__}"
        )
    if isinstance(value, str):
        match = BYTE_SIZE.fullmatch(value)
        whole, _, fraction = match.group("value").partition(".") if match else ("", "", "")
        digits = f"{whole or '0'}{fraction}"
        if match is None or len(digits) > 100:
            raise NamedStreamlitError("StreamlitValueError", f"max_size={value!r} is not a positive byte size")
        size = int(digits) * BYTE_UNITS[match.group("unit")[0].lower()] // 10 ** len(fraction)
    else:
        size = int(value)
    if size <= 0:
        raise NamedStreamlitError("StreamlitValueError", f"max_size={value!r} is not a positive byte size")
    return size


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
