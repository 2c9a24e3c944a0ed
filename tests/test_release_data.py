"""The hand-written knowledge table, row by row, against the facts read from Streamlit's releases.

`lint_cache/knowledge/releases.json` is written by `tools/releases/extract.py` from the wheel of
every minor release in its `releases.read`. Each row of `streamlit_api.py` that the wheels can
answer is one test, named for the row; a wrong boundary fails with the table's releases and the
data's. A table boundary older than the oldest release read (0.84, 0.89 …) counts from that one.
"""

from __future__ import annotations

from typing import Callable, Iterator, Optional

import pytest
from packaging.version import Version

from lint_cache.knowledge import releases
from lint_cache.knowledge import streamlit_api as api

READ = releases.releases_read()

# Rows where the table disagrees with the wheels on purpose, each with the reason; strict xfail
# fails a row that starts agreeing, so that it is taken off this list.
KNOWN_WRONG = frozenset(
    {
        # st.dialog(on_dismiss=...) registers widget state from 1.48, but it decorates a function: the
        # table knows such functions (DIALOG_DECORATORS), and calling one in a cached function is STC106.
        "widget_in_table[dialog]",
    }
)

# Names the table lists that are no `st.*` command, so the wheels' exports cannot show them:
# `cell` is a method of the container `st.grid` returns.
NOT_COMMANDS = frozenset({"cell"})

Holds = Callable[[Version], bool]


def spans(holds: Holds) -> str:
    """The releases read in which `holds` is true, as ranges ("1.0–1.17, 1.24–1.36"), or "never"."""
    runs: list[list[Version]] = []
    inside = False
    for version in READ:
        if holds(version):
            if inside:
                runs[-1][1] = version
            else:
                runs.append([version, version])
        inside = holds(version)
    return ", ".join(f"{first}–{last}" if first != last else f"{first}" for first, last in runs) or "never"


def seen(kind: str, *path: str) -> Holds:
    return lambda version: any(version in span for span in releases.ranges(kind, *path))


def between(first: Optional[Version], removed: Optional[Version]) -> Holds:
    """The table's `since` / `removed_in` pair (None: before the oldest release / never removed)."""
    return lambda version: (first is None or version >= first) and (removed is None or version < removed)


def row(row_id: str, table: str, data: str) -> pytest.param:
    marks = []
    if row_id in KNOWN_WRONG:
        marks.append(pytest.mark.xfail(strict=True, reason="the table decides otherwise on purpose: see KNOWN_WRONG"))
    return pytest.param(row_id, table, data, id=row_id, marks=marks)


def check(row_id: str, table: str, data: str) -> None:
    assert table == data, (
        f"{row_id}: the table says {table}; the wheels ({releases.data()['releases']['tool']}) say {data}"
    )


def _exists(name: str) -> str:
    return "exists" if releases.ranges("exports", name) else "never exported"


# --- cache decorators and their options ------------------------------------------------------


def cache_option_rows() -> Iterator[pytest.param]:
    read = {(decorator, option) for decorator in api.CACHE_DECORATORS for option in releases.cache_options(decorator)}
    table = {(decorator, name) for name, option in api.CACHE_OPTIONS.items() for decorator in option.decorators}
    for decorator, name in sorted(read | table):
        option = api.CACHE_OPTIONS.get(name)
        decorator_exists = seen("exports", decorator)

        def accepted(version: Version, option=option, decorator=decorator, exists=decorator_exists) -> bool:
            # The table says when a decorator takes an option; the decorator must exist as well.
            return option is not None and option.accepted(decorator, version) and exists(version)

        yield row(f"cache_options[{decorator}.{name}]", spans(accepted), spans(seen("cache_options", decorator, name)))


def cache_decorator_rows() -> Iterator[pytest.param]:
    for name, decorator in sorted(api.CACHE_DECORATORS.items()):
        # cache_data and cache_resource are the current pair, added in 1.18; the others predate 1.0.
        added = api.CACHE_DATA_ADDED if decorator.deprecated_in is None else None
        yield row(f"cache_decorator[{name}]", spans(between(added, decorator.removed_in)), spans(seen("exports", name)))


@pytest.mark.parametrize(("row_id", "table", "data"), list(cache_option_rows()))
def test_cache_option(row_id: str, table: str, data: str) -> None:
    check(row_id, table, data)


@pytest.mark.parametrize(("row_id", "table", "data"), list(cache_decorator_rows()))
def test_cache_decorator(row_id: str, table: str, data: str) -> None:
    check(row_id, table, data)


# --- request data ----------------------------------------------------------------------------


def request_data_rows() -> Iterator[pytest.param]:
    for name, data in sorted(api.REQUEST_DATA.items()):
        yield row(f"request_data[{name}]", spans(data.available), spans(seen("exports", name)))
        # A command's call is the read (experimental_get_query_params); the rest are objects.
        kind = "function" if name.startswith("experimental_get_") else "object"
        yield row(f"request_data_kind[{name}]", spans(data.available), spans(seen("exports", name, kind)))


