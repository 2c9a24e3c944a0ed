"""What lint-cache knows about Streamlit's API, as data (design §1).

Adding a widget, a command or a version boundary is one row here, not new code. Versions are the
first release with the change, as verified in Streamlit's source and wheels (design §1.1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Mapping, Optional

from packaging.version import InvalidVersion, Version

LATEST_KNOWN = Version("1.67")
# The releases a requirement specifier is matched against (the newest that satisfies it is what pip
# installs): every minor release from 0.89 (the first with memo and singleton) to LATEST_KNOWN.
# Rules read minor releases only; a pin's own patch release is matched too.
KNOWN_RELEASES: tuple[Version, ...] = (
    Version("0.89.0"),
    *(Version(f"1.{minor}.0") for minor in range(LATEST_KNOWN.minor + 1)),
)
# The oldest release the rules' version boundaries cover: every boundary below (design §1.1) is later.
OLDEST_KNOWN = Version("1.0")


def known_range() -> str:
    """`1.0–1.67`: the releases lint-cache knows, for `--version` and notes."""
    return f"{OLDEST_KNOWN}–{LATEST_KNOWN}"


def outside_known(target: Version) -> bool:
    return not OLDEST_KNOWN <= Version(f"{target.major}.{target.minor}") <= LATEST_KNOWN


def checked_as(target: Version) -> Version:
    """The release whose behaviour the rules apply for `target`: itself within the known range, else
    the nearest known release (the note of `outside_known_note` says so)."""
    return min(max(target, OLDEST_KNOWN), LATEST_KNOWN) if outside_known(target) else target


def outside_known_note(target: Version) -> str:
    nearest = LATEST_KNOWN if target > LATEST_KNOWN else OLDEST_KNOWN
    return (
        f"Streamlit {target} is outside the releases lint-cache knows ({known_range()}); "
        f"it is checked as Streamlit {nearest} behaves"
    )


def version(text: str) -> Version:
    return Version(text)


# §1.1: the version boundaries the rules read.
ELEMENTS_REPLAYED = version("1.12")  # static st.* elements inside cached functions recorded and replayed
WIDGET_REPLAY_ADDED = version("1.15")  # experimental_allow_widgets on memo/singleton
CACHE_DATA_ADDED = version("1.18")  # cache_data / cache_resource; st.cache & co. deprecated
ALLOW_WIDGETS_DEPRECATED = version("1.36")  # warning on every run
# st.cache becomes an alias of cache_data / cache_resource. Before, it had its own hasher, which
# hashes plain objects, locks, connections and functions (only generators fail).
ST_CACHE_ALIASED = version("1.36")
WIDGET_REPLAY_REMOVED = version("1.38")  # opt-in accepted but ignored
ALLOW_WIDGETS_REMOVED = version("1.49")  # TypeError at decoration
# st.set_page_config's first-command check (ScriptRunContext / errors.py) is gone in 1.46.1; 1.45.1
# still raises StreamlitSetPageConfigMustBeFirstCommandError, so inside a cached function it fails.
SET_PAGE_CONFIG_RUNS_ONCE = version("1.46")
# A ttl cache drops every expired entry on each write, so a ttl bounds the entries to those written
# within one ttl window (design §1.4): cachetools' TTLCache from 1.0.0 (caching/memo_decorator.py),
# Streamlit's own runtime/caching/ttl_cache.py from 1.60.0, which keeps that behaviour.
TTL_EXPIRES_ON_WRITE = OLDEST_KNOWN
# st.form calls check_cache_replay_rules() from 1.34.0 (elements/form.py): a CachedWidgetWarning in a
# cached function without the opt-in. Before, a form is a block, which never warned.
FORM_CHECKED_AS_WIDGET = version("1.34")


@dataclass(frozen=True)
class Stage:
    """How an API stands from a release on, for messages: `state` follows its name ("is deprecated
    since Streamlit 1.18 ..."); `fails` when using it raises from then on."""

    since: Version
    state: str
    fails: bool


def stage_at(stages: tuple[Stage, ...], at: Version) -> Optional[Stage]:
    """The stage in force at `at` (stages newest first), or None while the API is current."""
    return next((stage for stage in stages if at >= stage.since), None)


@dataclass(frozen=True)
class CacheDecorator:
    """One of Streamlit's caching decorators."""

    name: str
    shares_result: bool  # True: cache_resource semantics (one shared object); False: a copy per call
    # Results are pickled, so they can be persisted and must be picklable. The legacy st.cache kept
    # its results in memory (and from 1.36 is an alias, read through `behaves_as`).
    pickles_result: bool = False
    replacement: Optional[str] = None  # what to use instead, for deprecated decorators
    deprecated_in: Optional[Version] = None
    removed_in: Optional[Version] = None
    accepts_allow_widgets: bool = True

    @property
    def stages(self) -> tuple[Stage, ...]:
        stages = []
        if self.removed_in is not None:
            stages.append(Stage(self.removed_in, f"was removed in Streamlit {self.removed_in} (AttributeError)", True))
        if self.deprecated_in is not None:
            stages.append(
                Stage(
                    self.deprecated_in,
                    f"is deprecated since Streamlit {self.deprecated_in} and removed in {self.removed_in}",
                    False,
                )
            )
        return tuple(stages)

    def removed_at(self, at: Version) -> bool:
        return self.removed_in is not None and at >= self.removed_in

    def import_error(self, instead: str) -> str:
        """The message for `from streamlit import <name>` once the name is gone."""
        return (
            f"`from streamlit import {self.name}` raises ImportError since Streamlit {self.removed_in}: "
            f"import {instead} instead"
        )


CACHE_DECORATORS: dict[str, CacheDecorator] = {
    decorator.name: decorator
    for decorator in (
        CacheDecorator("cache_data", shares_result=False, pickles_result=True),
        CacheDecorator("cache_resource", shares_result=True),
        # st.cache maps to cache_resource with allow_output_mutation=True, else cache_data (1.36).
        CacheDecorator(
            "cache",
            shares_result=False,
            replacement="cache_data",
            deprecated_in=CACHE_DATA_ADDED,
            removed_in=version("1.62"),
            accepts_allow_widgets=False,
        ),
        CacheDecorator(
            "experimental_memo",
            shares_result=False,
            pickles_result=True,
            replacement="cache_data",
            deprecated_in=CACHE_DATA_ADDED,
            removed_in=version("1.37"),
        ),
        CacheDecorator(
            "experimental_singleton",
            shares_result=True,
            replacement="cache_resource",
            deprecated_in=CACHE_DATA_ADDED,
            removed_in=version("1.37"),
        ),
    )
}

# Modules that have exported the decorators over the years; `from <module> import cache_data`
# means the same as `st.cache_data`.
CACHE_MODULES = (
    "streamlit.runtime.caching",
    "streamlit.runtime.legacy_caching",
    "streamlit.legacy_caching",
    "streamlit.caching",
)

ALLOW_WIDGETS_OPTION = "experimental_allow_widgets"


@dataclass(frozen=True)
class CacheOption:
    """A keyword option of the cache decorators: who takes it, from when, until when."""

    name: str
    decorators: frozenset[str]
    since: Version
    removed_in: Optional[Version] = None
    since_for: Mapping[str, Version] = field(default_factory=dict)  # decorators that had it earlier or later
    removed_for: Mapping[str, Version] = field(default_factory=dict)  # decorators that lost it earlier

    def first_release(self, decorator: str) -> Version:
        return self.since_for.get(decorator, self.since)

    def removed_release(self, decorator: str) -> Optional[Version]:
        return self.removed_for.get(decorator, self.removed_in)

    def accepted(self, decorator: str, at: Version) -> bool:
        removed = self.removed_release(decorator)
        return (
            decorator in self.decorators and at >= self.first_release(decorator) and (removed is None or at < removed)
        )


_NEW = frozenset({"cache_data", "cache_resource"})
_DATA = frozenset({"cache_data", "experimental_memo", "cache"})
_ALL = frozenset(CACHE_DECORATORS)

# Decorator options: the keyword parameters of each decorator's signature in the wheels (tested
# against lint_cache/knowledge/releases.json, read from every release by tools/releases/). From
# 1.18 memo and singleton are CacheDataAPI / CacheResourceAPI instances and take their options.
_MEMO_SINGLETON_ARE_NEW_APIS = CACHE_DATA_ADDED
CACHE_OPTIONS: dict[str, CacheOption] = {
    option.name: option
    for option in (
        # singleton_decorator.py takes ttl and max_entries from 1.16.0.
        CacheOption("ttl", _ALL, version("0.89"), since_for={"experimental_singleton": version("1.16")}),
        CacheOption("max_entries", _ALL, version("0.89"), since_for={"experimental_singleton": version("1.16")}),
        CacheOption("show_spinner", _ALL, version("0.89")),
        CacheOption("persist", _DATA, version("0.89")),
        CacheOption(
            "suppress_st_warning",
            frozenset({"cache", "experimental_memo", "experimental_singleton"}),
            version("0.89"),
            removed_for={
                "experimental_memo": _MEMO_SINGLETON_ARE_NEW_APIS,
                "experimental_singleton": _MEMO_SINGLETON_ARE_NEW_APIS,
            },
        ),
        CacheOption("allow_output_mutation", frozenset({"cache"}), version("0.89")),
        CacheOption("hash_funcs", _ALL, version("1.24"), since_for={"cache": version("0.89")}),
        # singleton_decorator.py takes validate from 1.17.0.
        CacheOption(
            "validate",
            frozenset({"cache_resource", "experimental_singleton"}),
            version("1.18"),
            since_for={"experimental_singleton": version("1.17")},
        ),
        CacheOption(
            ALLOW_WIDGETS_OPTION,
            _ALL - {"cache"},
            WIDGET_REPLAY_ADDED,
            removed_in=ALLOW_WIDGETS_REMOVED,
        ),
        CacheOption("show_time", _NEW, version("1.47")),  # cache_data_api.py 1.47.1 (st.spinner had it from 1.42)
        CacheOption("scope", _NEW, version("1.53")),
        CacheOption("on_release", frozenset({"cache_resource"}), version("1.53")),
        CacheOption("refresh_mode", _NEW, version("1.61")),
        CacheOption("max_size", frozenset({"cache_data"}), version("1.67")),
    )
}


# What to write instead of an option the decorator rejects (STC210), by (option, decorator); a None
# decorator is the advice for every decorator.
OPTION_ADVICE: dict[tuple[str, Optional[str]], str] = {
    ("allow_output_mutation", None): (
        "use st.cache_resource for one object shared by every run (what allow_output_mutation=True meant), "
        "or drop the option for a copy per call"
    ),
    ("suppress_st_warning", None): "remove it: the new decorators have no such warning to suppress",
    ("persist", "cache_resource"): "resources are never persisted; use st.cache_data to persist a result",
    ("validate", "cache_data"): "validate is st.cache_resource's; remove it",
    ("on_release", "cache_data"): "on_release is st.cache_resource's (cache_data returns copies); remove it",
    ("max_size", "cache_resource"): "max_size bounds st.cache_data only; use max_entries",
}
# Options whose removal changes nothing but what is shown while the function runs: a safe fix.
COSMETIC_OPTIONS = frozenset({"suppress_st_warning", "show_time"})
REFRESH_MODES = frozenset({"foreground", "background"})
# `async def` cached functions: the awaited value is cached from 1.64.0 (runtime/caching/cache_utils.py,
# which also refuses async generator functions from then on).
ASYNC_CACHED_FUNCTIONS = version("1.64")
# A sync cached function that returns an awaitable raises CachedFunctionReturnedAwaitableError from
# 1.65.0 (runtime/caching/cache_errors.py).
RETURNED_AWAITABLE_RAISES = version("1.65")
# `server.maxCacheDataSize` (1.67.0 config.py): one LRU byte budget over every in-memory cache_data entry.
SERVER_CACHE_DATA_BUDGET = version("1.67")
# Library calls that return an awaitable (a task, a future or a coroutine) rather than a value.
AWAITABLE_FACTORIES = frozenset(
    {"asyncio.create_task", "asyncio.ensure_future", "asyncio.gather", "asyncio.wait_for", "asyncio.sleep"}
)
# Commands under `st.` that display nothing (no element, no widget): what a background refresh may
# call. Everything else warns there (CachedStFunctionInBackgroundModeWarning, 1.61.1 cache_errors.py).
# (Session-state calls are reads or writes, which STC111 reports as such.)
NON_DISPLAY_COMMANDS = frozenset({"secrets", "cache_data", "cache_resource", "connection"})


def options_missing_from(source: str, target: str) -> frozenset[str]:
    """The options decorator `source` takes (in any release) that `target` never takes: what a
    switch from one to the other must drop or cannot carry."""
    return frozenset(
        name
        for name, option in CACHE_OPTIONS.items()
        if source in option.decorators and target not in option.decorators
    )


# Options only st.cache had; both its replacements reject them.
LEGACY_ONLY_OPTIONS = options_missing_from("cache", "cache_data") & options_missing_from("cache", "cache_resource")

# The opt-in's stages (design §1.1), newest first.
ALLOW_WIDGETS_STAGES = (
    Stage(
        ALLOW_WIDGETS_REMOVED, f"raises TypeError since Streamlit {ALLOW_WIDGETS_REMOVED} (widget replay is gone)", True
    ),
    Stage(
        WIDGET_REPLAY_REMOVED,
        f"is ignored since Streamlit {WIDGET_REPLAY_REMOVED} and raises TypeError from {ALLOW_WIDGETS_REMOVED}",
        False,
    ),
    Stage(
        ALLOW_WIDGETS_DEPRECATED,
        f"is deprecated since Streamlit {ALLOW_WIDGETS_DEPRECATED} (widget replay goes in {WIDGET_REPLAY_REMOVED})",
        False,
    ),
)


@dataclass(frozen=True)
class Widget:
    """A command that registers widget state (design §1.2).

    `values` names the value space the blow-up estimator reads (design §1.5).
    """

    name: str
    values: str
    unsupported_in_cache: bool = False  # the docs say it cannot be used inside a cached function


WIDGETS: dict[str, Widget] = {
    widget.name: widget
    for widget in (
        Widget("button", "boolean"),
        Widget("download_button", "boolean"),
        Widget("form_submit_button", "boolean"),
        Widget("checkbox", "boolean"),
        Widget("toggle", "boolean"),
        Widget("radio", "choice"),
        Widget("selectbox", "choice"),
        Widget("multiselect", "multichoice"),
        Widget("pills", "pills"),
        Widget("segmented_control", "pills"),
        Widget("select_slider", "select_slider"),
        Widget("slider", "slider"),
        Widget("number_input", "number"),
        Widget("date_input", "date"),
        Widget("time_input", "time"),
        Widget("datetime_input", "unknown"),
        Widget("color_picker", "color"),
        Widget("feedback", "feedback"),
        Widget("text_input", "unbounded"),
        Widget("text_area", "unbounded"),
        Widget("chat_input", "unbounded"),
        Widget("data_editor", "unbounded"),
        Widget("experimental_data_editor", "unbounded"),
        Widget("audio_input", "unbounded"),
        Widget("experimental_audio_input", "unbounded"),  # 1.39–1.44, then audio_input
        Widget("menu_button", "unknown"),
        Widget("pagination", "unknown"),
        Widget("form", "none"),
        Widget("file_uploader", "unbounded", unsupported_in_cache=True),
        Widget("camera_input", "unbounded", unsupported_in_cache=True),
    )
}

# Each widget's leading positional parameters (those the value count reads), as in 1.35–1.67.
WIDGET_POSITIONAL_PARAMETERS: dict[str, tuple[str, ...]] = {
    "slider": ("label", "min_value", "max_value", "value", "step"),
    "number_input": ("label", "min_value", "max_value", "value", "step"),
    "select_slider": ("label", "options", "value"),
    "selectbox": ("label", "options", "index"),
    "radio": ("label", "options", "index"),
    "multiselect": ("label", "options", "default"),
    "pills": ("label", "options"),
    "segmented_control": ("label", "options"),
    "date_input": ("label", "value", "min_value", "max_value"),
    "time_input": ("label", "value"),
    "color_picker": ("label", "value"),
    "feedback": ("options",),
}

# Charts and dataframes are widgets when selections are on: `on_select` other than "ignore".
SELECTABLE_ELEMENTS = frozenset(
    {"dataframe", "plotly_chart", "altair_chart", "vega_lite_chart", "pydeck_chart", "echarts_chart"}
)
# Link buttons are widgets when clicks are on: `on_click` other than "ignore" (link_button takes
# key and on_click from 1.56.0, elements/widgets/button.py; its default is "ignore").
CLICKABLE_ELEMENTS = frozenset({"link_button"})
# Layout containers that keep state (newer releases): `on_change` other than "ignore", or
# `bind="query-params"`.
STATEFUL_CONTAINERS = frozenset({"tabs", "expander", "popover"})

# Commands that create containers; calls on the result place elements inside them.
# `beta_container` / `beta_expander` until 1.22 (streamlit/__init__.py), `skeleton` from 1.59, `grid`
# and its `.cell()` from 1.67.
CONTAINER_FACTORIES = frozenset(
    {
        "container",
        "expander",
        "popover",
        "empty",
        "form",
        "chat_message",
        "status",
        "skeleton",
        "grid",
        "cell",
        "beta_container",
        "beta_expander",
    }
)
# Containers that exist before any cached function runs: `st.bottom` (public from 1.57). Calls on
# them inside a cached function fail on replay like calls on any container made outside.
OUTSIDE_ROOT_CONTAINERS = frozenset({"bottom"})
# Commands that return a list of containers.
CONTAINER_LIST_FACTORIES = frozenset({"columns", "tabs", "beta_columns"})

# Keyword arguments whose callables run later, in a callback, not inside the cached call.
CALLBACK_KEYWORDS = frozenset({"on_change", "on_click", "on_submit", "on_select", "on_release"})

# Custom components: calling the function `declare_component` returns registers a widget.
# Components v2 (1.51.0, streamlit/components/v2/__init__.py): calling what `component(...)` returns
# mounts a bidirectional component, which registers widget state.
# (`streamlit.components` itself never exported declare_component: 1.0-1.67 components/__init__.py.)
COMPONENT_DECLARATIONS = frozenset({"components.v1.declare_component", "components.v2.component"})

# Popular component packages whose functions are custom components (so: widgets). Users add theirs
# with the `extra-widgets` setting.
KNOWN_COMPONENT_FUNCTIONS = frozenset(
    {
        "streamlit_folium.st_folium",
        "streamlit_folium.folium_static",
        "streamlit_option_menu.option_menu",
        "st_aggrid.AgGrid",
        "streamlit_ace.st_ace",
        "streamlit_drawable_canvas.st_canvas",
        "streamlit_chat.message",
        "streamlit_js_eval.streamlit_js_eval",
        "streamlit_lottie.st_lottie",
        "extra_streamlit_components.CookieManager",
        "extra_streamlit_components.TabBar",
        "extra_streamlit_components.stepper_bar",
        "streamlit_cookies_manager.CookieManager",
        "streamlit_cookies_manager.EncryptedCookieManager",
    }
)


@dataclass(frozen=True)
class SideEffect:
    """A command whose effect is not recorded for replay (design §1.3)."""

    name: str
    consequence: str  # what happens on a cache hit, finishing "inside a cached function, it ..."
    remedy: str
    removed_in: Optional[Version] = None  # gone from `streamlit/__init__.py` (AttributeError) from then
    replacement: Optional[str] = None  # what to call instead once it is gone


NOT_REPLAYED_COMMANDS: dict[str, SideEffect] = {
    effect.name: effect
    for effect in (
        SideEffect(
            "stop",
            "ends the run before the result is stored: whenever it runs, nothing is cached",
            "return a value that says so and call st.stop outside the cached function",
        ),
        SideEffect(
            "rerun",
            "ends the run before the result is stored: whenever it runs, nothing is cached",
            "return a value that says so and call st.rerun outside the cached function",
        ),
        SideEffect(
            "experimental_rerun",
            "ends the run before the result is stored: whenever it runs, nothing is cached",
            "return a value that says so and rerun outside the cached function",
            removed_in=version("1.37"),  # in 1.36.0's streamlit/__init__.py, gone from 1.37.1
            replacement="st.rerun",
        ),
        SideEffect(
            "switch_page",
            "is not replayed: on a cache hit the page never switches",
            "call it outside the cached function",
        ),
        SideEffect(
            "experimental_set_query_params",
            "is not replayed: on a cache hit the query parameters are not set",
            "set them outside the cached function",
            removed_in=version("1.54"),  # in 1.53.1's streamlit/__init__.py, gone from 1.54.0
            replacement="st.query_params",
        ),
        # Messages the replay never records (design §1.9): on a hit the logo is not shown and the
        # login or logout never happens. st.logo from 1.35, st.login / st.logout from 1.42.
        SideEffect(
            "logo",
            "is not replayed: on a cache hit no logo is shown",
            "call it outside the cached function",
        ),
        SideEffect(
            "login",
            "is not replayed: on a cache hit the login never starts",
            "call it outside the cached function",
        ),
        SideEffect(
            "logout",
            "is not replayed: on a cache hit the user is not logged out",
            "call it outside the cached function",
        ),
    )
}

SET_PAGE_CONFIG = "set_page_config"

# Session state and query parameters: writes run only on a cache miss.
STATE_OBJECTS = frozenset({"session_state", "query_params"})
# Methods of theirs that write; the container methods (update, pop, clear, ...) are writes of any
# value in place too (facts/mutators.py).
STATE_MUTATORS = frozenset({"from_dict", "__setitem__", "__delitem__", "__setattr__"})

# Commands that raise CacheReplayClosureError on every cache hit (design §1.3).
REPLAY_CLOSURE_COMMANDS = frozenset({"toast"})
# Decorators whose functions open a dialog on the event container when called (st.experimental_dialog
# 1.34–1.48, st.dialog from 1.37): called inside a cached function, every hit raises
# CacheReplayClosureError (design §1.9).
DIALOG_DECORATORS = frozenset({"dialog", "experimental_dialog"})
# st.html holding only <style> (and comments) goes to the event container from 1.45.0 (1.44.1 still
# renders it in place), so its replay fails from then on.
STYLE_ONLY_HTML = "html"
STYLE_ONLY_HTML_FAILS = version("1.45")
# What counts as style only: <style> blocks, with HTML comments, which Streamlit drops before it decides.
_STYLE_ONLY_CONTENT = re.compile(r"\s*(?:(?:<style\b[^>]*>.*?</style>|<!--.*?-->)\s*)+", re.IGNORECASE | re.DOTALL)


def is_style_only_html(body: object) -> bool:
    return isinstance(body, str) and _STYLE_ONLY_CONTENT.fullmatch(body) is not None


# Widgets pinned to the bottom container when called on the main area: their replay fails once
# widget messages are recorded, always from 1.38 (every widget message is recorded), and on
# 1.15–1.37 with widget replay on (found by the agreement tests on 1.35.0 and 1.67.0).
# st.chat_input goes to the bottom container from 1.31.1 (elements/widgets/chat.py); 1.30.0 puts it in
# the main area, where its replay works.
BOTTOM_PINNED_COMMANDS: dict[str, Version] = {"chat_input": version("1.31")}
WIDGET_MESSAGES_ALWAYS_RECORDED = WIDGET_REPLAY_REMOVED


def canonical_streamlit_path(path: str) -> str:
    """Map a dotted Streamlit path to the spelling the catalogue uses.

    `streamlit.runtime.caching.cache_data` is `streamlit.cache_data`; everything else is unchanged.
    """
    module, _, name = path.rpartition(".")
    if name in CACHE_DECORATORS and module in CACHE_MODULES:
        return "streamlit." + name
    return path


@cache
def installed_streamlit_version() -> Optional[Version]:
    """The installed Streamlit's version, read from its metadata (Streamlit is never imported)."""
    from importlib import metadata

    try:
        return Version(metadata.version("streamlit"))
    except (metadata.PackageNotFoundError, InvalidVersion):
        return None


@dataclass(frozen=True)
class RequestData:
    """Data that differs from session to session and is no part of a cache key (design §1.7).

    `since` / `removed_in`: the commit adding the name to `streamlit/__init__.py` (0.65, 0.84,
    1.10, 1.30, 1.37) and the wheels 1.44.1/1.45.0 (st.user) and 1.53.0/1.54.0 (removals).
    """

    name: str  # the attribute of `st`: "session_state", "user"
    per_user: bool  # True: request data of one user (STC110); False: session state (STC108)
    since: Version
    removed_in: Optional[Version] = None
    replacement: Optional[str] = None  # what to read instead once it is gone

    def removed_at(self, at: Version) -> bool:
        return self.removed_in is not None and at >= self.removed_in

    def available(self, at: Version) -> bool:
        return at >= self.since and (self.removed_in is None or at < self.removed_in)

    def removed_message(self) -> str:
        """What a read says once the name is gone, finishing "`st.experimental_user` inside cached `f()` ..."."""
        return (
            f" was removed in Streamlit {self.removed_in} (AttributeError): read {self.replacement} outside the "
            "function and pass the value as an argument"
        )


REQUEST_DATA: dict[str, RequestData] = {
    data.name: data
    for data in (
        RequestData("session_state", per_user=False, since=version("0.84")),
        RequestData("query_params", per_user=False, since=version("1.30")),
        # A command rather than an object: its call is the read.
        RequestData(
            "experimental_get_query_params",
            per_user=False,
            since=version("0.65"),
            removed_in=version("1.54"),
            replacement="st.query_params",
        ),
        RequestData(
            "experimental_user", per_user=True, since=version("1.10"), removed_in=version("1.54"), replacement="st.user"
        ),
        RequestData("user", per_user=True, since=version("1.45")),
        RequestData("context", per_user=True, since=version("1.37")),
    )
}
