"""Every release boundary of the knowledge table, tested at the boundary and at the release before.

A boundary moved by one minor release must fail here. So each row states the release the wheels
give (read with tools/releases/ or in the file its comment names), independently of the table,
and checks both the table's value and what the linter reports on each side of it. A last test
finds every boundary the table holds and fails for one that no row covers.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Callable, Optional

import pytest
from packaging.version import Version

from conftest import lint
from lint_cache.knowledge import releases
from lint_cache.knowledge import streamlit_api as knowledge

# What a side of a boundary must show for the row's code: None (no finding of that code), or a
# finding with that severity ("error" / "warning") and, if given, these words in its message.
Expected = Optional[tuple[str, Optional[str]]]
FOUND = ("any", None)


@dataclass(frozen=True)
class Boundary:
    key: str  # where the table keeps it
    release: str  # the first release with the change, as the wheels show it
    read: Callable[[], Optional[Version]]  # the table's value
    code: str
    source: str
    before: Expected
    at: Expected
    also: tuple[str, ...] = ()  # other keys of the table that hold the same boundary
    settings: tuple[tuple[str, object], ...] = ()  # settings besides the release

    def previous(self) -> str:
        version = Version(self.release)
        return f"{version.major}.{version.minor - 1}"


def app(text: str) -> str:
    return "import streamlit as st\n\n" + textwrap.dedent(text).lstrip()


TOAST_IN_MEMO = app(
    """
    @st.experimental_memo
    def load():
        st.toast("loaded")
        return 1
    """
)
REPLAYED_SLIDER = "@st.{decorator}(experimental_allow_widgets=True)\ndef pick():\n    return st.slider('n')\n"


def opt_in(decorator: str) -> str:
    return app(REPLAYED_SLIDER.format(decorator=decorator))


BOUNDARIES = [
    Boundary("ELEMENTS_REPLAYED", "1.12", lambda: knowledge.ELEMENTS_REPLAYED, "STC106", TOAST_IN_MEMO, None, FOUND),
    Boundary(
        "WIDGET_REPLAY_ADDED",
        "1.15",
        lambda: knowledge.WIDGET_REPLAY_ADDED,
        "STC102",
        opt_in("experimental_memo"),
        FOUND,
        None,
    ),
    Boundary(
        "CACHE_DATA_ADDED",
        "1.18",
        lambda: knowledge.CACHE_DATA_ADDED,
        "STC201",
        app("@st.cache\ndef load():\n    return 1\n"),
        None,
        FOUND,
    ),
    Boundary(
        "CACHE_DECORATORS.experimental_memo.deprecated_in",
        "1.18",
        lambda: knowledge.CACHE_DECORATORS["experimental_memo"].deprecated_in,
        "STC202",
        app("@st.experimental_memo\ndef load():\n    return 1\n"),
        None,
        ("warning", "deprecated"),
    ),
    Boundary(
        "CACHE_DECORATORS.experimental_singleton.deprecated_in",
        "1.18",
        lambda: knowledge.CACHE_DECORATORS["experimental_singleton"].deprecated_in,
        "STC202",
        app("@st.experimental_singleton\ndef load():\n    return 1\n"),
        None,
        ("warning", "deprecated"),
    ),
    Boundary(
        "CACHE_DECORATORS.cache.deprecated_in",
        "1.18",
        lambda: knowledge.CACHE_DECORATORS["cache"].deprecated_in,
        "STC201",
        app("@st.cache\ndef load():\n    return 1\n"),
        None,
        ("warning", "deprecated"),
    ),
    Boundary(
        "FORM_CHECKED_AS_WIDGET",
        "1.34",  # elements/form.py calls check_cache_replay_rules() from 1.34.0
        lambda: knowledge.FORM_CHECKED_AS_WIDGET,
        "STC102",
        app("@st.cache_data\ndef panel():\n    st.form('f')\n    return 1\n"),
        None,
        ("warning", "CachedWidgetWarning"),
    ),
    Boundary(
        "ALLOW_WIDGETS_DEPRECATED",
        "1.36",
        lambda: knowledge.ALLOW_WIDGETS_DEPRECATED,
        "STC103",
        opt_in("cache_data"),
        None,
        ("warning", "deprecated"),
    ),
    Boundary(
        "ST_CACHE_ALIASED (replay)",
        "1.36",  # legacy_caching/caching.py never records elements up to 1.35.0
        lambda: knowledge.ST_CACHE_ALIASED,
        "STC106",
        app("@st.cache\ndef load():\n    st.toast('loaded')\n    return 1\n"),
        None,
        FOUND,
    ),
    Boundary(
        "ST_CACHE_ALIASED (misplaced)",
        "1.36",
        lambda: knowledge.ST_CACHE_ALIASED,
        "STC107",
        app("@st.cache\ndef load():\n    with st.sidebar:\n        st.write('x')\n    return 1\n"),
        None,
        FOUND,
    ),
    Boundary(
        "CACHE_DECORATORS.experimental_memo.removed_in",
        "1.37",  # gone from streamlit/__init__.py in 1.37.1
        lambda: knowledge.CACHE_DECORATORS["experimental_memo"].removed_in,
        "STC202",
        app("@st.experimental_memo\ndef load():\n    return 1\n"),
        ("warning", None),
        ("error", "AttributeError"),
    ),
    Boundary(
        "CACHE_DECORATORS.experimental_singleton.removed_in",
        "1.37",
        lambda: knowledge.CACHE_DECORATORS["experimental_singleton"].removed_in,
        "STC202",
        app("@st.experimental_singleton\ndef load():\n    return 1\n"),
        ("warning", None),
        ("error", "AttributeError"),
    ),
    Boundary(
        "WIDGET_REPLAY_REMOVED",
        "1.38",
        lambda: knowledge.WIDGET_REPLAY_REMOVED,
        "STC102",
        opt_in("cache_data"),
        None,
        ("warning", "ignored"),
    ),
    Boundary(
        "WIDGET_MESSAGES_ALWAYS_RECORDED",
        "1.38",
        lambda: knowledge.WIDGET_MESSAGES_ALWAYS_RECORDED,
        "STC106",
        app("@st.cache_data\ndef ask():\n    return st.chat_input('Ask')\n"),
        None,
        ("error", "bottom"),
    ),
    Boundary(
        "BOTTOM_PINNED_COMMANDS.chat_input",
        "1.31",  # elements/widgets/chat.py puts it in the bottom container from 1.31.1
        lambda: knowledge.BOTTOM_PINNED_COMMANDS["chat_input"],
        "STC106",
        app("@st.cache_data(experimental_allow_widgets=True)\ndef ask():\n    return st.chat_input('Ask')\n"),
        None,
        ("error", "bottom"),
    ),
    Boundary(
        "STYLE_ONLY_HTML_FAILS",
        "1.45",
        lambda: knowledge.STYLE_ONLY_HTML_FAILS,
        "STC106",
        app("@st.cache_data\ndef styled():\n    st.html('<style>p {color: red}</style>')\n    return 1\n"),
        None,
        ("error", "<style>"),
    ),
    Boundary(
        "SET_PAGE_CONFIG_RUNS_ONCE",
        "1.46",  # 1.45.1 errors.py still has StreamlitSetPageConfigMustBeFirstCommandError
        lambda: knowledge.SET_PAGE_CONFIG_RUNS_ONCE,
        "STC105",
        app("@st.cache_data\ndef configure():\n    st.set_page_config(layout='wide')\n    return 1\n"),
        ("error", "fails on every run"),
        ("warning", "only on a cache miss"),
    ),
    Boundary(
        "ALLOW_WIDGETS_REMOVED",
        "1.49",  # cache_data_api.py's signature drops the opt-in in 1.49.1
        lambda: knowledge.ALLOW_WIDGETS_REMOVED,
        "STC103",
        opt_in("cache_data"),
        ("warning", None),
        ("error", "TypeError"),
        also=(
            "CACHE_OPTIONS.experimental_allow_widgets.cache_data.removed_in",
            "CACHE_OPTIONS.experimental_allow_widgets.cache_resource.removed_in",
        ),
    ),
    Boundary(
        "CACHE_DECORATORS.cache.removed_in",
        "1.62",
        lambda: knowledge.CACHE_DECORATORS["cache"].removed_in,
        "STC201",
        app("@st.cache\ndef load():\n    return 1\n"),
        ("warning", None),
        ("error", "AttributeError"),
    ),
    Boundary(
        "ASYNC_CACHED_FUNCTIONS",
        "1.64",  # runtime/caching/cache_utils.py refuses background refresh of coroutines from 1.64.0
        lambda: knowledge.ASYNC_CACHED_FUNCTIONS,
        "STC210",
        app("@st.cache_data(ttl=60, refresh_mode='background')\nasync def fetch():\n    return 1\n"),
        None,
        ("error", "async def"),
    ),
    Boundary(
        "ASYNC_CACHED_FUNCTIONS (STC211)",
        "1.64",
        lambda: knowledge.ASYNC_CACHED_FUNCTIONS,
        "STC211",
        app("@st.cache_data\nasync def fetch():\n    return 1\n"),
        ("error", "coroutine object"),
        None,
    ),
    Boundary(
        "RETURNED_AWAITABLE_RAISES",
        "1.65",  # runtime/caching/cache_errors.py has CachedFunctionReturnedAwaitableError from 1.65.0
        lambda: knowledge.RETURNED_AWAITABLE_RAISES,
        "STC211",
        app("async def fetch():\n    return 1\n\n@st.cache_data\ndef load():\n    return fetch()\n"),
        ("error", "awaited once"),
        ("error", "CachedFunctionReturnedAwaitableError"),
    ),
    Boundary(
        "CACHE_OPTIONS.refresh_mode (STC111)",
        "1.61",
        lambda: knowledge.CACHE_OPTIONS["refresh_mode"].since,
        "STC111",
        app("@st.cache_data(ttl=60, refresh_mode='background')\ndef load():\n    st.write('x')\n    return 1\n"),
        None,
        ("warning", "background"),
    ),
    Boundary(
        "SERVER_CACHE_DATA_BUDGET",
        "1.67",  # config.py has server.maxCacheDataSize from 1.67.0
        lambda: knowledge.SERVER_CACHE_DATA_BUDGET,
        "STC303",
        app(
            "@st.cache_data\ndef load(a, b):\n    return a\n\nload(st.slider('a', 0, 1000), st.slider('b', 0, 1000))\n"
        ),
        FOUND,
        None,
        settings=(("cache_data_budget", 2**31), ("cache_data_budget_source", '"2gb" in config.toml')),
    ),
    Boundary(
        "NOT_REPLAYED_COMMANDS.experimental_rerun.removed_in",
        "1.37",
        lambda: knowledge.NOT_REPLAYED_COMMANDS["experimental_rerun"].removed_in,
        "STC105",
        app("@st.cache_data\ndef load():\n    st.experimental_rerun()\n"),
        ("warning", "nothing is cached"),
        ("error", "AttributeError"),
    ),
    Boundary(
        "NOT_REPLAYED_COMMANDS.experimental_set_query_params.removed_in",
        "1.54",
        lambda: knowledge.NOT_REPLAYED_COMMANDS["experimental_set_query_params"].removed_in,
        "STC105",
        app("@st.cache_data\ndef load():\n    st.experimental_set_query_params(a=1)\n    return 1\n"),
        ("warning", "not set"),
        ("error", "AttributeError"),
    ),
    Boundary(
        "REQUEST_DATA.query_params.since",
        "1.30",
        lambda: knowledge.REQUEST_DATA["query_params"].since,
        "STC108",
        app("@st.cache_data\ndef load():\n    return st.query_params['page']\n"),
        None,
        FOUND,
    ),
    Boundary(
        "REQUEST_DATA.experimental_get_query_params.removed_in",
        "1.54",
        lambda: knowledge.REQUEST_DATA["experimental_get_query_params"].removed_in,
        "STC108",
        app("@st.cache_data\ndef load():\n    return st.experimental_get_query_params()\n"),
        ("warning", "not part of the cache key"),
        ("error", "AttributeError"),
    ),
    Boundary(
        "REQUEST_DATA.experimental_user.since",
        "1.10",
        lambda: knowledge.REQUEST_DATA["experimental_user"].since,
        "STC110",
        app("@st.experimental_memo\ndef greet():\n    return st.experimental_user.email\n"),
        None,
        FOUND,
    ),
    Boundary(
        "REQUEST_DATA.experimental_user.removed_in",
        "1.54",
        lambda: knowledge.REQUEST_DATA["experimental_user"].removed_in,
        "STC110",
        app("@st.cache_data\ndef greet():\n    return st.experimental_user.email\n"),
        ("error", "every user"),
        ("error", "removed in Streamlit 1.54"),
    ),
    Boundary(
        "REQUEST_DATA.context.since",
        "1.37",
        lambda: knowledge.REQUEST_DATA["context"].since,
        "STC110",
        app("@st.cache_data\ndef greet():\n    return st.context.headers['x']\n"),
        None,
        FOUND,
    ),
    Boundary(
        "REQUEST_DATA.user.since",
        "1.45",
        lambda: knowledge.REQUEST_DATA["user"].since,
        "STC110",
        app("@st.cache_data\ndef greet():\n    return st.user.email\n"),
        None,
        FOUND,
    ),
]


# The options each decorator's signature takes, release by release, as tools/releases/extract.py
# read them from the wheels.
RELEASE_DATA = releases.data()
OPTION_VALUES = {
    "ttl": "60",
    "max_entries": "10",
    "max_size": "'1GB'",
    "show_spinner": "False",
    "show_time": "True",
    "persist": "'disk'",
    "suppress_st_warning": "True",
    "allow_output_mutation": "True",
    "hash_funcs": "{}",
    "validate": "None",
    "experimental_allow_widgets": "True",
    "scope": "'global'",
    "on_release": "print",
    "refresh_mode": "'foreground'",
}
REJECTED = ("error", "TypeError")


def _minor(text: str, step: int = 0) -> str:
    version = Version(text)
    return f"{version.major}.{version.minor + step}"


def _option_boundaries() -> list[Boundary]:
    """For each decorator and option of the release data: where the option starts being taken (STC210
    before, none from then) and where it stops (none until then, STC210 after), except at the
    decorator's own first and last release, and the opt-in's stages that STC103 reports."""
    rows = []
    for decorator, options in sorted(RELEASE_DATA["cache_options"].items()):
        spans = [span for ranges in options.values() for span in ranges]
        born, gone = min(Version(s["first"]) for s in spans), max(Version(s["last"]) for s in spans)
        for option, ranges in sorted(options.items()):
            source = app(f"@st.{decorator}({option}={OPTION_VALUES[option]})\ndef load(x):\n    return x\n")
            table = knowledge.CACHE_OPTIONS[option]
            for span in ranges:
                first, last = Version(span["first"]), Version(span["last"])
                if first > max(born, knowledge.OLDEST_KNOWN):
                    rows.append(
                        Boundary(
                            f"CACHE_OPTIONS.{option}.{decorator}.since",
                            str(first),
                            lambda table=table, decorator=decorator: table.first_release(decorator),
                            "STC210",
                            source,
                            REJECTED,
                            None,
                        )
                    )
                stc103 = option == knowledge.ALLOW_WIDGETS_OPTION and last >= knowledge.ALLOW_WIDGETS_DEPRECATED
                if last < gone and not stc103:
                    rows.append(
                        Boundary(
                            f"CACHE_OPTIONS.{option}.{decorator}.removed_in",
                            _minor(str(last), 1),
                            lambda table=table, decorator=decorator: table.removed_release(decorator),
                            "STC210",
                            source,
                            None,
                            REJECTED,
                        )
                    )
    return rows


OPTION_BOUNDARIES = _option_boundaries()


def outcome(boundary: Boundary, release: str) -> list[tuple[str, str]]:
    """(severity, message) of each finding of the row's code at `release`."""
    found = lint(boundary.source, release, **dict(boundary.settings))
    return [(d.severity, d.message) for d in found if d.code == boundary.code]


