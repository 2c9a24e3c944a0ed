"""Widgets inside cached functions across releases (design §1.2, §1.4), and the scripted session."""

from __future__ import annotations

import pytest

from lint_cache.runtime import SimulationError

from .helpers import function_row

CONDITIONAL = """
    import streamlit as st

    @st.cache_data(experimental_allow_widgets=True)
    def pick():
        extra = 0
        if st.checkbox("more"):
            extra = st.slider("amount", 0, 2)
        return extra

    st.text(f"value {pick()}")
    """
CONDITIONAL_RUNS = [{}, {}, {"more": True}, {}, {"amount": 1}, {}, {"more": False}, {}, {"more": True}, {}]


def test_conditional_widgets_cause_the_extra_misses_of_read_before_write_after_keys(run_app):
    result = run_app(CONDITIONAL, version="1.35", runs=CONDITIONAL_RUNS)
    # Keys read after registration would give 3 body runs and 3 results. Streamlit reads the key
    # before this run's widgets register and writes it after: unticking keeps the slider's stale
    # value in the write key (run 6 misses), and ticking again misses once more (run 8).
    assert function_row(result, "pick") == {"name": "pick", "line": 4, "body_runs": 5, "entries": 1, "results": 4}
    assert [screen[-1] for screen in result.screens] == [
        "main: text: value 0", "main: text: value 0", "main: text: value 0", "main: text: value 0",
        "main: text: value 1", "main: text: value 1", "main: text: value 0", "main: text: value 0",
        "main: text: value 0", "main: text: value 0",
    ]  # fmt: skip


def test_widget_values_key_results_inside_one_entry_and_max_entries_ignores_them(run_app):
    result = run_app(
        """
        import streamlit as st

        @st.cache_resource(max_entries=1, experimental_allow_widgets=True)
        def scaled(factor):
            return factor * st.slider("n", 0, 5)

        st.text(f"{scaled(2)}")
        """,
        version="1.37",
        runs=[{}, {"n": 3}, {"n": 5}, {"n": 3}, {"n": 0}],
    )
    assert function_row(result, "scaled") == {"name": "scaled", "line": 4, "body_runs": 3, "entries": 1, "results": 3}
    assert [screen[-1] for screen in result.screens] == [
        "main: text: 0",
        "main: text: 6",
        "main: text: 10",
        "main: text: 6",
        "main: text: 0",
    ]
    assert result.warnings == []


WIDGET_INSIDE = """
    import streamlit as st

    @st.cache_data{options}
    def choose():
        return st.slider("k", 0, 3)

    st.text(f"chose {{choose()}}")
    """


@pytest.mark.parametrize(
    ("version", "options", "code"),
    [
        ("1.33", "", "CachedStFunctionWarning"),
        ("1.35", "", "CachedWidgetWarning"),
        ("1.38", "(experimental_allow_widgets=True)", "CachedWidgetWarning"),
        ("1.67", "", "CachedWidgetWarning"),
    ],
)
def test_a_widget_without_working_replay_warns_on_every_run(run_app, version, options, code):
    result = run_app(WIDGET_INSIDE.format(options=options), version=version, runs=[{}, {}, {}])
    # The warning is an element recorded with the result, so hits show it again.
    assert [(w.run, w.code, w.function) for w in result.warnings] == [(run, code, "choose") for run in range(3)]
    assert function_row(result, "choose")["body_runs"] == 1


@pytest.mark.parametrize("version", ["1.15", "1.35", "1.37"])
def test_the_opt_in_silences_the_warning_while_replay_exists(run_app, version):
    result = run_app(WIDGET_INSIDE.format(options="(experimental_allow_widgets=True)"), version=version, runs=[{}, {}])
    assert result.warnings == []


@pytest.mark.parametrize(("version", "shown_on_hit"), [("1.37", False), ("1.38", True)])
def test_without_replay_the_widget_vanishes_on_hits_until_1_37_and_is_inert_from_1_38(run_app, version, shown_on_hit):
    result = run_app(WIDGET_INSIDE.format(options=""), version=version, runs=[{}, {}])
    assert "main: slider: k" in result.screens[0]
    assert ("main: slider: k" in result.screens[1]) is shown_on_hit


def test_an_inert_widget_cannot_change_the_frozen_result(run_app):
    result = run_app(WIDGET_INSIDE.format(options=""), version="1.67", runs=[{}, {"k": 3}, {}])
    assert [screen[-1] for screen in result.screens] == ["main: text: chose 0"] * 3


def test_a_widget_under_a_function_without_the_opt_in_warns_even_if_its_own_function_opted_in(run_app):
    result = run_app(
        """
        import streamlit as st

        @st.cache_data(experimental_allow_widgets=True)
        def inner():
            return st.checkbox("box")

        @st.cache_resource
        def outer():
            return inner()

        outer()
        """,
        version="1.35",
        runs=[{}, {}],
    )
    assert [(w.run, w.function) for w in result.warnings] == [(0, "inner"), (1, "inner")]


