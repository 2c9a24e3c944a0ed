"""`simulate --enumerate`: every combination of the widgets' finite value sets."""

from __future__ import annotations

import pytest

from lint_cache.runtime import TooManyRuns

from .helpers import function_row


def test_straight_line_widgets_run_their_product_once_each(run_app):
    result = run_app(
        """
        import streamlit as st

        @st.cache_data
        def report(region, detailed):
            return f"{region} {detailed}"

        region = st.selectbox("region", ["north", "south", "east"])
        detailed = st.checkbox("detailed")
        st.text(report(region, detailed))
        """,
        enumerate=True,
    )
    assert result.runs == 6
    assert function_row(result, "report") == {"name": "report", "line": 4, "body_runs": 6, "entries": 6, "results": 6}
    assert sorted(screen[-1] for screen in result.screens) == sorted(
        f"main: text: {region} {detailed}" for region in ("north", "south", "east") for detailed in (False, True)
    )


def test_widget_replay_multiplies_results_inside_one_entry(run_app):
    result = run_app(
        """
        import streamlit as st

        @st.cache_data(experimental_allow_widgets=True)
        def tuned():
            return st.slider("level", 0, 3), st.toggle("fast"), st.multiselect("tags", ["a", "b"])

        tuned()
        """,
        version="1.35",
        enumerate=True,
    )
    assert result.runs == 4 * 2 * 5
    assert function_row(result, "tuned")["entries"] == 1
    assert function_row(result, "tuned")["results"] == 4 * 2 * 5


def test_widgets_inside_a_branch_are_enumerated_under_that_branch(run_app):
    result = run_app(
        """
        import streamlit as st

        @st.cache_data(experimental_allow_widgets=True)
        def pick():
            if st.checkbox("more"):
                return st.slider("amount", 0, 2)
            return 0

        pick()
        """,
        version="1.35",
        enumerate=True,
    )
    assert result.runs == 1 + 3
    assert function_row(result, "pick")["results"] == 4


def test_a_button_is_clicked_again_in_every_run_of_its_branch(run_app):
    result = run_app(
        """
        import streamlit as st

        if st.button("go"):
            st.text(f"went {st.radio('speed', ['slow', 'fast'])}")
        """,
        enumerate=True,
    )
    shown = [line for screen in result.screens for line in screen if line.startswith("main: text")]
    assert shown == ["main: text: went slow", "main: text: went fast"]


def test_too_many_combinations_are_refused_before_running_them(run_app):
    with pytest.raises(
        TooManyRuns, match=r"10,201 runs = 101 \(slider 'a'\) × 101 \(slider 'b'\), above --max-runs 1,000"
    ):
        run_app(
            """
            import streamlit as st

            st.slider("a")
            st.slider("b")
            """,
            enumerate=True,
            max_runs=1000,
        )


def test_widgets_without_a_finite_value_set_keep_their_default_and_are_listed(run_app):
    result = run_app(
        """
        import streamlit as st

        name = st.text_input("name", "Ada")
        st.text(f"{name} {st.checkbox('polite')}")
        """,
        enumerate=True,
    )
    assert result.runs == 2
    assert result.not_enumerated == ["text_input 'name'"]
