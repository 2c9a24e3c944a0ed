"""Element recording and replay (design §1.3): where replayed elements land, and what breaks."""

from __future__ import annotations

import pytest

from .helpers import function_row

PANEL = """
    import streamlit as st

    @st.cache_data
    def panel():
        st.sidebar.text("explicit sidebar")
        with st.sidebar:
            st.text("with sidebar")
        box = st.container()
        box.text("in a container made inside")
        with box:
            st.text("with that container")
        return 1

    with st.expander("outer"):
        panel()
    """


def test_first_run_shows_everything_where_it_was_written(run_app):
    result = run_app(PANEL, runs=[{}])
    assert result.screens[0] == [
        "main: text: in a container made inside",
        "main: text: with that container",
        "sidebar: text: explicit sidebar",
        "sidebar: text: with sidebar",
    ]


def test_a_hit_misplaces_with_sidebar_into_the_enclosing_container_and_keeps_the_rest(run_app):
    result = run_app(PANEL, runs=[{}, {}])
    assert function_row(result, "panel")["body_runs"] == 1
    assert result.screens[1] == [
        "main: text: with sidebar",
        "main: text: in a container made inside",
        "main: text: with that container",
        "sidebar: text: explicit sidebar",
    ]


@pytest.mark.parametrize(
    "body",
    ['outer.text("x")', 'st.toast("done")', 'st.html("<style>p {color: red}</style>")'],
    ids=["outside container", "toast", "style-only html"],
)
def test_replay_closure_error_on_every_hit_but_not_on_the_first_run(run_app, body):
    result = run_app(
        f"""
        import streamlit as st

        outer = st.container()

        @st.cache_data
        def show():
            {body}
            return 1

        show()
        """,
        version="1.67",
        runs=[{}, {}, {}],
    )
    assert [(error.run, error.type) for error in result.errors] == [
        (1, "CacheReplayClosureError"),
        (2, "CacheReplayClosureError"),
    ]
    assert (result.errors[0].line, result.errors[0].source) == (10, "show()")  # the app's own line


def test_style_only_html_replays_fine_before_1_45(run_app):
    result = run_app(
        """
        import streamlit as st

        @st.cache_data
        def style():
            st.html("<style>p {color: red}</style>")

        style()
        """,
        version="1.44",
        runs=[{}, {}],
    )
    assert result.errors == []


def test_with_an_outside_container_is_misplaced_not_an_error(run_app):
    result = run_app(
        """
        import streamlit as st

        left, right = st.columns(2)

        @st.cache_data
        def show():
            with right:
                st.text("meant for the right column")

        show()
        st.sidebar.text("marker")
        """,
        runs=[{}, {}],
    )
    assert result.errors == []
    assert result.screens[0] == result.screens[1] == ["main: text: meant for the right column", "sidebar: text: marker"]


def test_stop_inside_means_nothing_is_ever_stored(run_app):
    result = run_app(
        """
        import streamlit as st

        @st.cache_data
        def never_stored():
            st.stop()

        never_stored()
        st.text("not reached")
        """,
        runs=[{}, {}, {}],
    )
    assert function_row(result, "never_stored") == {
        "name": "never_stored",
        "line": 4,
        "body_runs": 3,
        "entries": 0,
        "results": 0,
    }
    assert result.screens == [[], [], []]
    assert result.errors == []


def test_rerun_inside_restarts_the_script_before_anything_is_stored(run_app):
    result = run_app(
        """
        import streamlit as st

        st.session_state.setdefault("reruns", 0)

        @st.cache_data
        def settle():
            if st.session_state.reruns < 2:
                st.session_state.reruns += 1
                st.rerun()
            return st.session_state.reruns

        st.text(f"settled after {settle()} reruns")
        """,
        runs=[{}, {}],
    )
    assert result.runs == 2
    assert function_row(result, "settle") == {"name": "settle", "line": 6, "body_runs": 3, "entries": 1, "results": 1}
    assert result.screens == [["main: text: settled after 2 reruns"]] * 2


def test_an_endless_rerun_loop_is_reported(run_app):
    from lint_cache.runtime import SimulationError

    with pytest.raises(SimulationError, match="st.rerun"):
        run_app("import streamlit as st\nst.rerun()\n")


def test_session_state_writes_are_not_replayed(run_app):
    result = run_app(
        """
        import streamlit as st

        st.session_state.setdefault("loads", 0)

        @st.cache_resource
        def load():
            st.session_state.loads += 1
            st.text("loading")
            return 1

        load()
        st.text(f"loads {st.session_state.loads}")
        """,
        runs=[{}, {}, {}],
    )
    assert [screen[-1] for screen in result.screens] == ["main: text: loads 1"] * 3
    assert all("main: text: loading" in screen for screen in result.screens)


def test_a_nested_hit_is_recorded_into_the_outer_miss(run_app):
    result = run_app(
        """
        import streamlit as st

        @st.cache_data
        def inner():
            st.text("inner")
            return 1

        @st.cache_data
        def outer(x):
            return inner() + x

        outer(1)
        outer(2)
        outer(2)
        """,
        runs=[{}, {}],
    )
    assert function_row(result, "inner")["body_runs"] == 1
    assert function_row(result, "outer")["body_runs"] == 2
    assert result.screens == [["main: text: inner"] * 3] * 2
