"""Several sessions in one simulation, their session state and request data, and the reports of
hits computed from other inputs (stale, leaked) and of shared objects one session changed."""

from __future__ import annotations

import textwrap

import pytest

from lint_cache.knowledge import streamlit_api
from lint_cache.runtime import simulate_app, versions
from lint_cache.runtime.errors import SimulationError

APP = """
    import streamlit as st

    @st.cache_data
    def price():
        return "price in " + st.session_state.get("currency", "EUR")

    @st.cache_data
    def invoices():
        return "invoices of " + str(st.user.email)

    @st.cache_data
    def page():
        return st.query_params.get("page", "1")

    @st.cache_resource
    def history():
        return []

    history().append(st.session_state.get("currency", "EUR"))
    st.text(price())
    st.text(invoices())
    st.text(page())
    """


@pytest.fixture
def app(tmp_path):
    path = tmp_path / "app.py"
    path.write_text(textwrap.dedent(APP).lstrip(), encoding="utf-8")
    return str(path)


def texts(screen):
    return [line.split(": ", 2)[2] for line in screen if line.startswith("main: text: ")]


def test_one_session_sees_its_first_values_again(app):
    result = simulate_app(
        app,
        "1.67",
        runs=[
            {"@session_state": {"currency": "EUR"}, "@query_params": {"page": "2"}},
            {"@session_state": {"currency": "USD"}},
        ],
    )
    assert texts(result.screens[1])[0] == "price in EUR"
    assert (1, "stale: price() was computed with session_state.currency='EUR', now 'USD'") in result.events


def test_another_session_gets_the_first_users_result(app):
    result = simulate_app(
        app,
        "1.67",
        runs=[
            {"@session": "ann", "@user": {"email": "ann@example.com"}, "@query_params": {"page": "2"}},
            {"@session": "bob", "@user": {"email": "bob@example.com"}, "@query_params": {"page": "3"}},
        ],
    )
    assert texts(result.screens[1]) == ["price in EUR", "invoices of ann@example.com", "2"]
    events = [event for run, event in result.events if run == 1]
    assert (
        "session 'bob': leak: invoices() was computed with user.email='ann@example.com' for session 'ann'; "
        "session 'bob' ('bob@example.com') is served that result"
    ) in events
    assert "session 'bob': stale: page() was computed with query_params.page='2', now '3'" in events
    assert (
        "session 'bob': shared: the object history() returned was changed in session 'ann' (its run 0) "
        "and session 'bob' gets it changed"
    ) in events


def test_the_same_inputs_report_nothing(app):
    same = {"@user": {"email": "ann@example.com"}}
    result = simulate_app(app, "1.67", runs=[{"@session": "a", **same}, {"@session": "a", **same}])
    assert result.events == []


def test_request_data_exists_from_its_release_on(app):
    result = simulate_app(app, "1.40", runs=[{}])
    (error,) = result.errors
    assert "no attribute 'user'" in error.message


def test_unknown_run_keys_are_refused(app):
    with pytest.raises(SimulationError, match="unknown key '@cookies'"):
        simulate_app(app, "1.67", runs=[{"@cookies": {}}])


def test_the_runtime_and_the_linter_agree_on_when_request_data_exists():
    data = streamlit_api.REQUEST_DATA
    assert data["query_params"].since == versions.QUERY_PARAMS_ADDED
    assert data["context"].since == versions.CONTEXT_ADDED
    assert data["user"].since == versions.USER_ADDED
    assert (data["experimental_user"].since, data["experimental_user"].removed_in) == (
        versions.EXPERIMENTAL_USER_ADDED,
        versions.EXPERIMENTAL_USER_REMOVED,
    )