def assert_side(found: list[tuple[str, str]], expected: Expected, where: str) -> None:
    if expected is None:
        assert found == [], f"{where}: expected no finding, got {found}"
        return
    severity, words = expected
    assert found, f"{where}: expected a finding, got none"
    if severity != "any":
        assert {s for s, _ in found} == {severity}, f"{where}: {found}"
    if words is not None:
        assert any(words in message for _, message in found), f"{where}: {words!r} not in {found}"


ALL_BOUNDARIES = BOUNDARIES + OPTION_BOUNDARIES
IDS = [row.key for row in ALL_BOUNDARIES]


@pytest.mark.parametrize("boundary", ALL_BOUNDARIES, ids=IDS)
def test_the_table_holds_the_release_the_wheels_give(boundary: Boundary):
    assert boundary.read() == Version(boundary.release)


@pytest.mark.parametrize("boundary", ALL_BOUNDARIES, ids=IDS)
def test_findings_change_at_the_boundary_and_not_before(boundary: Boundary):
    assert_side(outcome(boundary, boundary.previous()), boundary.before, f"{boundary.key} at {boundary.previous()}")
    assert_side(outcome(boundary, boundary.release), boundary.at, f"{boundary.key} at {boundary.release}")


def knowledge_boundaries() -> dict[str, Version]:
    """Every release boundary the table holds, by key, above the oldest release it knows (a
    boundary at or below it has no release before it to test)."""
    found: dict[str, Version] = {}
    for name, value in vars(knowledge).items():
        if isinstance(value, Version) and not name.startswith("_") and name not in {"LATEST_KNOWN", "OLDEST_KNOWN"}:
            found[name] = value
    for name, decorator in knowledge.CACHE_DECORATORS.items():
        found[f"CACHE_DECORATORS.{name}.deprecated_in"] = decorator.deprecated_in
        found[f"CACHE_DECORATORS.{name}.removed_in"] = decorator.removed_in
    for name, option in knowledge.CACHE_OPTIONS.items():
        for decorator in option.decorators:
            found[f"CACHE_OPTIONS.{name}.{decorator}.since"] = option.first_release(decorator)
            removed, decorator_removed = (
                option.removed_release(decorator),
                knowledge.CACHE_DECORATORS[decorator].removed_in,
            )
            if removed is not None and (decorator_removed is None or removed < decorator_removed):
                found[f"CACHE_OPTIONS.{name}.{decorator}.removed_in"] = removed
    for name, data in knowledge.REQUEST_DATA.items():
        found[f"REQUEST_DATA.{name}.since"] = data.since
        found[f"REQUEST_DATA.{name}.removed_in"] = data.removed_in
    for name, effect in knowledge.NOT_REPLAYED_COMMANDS.items():
        found[f"NOT_REPLAYED_COMMANDS.{name}.removed_in"] = effect.removed_in
    for name, since in knowledge.BOTTOM_PINNED_COMMANDS.items():
        found[f"BOTTOM_PINNED_COMMANDS.{name}"] = since
    return {key: value for key, value in found.items() if value is not None and value > knowledge.OLDEST_KNOWN}


def test_every_boundary_of_the_table_has_a_row():
    covered = {key for row in ALL_BOUNDARIES for key in (row.key.split(" ")[0], *row.also)}
    # An option that a decorator takes from its own first release is no boundary of the option.
    firsts = {
        f"CACHE_OPTIONS.{option}.{decorator}.since"
        for decorator, options in RELEASE_DATA["cache_options"].items()
        for option, ranges in options.items()
        if Version(ranges[0]["first"]) == min(Version(s["first"]) for spans in options.values() for s in spans)
    }
    missing = sorted(set(knowledge_boundaries()) - covered - firsts)
    assert missing == [], f"boundaries no row tests at the release and the one before: {missing}"
