"""Caching features of Streamlit 1.53-1.67 that AppTest cannot drive, or not reliably: the
exceptions each release raises for invalid options, async corner cases, what a background refresh
does when it fails or its entry is gone, byte limits at their edges. Each test names the release
and the lines of Streamlit's own source it holds the runtime to (the scenarios in
tests/oracle/scenarios.py hold the rest against AppTest on 1.63.0 and 1.67.0).
"""

from __future__ import annotations

import asyncio
import textwrap

import pytest

from lint_cache.runtime import Server, simulate_app
from lint_cache.runtime.errors import StreamlitAPIException, streamlit_name
from lint_cache.runtime.store import LruTtlStore


def raised(decorate) -> str:
    """The name Streamlit gives the exception `decorate()` raises."""
    with pytest.raises(StreamlitAPIException) as caught:
        decorate()
    return streamlit_name(caught.value)


# 1.61.1 cache_utils.py:137 raises StreamlitAPIException for a background refresh without a positive
# ttl, and cache_data_api.py:726 for one with persist; 1.63.0 cache_utils.py:234-246 and
# cache_data_api.py:721 raise the typed exceptions.
@pytest.mark.parametrize(
    ("version", "options", "name"),
    [
        ("1.61", {"refresh_mode": "background"}, "StreamlitAPIException"),
        ("1.63", {"refresh_mode": "background"}, "StreamlitMissingRequiredParameterError"),
        ("1.61", {"refresh_mode": "background", "ttl": 0}, "StreamlitAPIException"),
        ("1.67", {"refresh_mode": "background", "ttl": "0s"}, "StreamlitValueError"),
        ("1.62", {"refresh_mode": "background", "ttl": 5, "persist": "disk"}, "StreamlitAPIException"),
        ("1.67", {"refresh_mode": "background", "ttl": 5, "persist": True}, "StreamlitIncompatibleParametersError"),
        ("1.67", {"refresh_mode": "later"}, "StreamlitValueError"),
        # scope: StreamlitAPIException through 1.61.1 (cache_data_api.py:717), StreamlitValueError
        # from 1.62.0 (cache_data_api.py:713).
        ("1.61", {"scope": "user"}, "StreamlitAPIException"),
        ("1.62", {"scope": "user"}, "StreamlitValueError"),
        # max_size: 1.67.0 byte_util.cache_data_max_size_to_bytes (lines 101-152).
        ("1.67", {"max_size": True}, "StreamlitInvalidParameterTypeError"),
        ("1.67", {"max_size": 1.5}, "StreamlitInvalidParameterTypeError"),
        ("1.67", {"max_size": "500"}, "StreamlitValueError"),
        ("1.67", {"max_size": "0MB"}, "StreamlitValueError"),
        ("1.67", {"max_size": 0}, "StreamlitValueError"),
    ],
)
def test_invalid_options_raise_what_the_release_raises(model, version, options, name):
    m = model(version)
    assert raised(lambda: m.st.cache_data(**options)) == name


def test_max_size_counts_binary_units_rounded_down(model):
    """1.67.0 cache_data_api.py:616-622: "1.1KB" is 1126 bytes; KB and KiB are both 1024."""
    m = model("1.67")
    assert m.st.cache_data(max_size="1.1KB")(lambda: 1).options.max_size_bytes == 1126
    assert m.st.cache_data(max_size="2 kib")(lambda: 1).options.max_size_bytes == 2048
    assert m.st.cache_data(max_size=4096)(lambda: 1).options.max_size_bytes == 4096


def test_async_generators_and_async_background_refresh_are_refused_from_1_64(model):
    """1.64.0 cache_utils.py:584-600 (CachedFuncInfo): both raise when decorating; 1.63.0 caches
    whatever the call returns."""

    async def stream():
        yield 1

    async def fetch():
        return 1

    m = model("1.64")
    assert raised(lambda: m.st.cache_data(stream)) == "StreamlitAPIException"
    assert raised(lambda: m.st.cache_resource(ttl=5, refresh_mode="background")(fetch)) == "StreamlitValueError"
    old = model("1.63")
    old.st.cache_resource(stream)
    old.st.cache_resource(ttl=5, refresh_mode="background")(fetch)


