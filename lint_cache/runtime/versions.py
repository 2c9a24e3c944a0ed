"""The Streamlit releases whose caching behaviour the reference runtime encodes.

Each boundary is the first release with the change (design §1.1), checked in the wheels around
it (the caching package, `streamlit/__init__.py`, `elements/lib/policies.py`); where only a bracket
was checked the comment names it. The runtime keeps its own table rather than the linter's: it is
the yardstick the linter is measured against.
"""

from __future__ import annotations

from dataclasses import dataclass

from packaging.version import Version

OLDEST_MODELLED = Version("1.15")  # widget replay (MultiCacheResults) first shipped here
CACHE_DATA_ADDED = Version("1.18")  # st.cache_data / st.cache_resource, `validate=`
HASH_FUNCS_ADDED = Version("1.24")  # absent from 1.23.0's CacheDataAPI, present in 1.24.0
CACHED_WIDGET_WARNING_ADDED = Version("1.34")  # replaces CachedStFunctionWarning (1.33.0 still has it)
ALLOW_WIDGETS_DEPRECATED = Version("1.36")  # show_widget_replay_deprecation at decoration
ST_CACHE_ALIAS_ADDED = Version("1.36")  # legacy_cache_api.cache -> cache_data / cache_resource
MEMO_SINGLETON_REMOVED = Version("1.37")  # gone from streamlit/__init__.py, with experimental_rerun
FRAGMENT_ADDED = Version("1.37")  # st.fragment (1.36.0 only has experimental_fragment)
WIDGET_REPLAY_REMOVED = Version("1.38")  # no MultiCacheResults; widgets replayed without registration
SHOW_TIME_ADDED = Version("1.47")  # cache_data_api.py: absent in 1.46.1, present in 1.47.1
STYLE_HTML_TO_EVENTS = Version("1.45")  # style-only st.html goes to the event container (1.44.0: main)
ALLOW_WIDGETS_REMOVED = Version("1.49")  # no longer a parameter: TypeError at decoration
SCOPE_ADDED = Version("1.53")  # scope= and on_release=: absent in 1.52.2, present in 1.53.1
REFRESH_MODE_ADDED = Version("1.61")  # absent in 1.60.0, present in 1.61.1 (cache_utils.py)
ST_CACHE_REMOVED = Version("1.62")  # in 1.61.0, gone from 1.62.0
# Invalid scope=: StreamlitAPIException through 1.61.1, StreamlitValueError from 1.62.0 (cache_data_api.py).
SCOPE_ERROR_TYPED = Version("1.62")
# refresh_mode="background" without a positive ttl, or with persist: StreamlitAPIException in 1.61.1
# and 1.62.0; StreamlitMissingRequiredParameterError / StreamlitValueError /
# StreamlitIncompatibleParametersError from 1.63.0 (cache_utils.validate_refresh_mode, cache_data_api.py).
REFRESH_ERRORS_TYPED = Version("1.63")
# `async def` cached: CachedFuncInfo.is_async awaits the coroutine and caches its value (1.64.0
# cache_utils.py:584-600, absent in 1.63.0, where calling the function returns a coroutine and that
# object is what is cached); async generators and async + refresh_mode="background" raise at
# decoration; async validate / on_release raise (cache_resource_api.py:106).
ASYNC_AWAITED = Version("1.64")
# A sync cached function returning an awaitable raises CachedFunctionReturnedAwaitableError
# (1.65.0 cache_utils.py:143, _reject_awaitable_return_value; 1.64.0 caches the awaitable).
RETURNED_AWAITABLE_RAISES = Version("1.65")
MAX_SIZE_ADDED = Version("1.67")  # absent in 1.66.1 (cache_data_api.py, byte_util.py)
# server.maxCacheDataSize: one LRU byte budget over the in-memory cache_data entries of the process
# (1.67.0 config.py:980, runtime/caching/global_cache_budget.py); absent in 1.66.1.
SERVER_BUDGET_ADDED = Version("1.67")
# refresh_mode="background": entries are evicted ("hard" expiry) at ttl x this, served stale between
# ttl and then (1.61.1 BACKGROUND_REFRESH_TTL_MULTIPLIER; from 1.63.0 the default of
# runner.cacheBackgroundRefreshTTLMultiplier, cache_utils.py:106 in 1.67.0).
BACKGROUND_HARD_TTL_MULTIPLIER = 2.0
# A failed background refresh is not retried for this long (cache_utils._FAILURE_COOLDOWN_SECONDS,
# 1.61.1-1.67.0).
BACKGROUND_FAILURE_COOLDOWN = 60.0
# Per-session request data (the commit adding each to streamlit/__init__.py; wheels 1.44.1/1.45.0
# for st.user, 1.53.0/1.54.0 for the removal of st.experimental_user).
EXPERIMENTAL_USER_ADDED = Version("1.10")
QUERY_PARAMS_ADDED = Version("1.30")
CONTEXT_ADDED = Version("1.37")
USER_ADDED = Version("1.45")
EXPERIMENTAL_USER_REMOVED = Version("1.54")