@pytest.mark.parametrize(
    ("version", "error", "deprecated"),
    [("1.35", None, False), ("1.36", None, True), ("1.48", None, True), ("1.49", "TypeError", False)],
)
def test_the_opt_in_is_deprecated_from_1_36_and_a_type_error_from_1_49(run_app, version, error, deprecated):
    result = run_app(WIDGET_INSIDE.format(options="(experimental_allow_widgets=True)"), version=version, runs=[{}])
    assert [e.type for e in result.errors] == ([error] if error else [])
    assert ((0, "experimental_allow_widgets") in result.deprecations) is deprecated


@pytest.mark.parametrize(("version", "works"), [("1.17", True), ("1.36", True), ("1.37", False)])
def test_memo_and_singleton_exist_until_1_36(run_app, version, works):
    result = run_app(
        """
        import streamlit as st

        @st.experimental_singleton
        def model():
            return object()

        st.text(f"same {model() is model()}")
        """,
        version=version,
        runs=[{}],
    )
    if works:
        assert result.screens == [["main: text: same True"]]
        assert bool(result.deprecations) is (version != "1.17")  # deprecated once cache_resource came (1.18)
    else:
        assert [(e.type, e.line) for e in result.errors] == [("AttributeError", 3)]


ST_CACHE = """
    import streamlit as st

    @st.cache(allow_output_mutation=True)
    def shared():
        return []

    @st.cache
    def copied():
        return []

    shared().append(1)
    copied().append(1)
    st.text(f"{len(shared())} {len(copied())}")
    """


def test_st_cache_is_an_alias_from_1_36(run_app):
    result = run_app(ST_CACHE, version="1.36", runs=[{}])
    assert result.screens == [["main: text: 1 0"]]  # allow_output_mutation=True -> cache_resource
    assert {feature for _, feature in result.deprecations} == {"cache"}


def test_st_cache_is_gone_from_1_62(run_app):
    result = run_app(ST_CACHE, version="1.62", runs=[{}])
    assert [e.type for e in result.errors] == ["AttributeError"]


def test_the_legacy_st_cache_before_1_36_is_refused(run_app):
    with pytest.raises(SimulationError, match="legacy"):
        run_app(ST_CACHE, version="1.35")


SCRIPTED = """
    import streamlit as st

    a = st.selectbox("letter", ["x", "y"], key="pick")
    b = st.selectbox("letter", ["x", "y", "z"])
    st.text(f"{a}{b}")
    """


def test_widgets_take_scripted_values_by_key_or_label(run_app):
    result = run_app(SCRIPTED, runs=[{}, {"pick": "y"}])
    assert result.screens[1][-1] == "main: text: yx"


@pytest.mark.parametrize(
    ("runs", "message"),
    [
        ([{"letter": "y"}], "before the first run"),
        ([{}, {"letter": "y"}], "2 widgets are labelled 'letter'"),
        ([{}, {"pick": "q"}], "'q' is not a value"),
        ([{}, {"nothing": 1}], "no widget labelled or keyed 'nothing'"),
    ],
)
def test_scripted_values_that_cannot_apply_are_refused(run_app, runs, message):
    with pytest.raises(SimulationError, match=message):
        run_app(SCRIPTED, runs=runs)


def test_values_persist_across_runs_and_buttons_are_true_for_one_run(run_app):
    result = run_app(
        """
        import streamlit as st

        n = st.number_input("n", 0, 9, 4)
        st.text(f"n {n} clicked {st.button('go')}")
        """,
        runs=[{}, {"n": 7, "go": True}, {}],
    )
    assert [screen[-1] for screen in result.screens] == [
        "main: text: n 4 clicked False",
        "main: text: n 7 clicked True",
        "main: text: n 7 clicked False",
    ]


def test_callbacks_run_before_the_script_when_the_value_changed(run_app):
    result = run_app(
        """
        import streamlit as st

        @st.cache_data
        def load():
            return 1

        st.button("refresh", on_click=load.clear)
        load()
        """,
        runs=[{}, {}, {"refresh": True}, {}],
    )
    assert function_row(result, "load")["body_runs"] == 2


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ('st.slider("a")\nst.slider("a")', "DuplicateWidgetID"),
        ('st.text_input("t", key="k")\nst.session_state.k = "late"', "StreamlitAPIException"),
        ('st.radio("r", ["a"], index=3)', "StreamlitAPIException"),
    ],
)
def test_widget_misuse_raises_as_in_streamlit(run_app, source, error):
    result = run_app("import streamlit as st\n" + source + "\n")
    assert [e.type for e in result.errors] == [error]