def test_async_validate_and_on_release_are_refused_from_1_64(model):
    """1.64.0 cache_resource_api.py:106-120 and 719-720: validate and on_release are called
    synchronously, so an async one is refused when decorating."""

    async def release(value):
        pass

    assert raised(lambda: model("1.64").st.cache_resource(on_release=release)) == "StreamlitAPIException"
    model("1.63").st.cache_resource(on_release=release)


@pytest.mark.parametrize(("version", "error"), [("1.64", None), ("1.65", "CachedFunctionReturnedAwaitableError")])
def test_a_sync_function_returning_a_coroutine(model, version, error):
    """1.65.0 cache_utils.py:143-161 (_reject_awaitable_return_value) raises after the body ran;
    1.64.0 caches the coroutine as any other value."""
    m = model(version)

    async def fetch():
        return "fetched"

    @m.st.cache_resource
    def connect():
        return fetch()

    returned = []
    outcome = m.session.run(lambda: returned.append(connect()))
    if error is None:
        assert outcome.error is None
        assert m.report("connect").entries == 1
        assert asyncio.run(returned[0]) == "fetched"
    else:
        assert streamlit_name(outcome.error) == error
        assert (m.report("connect").body_runs, m.report("connect").entries) == (1, 0)


def app(tmp_path, source: str) -> str:
    path = tmp_path / "app.py"
    path.write_text(textwrap.dedent(source).lstrip(), encoding="utf-8")
    return str(path)


def texts(result) -> list[list[str]]:
    return [[line.split(": ", 2)[2] for line in screen if line.startswith("main: text: ")] for screen in result.screens]


def test_a_failed_background_refresh_is_not_retried_for_a_minute(tmp_path):
    """A refresh runs without a script run, so a session-state read fails (1.67.0
    session_state_proxy.get_session_state: no context, an empty state); the failure starts a 60 s
    cooldown (cache_utils.py:115, 529-534), stale values are served until the hard expiry at twice
    the ttl, and then the call computes in the foreground again (cache_utils.py:785-803)."""
    path = app(
        tmp_path,
        """
        import streamlit as st

        @st.cache_data(ttl=100, refresh_mode="background")
        def greeting():
            return "hello " + st.session_state["name"]

        st.text(greeting())
        """,
    )
    runs = [
        {"@session_state": {"name": "ann"}},
        {"@sleep": 150},  # stale: a refresh starts and fails
        {"@sleep": 30},  # still stale, within the cooldown: no refresh
        {"@sleep": 40},  # past the cooldown (and 220 s after the write: evicted at 200 s)
    ]
    result = simulate_app(path, "1.67", runs=runs)
    assert texts(result) == [["hello ann"]] * 4
    assert [(run, event.kind) for run, event in result.cache_events] == [(1, "refresh failed")]
    assert "KeyError" in result.cache_events[0][1].detail
    assert result.functions[0].body_runs == 3  # the miss, the failed refresh, the miss after eviction


def test_a_refresh_reaching_a_session_scoped_cache_fails(tmp_path):
    """get_session_id_or_throw (1.67.0 cache_utils.py:319-339): no script run, no session."""
    path = app(
        tmp_path,
        """
        import streamlit as st

        @st.cache_data(scope="session")
        def rate():
            return 2

        @st.cache_data(ttl=10, refresh_mode="background")
        def price():
            return 10 * rate()

        st.text(f"price {price()}")
        """,
    )
    result = simulate_app(path, "1.67", runs=[{}, {"@sleep": 15}])
    assert texts(result) == [["price 20"], ["price 20"]]
    ((run, event),) = result.cache_events
    assert (run, event.kind) == (1, "refresh failed")
    assert event.detail.startswith("StreamlitAPIException: A session-scoped cache was accessed outside")