@dataclass(frozen=True)
class Release:
    """What one Streamlit release does, as the flags the runtime reads."""

    version: Version

    @property
    def has_cache_data(self) -> bool:
        return self.version >= CACHE_DATA_ADDED

    @property
    def has_memo_and_singleton(self) -> bool:
        return self.version < MEMO_SINGLETON_REMOVED

    @property
    def st_cache(self) -> str:
        """ "legacy" (not modelled), "alias" (maps to cache_data / cache_resource) or "removed"."""
        if self.version < ST_CACHE_ALIAS_ADDED:
            return "legacy"
        if self.version < ST_CACHE_REMOVED:
            return "alias"
        return "removed"

    @property
    def replays_widgets(self) -> bool:
        """Widget replay with experimental_allow_widgets=True (1.15-1.37)."""
        return self.version < WIDGET_REPLAY_REMOVED

    @property
    def accepts_allow_widgets(self) -> bool:
        return self.version < ALLOW_WIDGETS_REMOVED

    @property
    def deprecates_allow_widgets(self) -> bool:
        return ALLOW_WIDGETS_DEPRECATED <= self.version < ALLOW_WIDGETS_REMOVED

    @property
    def has_experimental_rerun(self) -> bool:
        return self.version < MEMO_SINGLETON_REMOVED

    @property
    def has_fragment(self) -> bool:
        return self.version >= FRAGMENT_ADDED

    @property
    def sends_style_html_to_events(self) -> bool:
        return self.version >= STYLE_HTML_TO_EVENTS

    @property
    def awaits_async_functions(self) -> bool:
        return self.version >= ASYNC_AWAITED

    @property
    def rejects_returned_awaitables(self) -> bool:
        return self.version >= RETURNED_AWAITABLE_RAISES

    @property
    def has_server_budget(self) -> bool:
        return self.version >= SERVER_BUDGET_ADDED

    def option_error(self, typed_from: Version, typed: str) -> str:
        """The name of the exception an invalid option raises: `typed` from `typed_from`, before
        that StreamlitAPIException."""
        return typed if self.version >= typed_from else "StreamlitAPIException"

    @property
    def widget_warning_code(self) -> str:
        return "CachedWidgetWarning" if self.version >= CACHED_WIDGET_WARNING_ADDED else "CachedStFunctionWarning"

    def cache_options(self, shares_result: bool) -> frozenset[str]:
        """The keyword options the decorator accepts; any other raises TypeError as in Streamlit."""
        options = {"ttl", "max_entries", "show_spinner"}
        options.add("validate" if shares_result else "persist")
        if self.accepts_allow_widgets:
            options.add("experimental_allow_widgets")
        if self.version >= HASH_FUNCS_ADDED:
            options.add("hash_funcs")
        if self.version >= SHOW_TIME_ADDED:
            options.add("show_time")
        if self.version >= SCOPE_ADDED:
            options.add("scope")
            if shares_result:
                options.add("on_release")
        if self.version >= REFRESH_MODE_ADDED:
            options.add("refresh_mode")
        if self.version >= MAX_SIZE_ADDED and not shares_result:
            options.add("max_size")
        return frozenset(options)