@pytest.mark.parametrize(("row_id", "table", "data"), list(request_data_rows()))
def test_request_data(row_id: str, table: str, data: str) -> None:
    check(row_id, table, data)


# --- commands the table names ----------------------------------------------------------------


def command_rows() -> Iterator[pytest.param]:
    named = {
        "not_replayed": api.NOT_REPLAYED_COMMANDS,
        "widget": api.WIDGETS,
        "selectable": api.SELECTABLE_ELEMENTS,
        "stateful_container": api.STATEFUL_CONTAINERS,
        "container_factory": api.CONTAINER_FACTORIES | api.CONTAINER_LIST_FACTORIES,
        "outside_root_container": api.OUTSIDE_ROOT_CONTAINERS,
        "replay_closure": api.REPLAY_CLOSURE_COMMANDS,
        "bottom_pinned": api.BOTTOM_PINNED_COMMANDS,
        "command": frozenset({api.SET_PAGE_CONFIG, api.STYLE_ONLY_HTML}),
    }
    for table, names in named.items():
        for name in sorted(set(names) - NOT_COMMANDS):
            yield row(f"{table}_exists[{name}]", "exists", _exists(name))


def widget_rows() -> Iterator[pytest.param]:
    """Every widget of the table registers widget state (or, for `form`, runs the cached-widget
    check) in some release; selectable elements and stateful containers do when their "ignore"
    parameter is changed."""
    for name in sorted(api.WIDGETS):
        state = "registers" if releases.ranges("widgets", name) else "never registers"
        if name == "form":
            state = "checked" if releases.ranges("cached_widget_check", name) else "never checked"
            yield row(f"widget_registers[{name}]", "checked", state)
        else:
            yield row(f"widget_registers[{name}]", "registers", state)
    for table, names, parameter in (
        ("selectable", api.SELECTABLE_ELEMENTS, "on_select"),
        ("stateful_container", api.STATEFUL_CONTAINERS, "on_change"),
    ):
        for name in sorted(names):
            opt_in = bool(releases.ranges("widget_opt_in", name, parameter)) and bool(releases.ranges("widgets", name))
            yield row(
                f"{table}[{name}]",
                f"{parameter} makes it a widget",
                f"{parameter} makes it a widget" if opt_in else "not read",
            )
    # Every command the wheels show registering widget state is in one of the table's sets.
    known = set(api.WIDGETS) | api.SELECTABLE_ELEMENTS | api.CLICKABLE_ELEMENTS | api.STATEFUL_CONTAINERS
    for name in sorted(releases.data()["widgets"]):
        yield row(f"widget_in_table[{name}]", "in the table" if name in known else "missing", "in the table")


@pytest.mark.parametrize(("row_id", "table", "data"), list(command_rows()) + list(widget_rows()))
def test_command(row_id: str, table: str, data: str) -> None:
    check(row_id, table, data)


def container_rows() -> Iterator[pytest.param]:
    """Every command the wheels show creating a block is one of the table's container factories
    (`empty`, `status`, `dialog` and `skeleton` are not read: the tool cannot follow them)."""
    factories = api.CONTAINER_FACTORIES | api.CONTAINER_LIST_FACTORIES
    # st.dialog decorates a function; the block opens when that function is called, and no
    # container is returned to place elements in, so it is rightly no factory of the table.
    decorators = {"dialog", "experimental_dialog"}
    for name in sorted(set(releases.data()["containers"]) - decorators):
        yield row(f"container_in_table[{name}]", "in the table" if name in factories else "missing", "in the table")


@pytest.mark.parametrize(("row_id", "table", "data"), list(container_rows()))
def test_container(row_id: str, table: str, data: str) -> None:
    check(row_id, table, data)


# --- the data file itself --------------------------------------------------------------------


def test_the_data_names_its_releases() -> None:
    read = releases.data()["releases"]["read"]
    assert READ[0] == Version("1.0") and READ[-1] >= Version("1.67")
    assert all(Version(patch).release[:2] == Version(minor).release for minor, patch in read.items())
    assert READ[-1] == api.LATEST_KNOWN, "the table and the data should know the same newest release"


def test_reader_answers() -> None:
    assert releases.first_release("exports", "cache_data") == Version("1.18")
    assert releases.removed_in("exports", "experimental_rerun") == Version("1.37")
    assert releases.removed_in("exports", "cache_data") is None
    assert releases.available("exports", "experimental_memo", Version("1.36.0"))
    assert not releases.available("exports", "experimental_memo", Version("1.37.1"))
    assert releases.export_kind("experimental_memo", Version("1.20")) == "object"
    assert "show_time" in releases.cache_options("cache_data")