def test_a_resource_refresh_whose_entry_was_cleared_releases_the_new_value(tmp_path):
    """write_background_refresh_result (1.67.0 cache_resource_api.py:913-955): a refresh that
    finds its entry cleared is discarded, and the resource it made is released."""
    path = app(
        tmp_path,
        """
        import streamlit as st

        @st.cache_resource
        def released():
            return []

        @st.cache_resource(ttl=10, refresh_mode="background", on_release=released().append)
        def client(_made):
            _made.append(1)
            return f"client {len(_made)}"

        made = st.session_state.setdefault("made", [])
        st.text(client(made))
        if st.session_state.get("clear"):
            client.clear()
        st.text(f"released {released()}")
        """,
    )
    result = simulate_app(
        path, "1.67", runs=[{}, {"@sleep": 15, "@session_state": {"clear": True}}, {"@session_state": {"clear": False}}]
    )
    # Run 1 serves the stale client 1 and clears it; the refresh then makes client 2 and drops it.
    assert texts(result)[1] == ["client 1", "released ['client 1']"]
    assert texts(result)[2] == ["client 3", "released ['client 1', 'client 2']"]
    assert [event.detail for _, event in result.cache_events if event.kind == "refreshed"] == ["discarded"]


def test_one_value_larger_than_max_size_is_kept_alone():
    """ttl_cache.py:197-217 (1.67.0): eviction stops when the store is empty, so an oversized value
    is stored; the next write evicts it."""
    store = LruTtlStore(lambda: 0.0, max_bytes=100, size_of=len)
    store.set("a", "x" * 60)
    store.set("b", "x" * 150)  # evicts a, then is kept although over the limit
    assert [key for key, _ in store.live_items()] == ["b"]
    store.set("c", "x" * 10)  # 160 > 100: b goes
    assert [key for key, _ in store.live_items()] == ["c"]


def test_clear_releases_expired_values_first_then_least_recently_used():
    """1.67.0 ResourceCache._clear: `len()` reaps expired entries (released in write order), then
    `popitem()` releases the rest, least recently used first."""
    now = [0.0]
    released = []
    store = LruTtlStore(lambda: now[0], ttl=10, on_release=released.append)
    store.set("old", "old")
    now[0] = 5
    store.set("a", "a")
    store.set("b", "b")
    store.get("a")
    now[0] = 12  # "old" expired
    store.clear()
    assert released == ["old", "b", "a"]


def test_the_server_budget_exists_from_1_67_and_counts_cache_data_only(model):
    """config.py:980 (1.67.0; absent in 1.66.1): server.maxCacheDataSize "does not apply to
    st.cache_resource"."""
    assert Server("1.66", cache_data_budget=1000).budget is None
    server = Server("1.67", cache_data_budget=1000)
    assert server.budget is not None and server.budget.max_bytes == 1000


def test_one_entry_over_the_server_budget_is_kept(tmp_path):
    """global_cache_budget.py:220, 297-346 (1.67.0): the entry just written is protected, never a victim."""
    path = app(
        tmp_path,
        """
        import streamlit as st

        @st.cache_data
        def block(n):
            return "x" * 5000

        @st.cache_resource
        def resource(n):
            return "x" * 5000

        n = st.number_input("n", 0, 3, 0)
        st.text(f"{len(block(n))} {len(resource(n))}")
        """,
    )
    result = simulate_app(path, "1.67", runs=[{}, {"n": 1}, {"n": 0}], cache_data_budget=4000)
    rows = {row.name: (row.body_runs, row.entries) for row in result.functions}
    assert rows == {"block": (3, 1), "resource": (2, 2)}
    assert [event.detail for _, event in result.cache_events] == ["server.maxCacheDataSize"] * 2
