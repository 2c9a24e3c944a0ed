"""Apps and run sequences that real Streamlit (AppTest) and the reference runtime must agree on.

Each scenario's app runs unchanged on every oracle release from its `since` on. Where a release
rejects it (the opt-in is a TypeError from 1.49, experimental_memo an AttributeError from 1.37) no
widget is ever shown, so the scenario runs twice as is there, and both sides must report the error
in both runs.

Runs may also say which session runs ("@session"), set session state ("@session_state"), end a
session ("@end_session") and let time pass ("@sleep"): see tests/oracle/driver.py. A scenario with
a `config` runs with that `.streamlit/config.toml` next to its app.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from packaging.version import Version

# The widget-replay era (the seed page's semantics) and the newest release.
ORACLE_VERSIONS = ("1.35.0", "1.67.0")


@dataclass(frozen=True)
class Scenario:
    name: str
    source: str
    runs: tuple  # one dict per script run: widget label or key -> value
    rejected_from: Optional[str] = None  # first release whose Streamlit rejects the app
    since: Optional[str] = None  # first release the scenario is run and recorded on
    config: Optional[str] = None  # the app's .streamlit/config.toml

    @property
    def app(self) -> str:
        return textwrap.dedent(self.source).lstrip()

    def runs_on(self, version: str) -> tuple:
        if self.rejected_from is not None and Version(version) >= Version(self.rejected_from):
            return ({}, {})
        return self.runs

    def applies_to(self, version: str) -> bool:
        return self.since is None or Version(version) >= Version(self.since)

    def write(self, folder: Path) -> Path:
        """Write the app (and its config, in a folder of its own) under `folder`; its path."""
        if self.config is None:
            path = folder / f"{self.name}.py"
        else:
            path = folder / self.name / f"{self.name}.py"
            (path.parent / ".streamlit").mkdir(parents=True, exist_ok=True)
            (path.parent / ".streamlit" / "config.toml").write_text(textwrap.dedent(self.config).lstrip(), "utf-8")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.app, encoding="utf-8")
        return path


SCENARIOS = [
    Scenario(
        "opt_in_widget_replay",
        """
        import streamlit as st

        @st.cache_data(experimental_allow_widgets=True)
        def scaled(factor):
            n = st.slider("n", 0, 4, 1)
            st.text(f"computed {factor} x {n}")
            return factor * n

        st.text(f"result {scaled(2)}")
        """,
        ({}, {}, {"n": 3}, {}, {"n": 1}, {"n": 3}),
        rejected_from="1.49",
    ),
    Scenario(
        "conditional_widgets_extra_misses",
        """
        import streamlit as st

        @st.cache_data(experimental_allow_widgets=True)
        def pick():
            extra = 0
            if st.checkbox("more"):
                extra = st.slider("amount", 0, 2)
            return extra

        st.text(f"value {pick()}")
        """,
        ({}, {}, {"more": True}, {}, {"amount": 1}, {}, {"more": False}, {}, {"more": True}, {}),
        rejected_from="1.49",
    ),
    Scenario(
        "max_entries_by_argument",
        """
        import streamlit as st

        @st.cache_data(max_entries=2)
        def square(x):
            st.text(f"computing {x}")
            return x * x

        x = st.selectbox("x", [1, 2, 3, 4])
        st.text(f"square {square(x)}")
        """,
        ({}, {"x": 2}, {"x": 3}, {"x": 1}, {"x": 2}, {"x": 2}),
    ),
    Scenario(
        "lru_reads_refresh_recency",
        """
        import streamlit as st

        @st.cache_resource(max_entries=2)
        def double(x):
            return 2 * x

        plan = {0: [1, 2], 1: [1], 2: [3], 3: [1, 2]}
        step = st.number_input("step", 0, 3, 0)
        for x in plan[step]:
            st.text(f"double {x} = {double(x)}")
        """,
        ({}, {"step": 1}, {"step": 2}, {"step": 3}),
    ),
    Scenario(
        "underscore_parameters_are_not_hashed",
        """
        import streamlit as st

        @st.cache_data
        def fetch(_connection, table, *, _retries=3, limit=10):
            st.text(f"query {table} via {_connection}")
            return f"{table}:{limit}"

        connection = st.selectbox("connection", ["primary", "replica"])
        table = st.selectbox("table", ["users", "orders"])
        st.text(fetch(connection, table, _retries=len(connection)))
        st.text(fetch(connection, table, limit=5))
        """,
        ({}, {"connection": "replica"}, {"table": "orders"}, {"connection": "primary"}),
    ),
    Scenario(
        "cache_data_copies_cache_resource_shares",
        """
        import streamlit as st

        @st.cache_data
        def data_list():
            return [1, 2, 3]

        @st.cache_resource
        def shared_list():
            return [1, 2, 3]

        data_list().append(4)
        shared_list().append(4)
        st.text(f"data {len(data_list())} shared {len(shared_list())}")
        """,
        ({}, {}, {}),
    ),
    Scenario(
        "stop_inside_prevents_storage",
        """
        import streamlit as st

        @st.cache_data
        def guarded(flag):
            st.text("checking")
            if flag:
                st.stop()
            return 1

        flag = st.checkbox("stop")
        st.text(f"value {guarded(flag)}")
        st.text("end")
        """,
        ({}, {}, {"stop": True}, {}, {"stop": False}, {}),
    ),
    Scenario(
        "session_state_writes_run_only_on_miss",
        """
        import streamlit as st

        if "count" not in st.session_state:
            st.session_state.count = 0

        @st.cache_data
        def bump(x):
            st.session_state.count += 1
            return x

        bump(st.number_input("x", 0, 5, 0))
        st.text(f"count {st.session_state.count}")
        """,
        ({}, {}, {"x": 1}, {"x": 0}, {"x": 2}),
    ),
    Scenario(
        "nested_cached_functions",
        """
        import streamlit as st

        @st.cache_data
        def inner(x):
            st.text(f"inner {x}")
            return x + 1

        @st.cache_data
        def outer(x):
            st.text("outer")
            return inner(x) * 2

        x = st.selectbox("x", [1, 2])
        st.text(f"outer {outer(x)}")
        st.text(f"inner direct {inner(x)}")
        """,
        ({}, {}, {"x": 2}, {"x": 1}),
    ),
    Scenario(
        "multiselect_order_is_part_of_the_value",
        """
        import streamlit as st

        @st.cache_data(experimental_allow_widgets=True)
        def picked():
            chosen = st.multiselect("letters", ["a", "b", "c"])
            return "".join(chosen)

        st.text(f"picked {picked()}")
        """,
        ({}, {"letters": ["a", "b"]}, {"letters": ["b", "a"]}, {"letters": ["a", "b"]}, {"letters": []}),
        rejected_from="1.49",
    ),
    Scenario(
        "widget_without_opt_in_warns_on_every_run",
        """
        import streamlit as st

        @st.cache_data
        def choose(n):
            k = st.slider("k", 0, 3)
            st.text(f"chose {k}")
            return n + k

        st.text(f"choice {choose(1)}")
        """,
        ({}, {}, {}),
    ),
    Scenario(
        "nested_opt_in_under_a_function_without_it",
        """
        import streamlit as st

        @st.cache_data(experimental_allow_widgets=True)
        def inner():
            return st.checkbox("inner box")

        @st.cache_resource
        def outer():
            return inner()

        st.text(f"outer {outer()}")
        """,
        ({}, {}, {}),
        rejected_from="1.49",
    ),
    Scenario(
        "sidebar_and_containers_on_replay",
        """
        import streamlit as st

        @st.cache_data
        def panel(x):
            st.sidebar.text(f"sidebar {x}")
            with st.sidebar:
                st.text(f"with sidebar {x}")
            box = st.container()
            box.text(f"inside box {x}")
            left, right = st.columns(2)
            right.text(f"right column {x}")
            return x

        panel(1)
        st.text("after")
        """,
        ({}, {}, {}),
    ),
    Scenario(
        "outside_container_raises_on_hit",
        """
        import streamlit as st

        outer = st.container()

        @st.cache_data
        def writes_outside(x):
            outer.text(f"outside {x}")
            return x

        writes_outside(1)
        st.text("after")
        """,
        ({}, {}, {}),
    ),
    Scenario(
        "toast_raises_on_hit",
        """
        import streamlit as st

        @st.cache_resource
        def notify():
            st.toast("loaded")
            return 1

        st.text(f"notified {notify()}")
        """,
        ({}, {}),
    ),
    Scenario(
        "unhashable_argument",
        """
        import threading
        import streamlit as st

        @st.cache_resource
        def guarded(lock, n):
            return n

        st.text("before")
        guarded(threading.Lock(), 1)
        """,
        ({}, {}),
    ),
    Scenario(
        "cached_method_self_and_underscore_self",
        """
        import streamlit as st

        class Repository:
            def __init__(self, name):
                self.name = name

            @st.cache_data
            def rows(_self, n):
                return [_self.name] * n

            @st.cache_data
            def count(self, n):
                return n

        first, second = Repository("a"), Repository("b")
        st.text(f"{first.rows(2)} {second.rows(2)}")
        first.count(1)
        """,
        ({}, {}),
    ),
    Scenario(
        "unpicklable_cache_data_result",
        """
        import threading
        import streamlit as st

        @st.cache_data
        def make_lock():
            return threading.Lock()

        st.text("start")
        make_lock()
        """,
        ({}, {}),
    ),
    Scenario(
        "deprecated_memo",
        """
        import streamlit as st

        @st.experimental_memo
        def old(x):
            return x

        st.text(f"old {old(1)} {old(1)}")
        """,
        ({}, {}),
        rejected_from="1.37",
    ),
    Scenario(
        "functions_defined_in_a_loop_share_one_cache",
        """
        import streamlit as st

        results = []
        for factor in (1, 2, 3):
            @st.cache_data
            def scale(x):
                return x * factor
            results.append(scale(10))
        st.text(f"results {results}")
        """,
        ({}, {}),
    ),
    Scenario(
        "validate_failure_recomputes",
        """
        import streamlit as st

        st.checkbox("healthy", value=True, key="healthy")

        @st.cache_resource(validate=lambda resource: st.session_state.healthy)
        def connect():
            return {"connection": 1}

        st.text(f"connected {connect()['connection']}")
        """,
        ({}, {}, {"healthy": False}, {}, {"healthy": True}, {}),
    ),
    Scenario(
        "ttl_zero_expires_and_ttl_string",
        """
        import streamlit as st

        @st.cache_data(ttl=0)
        def fleeting(x):
            return x

        @st.cache_data(ttl="1h")
        def hourly(x):
            return x

        st.text(f"{fleeting(1)} {hourly(1)}")
        """,
        ({}, {}, {}),
    ),
    Scenario(
        "hash_funcs_by_type",
        """
        import streamlit as st

        class Point:
            def __init__(self, x):
                self.x = x

        @st.cache_data(hash_funcs={Point: lambda point: point.x})
        def norm(point):
            return abs(point.x)

        x = st.selectbox("x", [-1, 1, 2])
        st.text(f"norm {norm(Point(x))} {norm(Point(abs(x)))}")
        """,
        ({}, {"x": 1}, {"x": 2}, {"x": -1}),
    ),
    Scenario(
        "keyword_order_and_defaults_make_different_keys",
        """
        import streamlit as st

        @st.cache_data
        def area(width, height=2):
            return width * height

        st.text(f"{area(3)} {area(width=3)} {area(3, 2)} {area(height=2, width=3)} {area(3, height=2)}")
        """,
        ({},),
    ),
    Scenario(
        "rerun_inside_runs_the_body_every_time",
        """
        import streamlit as st

        if "reruns" not in st.session_state:
            st.session_state.reruns = 0

        @st.cache_data
        def restart():
            if st.session_state.reruns < 2:
                st.session_state.reruns += 1
                st.rerun()
            return st.session_state.reruns

        st.text(f"reruns {restart()}")
        """,
        ({}, {}),
    ),
    Scenario(
        "button_value_is_a_trigger",
        """
        import streamlit as st

        @st.cache_data(experimental_allow_widgets=True)
        def clicked():
            return st.button("go")

        st.text(f"clicked {clicked()}")
        """,
        ({}, {"go": True}, {}, {"go": True}, {}),
        rejected_from="1.49",
    ),
    # Streamlit 1.53-1.67 (design §1.10). Each would give other body runs, entries or pages if the
    # runtime ignored what it is about; recorded on 1.63.0 (before async functions are awaited) and
    # 1.67.0.
    Scenario(
        "session_scope_per_session_released_at_its_end",
        """
        import streamlit as st

        @st.cache_resource
        def release_log():
            return []

        @st.cache_resource(scope="session", on_release=release_log().append)
        def connection(_user):
            return f"connection opened for {_user}"

        @st.cache_data(scope="session")
        def preferences(_user):
            return f"preferences of {_user}"

        user = st.session_state["user"]
        if st.session_state.get("forget"):
            connection.clear(user)
        st.text(connection(user))
        st.text(preferences(user))
        st.text(f"released {release_log()}")
        """,
        (
            {"@session": "ann", "@session_state": {"user": "ann"}},
            {"@session": "bob", "@session_state": {"user": "bob"}},
            {"@session": "ann"},
            {"@session": "bob", "@end_session": "ann"},
            {"@session": "bob", "@session_state": {"forget": True}},
        ),
        since="1.61",
    ),
    Scenario(
        "on_release_on_eviction_clear_and_expiry",
        """
        import streamlit as st

        @st.cache_resource
        def release_log():
            return []

        @st.cache_resource(max_entries=1, on_release=release_log().append)
        def connect(name):
            return f"connection {name}"

        @st.cache_resource(ttl=3, on_release=release_log().append)
        def token():
            return "token"

        name = st.selectbox("name", ["a", "b", "c"])
        if st.checkbox("clear"):
            connect.clear()
        st.text(connect(name))
        st.text(token())
        st.text(f"released {release_log()}")
        """,
        ({}, {"name": "b"}, {"clear": True}, {"clear": False, "name": "c", "@sleep": 3.5}),
        since="1.61",
    ),
    Scenario(
        "background_refresh_serves_the_stale_value",
        """
        import streamlit as st

        @st.cache_resource
        def computations():
            return []

        @st.cache_resource
        def released():
            return []

        @st.cache_data(ttl=2, refresh_mode="background")
        def report(_computations):
            _computations.append("report")
            st.text("computing the report")
            return f"report {_computations.count('report')}"

        @st.cache_resource(ttl=2, refresh_mode="background", on_release=released().append)
        def client(_computations):
            _computations.append("client")
            return f"client {_computations.count('client')}"

        st.text(f"released {released()}")
        st.text(report(computations()))
        st.text(client(computations()))
        """,
        # Stale from 2 s, evicted from 4 s (twice the ttl) after each computation.
        ({}, {"@sleep": 2.5}, {}, {"@sleep": 4.5}, {}),
        since="1.61",
    ),
    Scenario(
        "async_cache_resource_awaited_from_1_64",
        """
        import asyncio
        import streamlit as st

        @st.cache_resource
        async def connect(name):
            await asyncio.sleep(0)
            st.text(f"connecting to {name}")
            return f"connection to {name}"

        st.text(asyncio.run(connect("db")))
        """,
        ({}, {}),
        since="1.61",
    ),
    Scenario(
        "async_cache_data_awaited_from_1_64",
        """
        import asyncio
        import streamlit as st

        @st.cache_data
        async def load(n):
            await asyncio.sleep(0)
            return list(range(n))

        st.text(f"rows {asyncio.run(load(3))}")
        st.text(f"rows {asyncio.run(load(2))}")
        """,
        ({}, {}),
        since="1.61",
    ),
    Scenario(
        "max_size_evicts_least_recently_used_bytes",
        """
        import streamlit as st

        @st.cache_data(max_size="1MB")
        def block(n):
            return "x" * 400_000 + str(n)

        n = st.number_input("n", 0, 9, 0)
        st.text(f"block {n}: {len(block(n))} characters")
        """,
        # Three blocks are over 1 MiB: the least recently used goes (reading block 0 keeps it).
        ({}, {"n": 1}, {"n": 0}, {"n": 2}, {"n": 0}, {"n": 1}),
        since="1.67",
    ),
    Scenario(
        "server_budget_over_every_cache_data_function",
        """
        import streamlit as st

        @st.cache_data
        def report(n):
            return "r" * 400_000 + str(n)

        @st.cache_data(scope="session", max_size="500KB")
        def draft(n):
            return "d" * 300_000 + str(n)

        @st.cache_resource
        def model(n):
            return "m" * 400_000 + str(n)

        which = st.selectbox("which", ["report", "draft", "model"])
        n = st.number_input("n", 0, 9, 0)
        value = {"report": report, "draft": draft, "model": model}[which](n)
        st.text(f"{which} {n}: {len(value)} characters")
        """,
        # 1 MiB over report's and draft's entries, whatever the session; model (cache_resource) is
        # not counted; draft's 500 KB hold one entry per session.
        (
            {"@session": "one"},
            {"n": 1},
            {"which": "model"},
            {"which": "draft"},
            {"n": 2},
            {"@session": "two"},
            {"@session": "two", "which": "draft"},
            {"@session": "one"},
            {"which": "report", "n": 1},
        ),
        since="1.67",
        config="""
        [server]
        maxCacheDataSize = "1mb"
        """,
    ),
]
