"""Blow-up estimates: products over widgets, loops, branches, bounds, and widget values followed
into the arguments of cached functions."""

import textwrap

import libcst as cst
from packaging.version import Version

from lint_cache.blowup.estimator import ARGUMENTS, REPLAY, estimates
from lint_cache.facts import ModuleFacts
from lint_cache.settings import Settings


def estimate_of(source: str, version: str = "1.35", name: str = "f", **settings):
    text = textwrap.dedent(source)
    options = Settings(streamlit_version=Version(version), **settings)
    facts = ModuleFacts(cst.parse_module(text), "app.py", options, text)
    (found,) = [estimate for estimate in estimates(facts, options) if estimate.cached.name == name]
    return found


REPLAYED = "import streamlit as st\n\n@st.cache_data(experimental_allow_widgets=True)\ndef f():\n"


def replayed(body: str, **kwargs):
    return estimate_of(REPLAYED + textwrap.indent(textwrap.dedent(body), "    "), **kwargs)


def test_replay_multiplies_the_widgets_of_the_body():
    estimate = replayed('a = st.slider("a")\nb = st.checkbox("b")\nc = st.radio("c", ["x", "y", "z"])\n')
    assert estimate.semantics == REPLAY
    assert [factor.count.value for factor in estimate.replay_factors] == [101, 2, 3]
    assert estimate.replay.value == 101 * 2 * 3
    assert estimate.replay.text() == "606"
    assert estimate.results.value == 606


def test_replay_only_with_the_opt_in_between_1_15_and_1_37():
    source = REPLAYED + '    return st.slider("a")\n'
    assert estimate_of(source, "1.35").semantics == REPLAY
    assert estimate_of(source, "1.38").semantics == ARGUMENTS
    assert estimate_of(source, "1.38").replay_factors == []
    assert estimate_of(source.replace("experimental_allow_widgets=True", ""), "1.35").semantics == ARGUMENTS


def test_literal_loops_multiply_and_unknown_loops_make_it_unknown():
    estimate = replayed('for i in range(3):\n    st.checkbox(f"b{i}")\n')
    assert estimate.replay.value == 2**3
    assert estimate.replay_factors[0].times == 3
    assert replayed('[st.checkbox(name) for name in ["a", "b"]]\n').replay.value == 4
    unknown = replayed("for name in names:\n    st.checkbox(name)\n")
    assert unknown.replay.value is None and not unknown.replay.unbounded


def test_branches_make_an_upper_bound():
    # A conditional widget can also be absent from the replay key: one more state.
    estimate = replayed('if st.checkbox("more"):\n    st.slider("n")\n')
    assert estimate.replay.value == 2 * (101 + 1)
    assert estimate.replay.upper_bound
    assert estimate.replay.text() == "up to 204"


def test_widgets_in_helpers_count_too():
    source = """\
    import streamlit as st

    def controls():
        return st.slider("a"), st.slider("b")

    @st.cache_data(experimental_allow_widgets=True)
    def f():
        for _ in range(2):
            controls()
    """
    assert estimate_of(source).replay.value == (101 * 101) ** 2


def test_unbounded_and_unknown_factors():
    assert replayed('st.slider("a")\nst.text_input("q")\n').replay.unbounded
    lower = replayed('st.slider("a")\nst.selectbox("c", df.columns)\n').replay
    assert lower.value == 101 and lower.lower_bound and lower.text() == "at least 101"


def test_max_entries_does_not_bound_replay_but_bounds_argument_entries():
    source = """\
    import streamlit as st

    @st.cache_data(experimental_allow_widgets=True, max_entries=10)
    def f(n):
        return st.slider("a")

    f(st.slider("n"))
    """
    estimate = estimate_of(source)
    assert estimate.bound == "max_entries=10"
    assert estimate.arguments.value == 101
    assert estimate.results.value == 10 * 101
    assert estimate.results.upper_bound


def test_widget_values_followed_into_arguments():
    source = """\
    import streamlit as st

    @st.cache_data
    def f(rows, label, _connection, mode="a"):
        return rows

    def page():
        rows = st.slider("Rows", 1, 50)
        title = f"{rows} rows"
        f(rows, title, st.checkbox("ignored: _connection"), mode=st.radio("Mode", ["a", "b"]))
    """
    estimate = estimate_of(source, "1.67")
    ((site, factors),) = estimate.call_sites
    assert [(factor.label, factor.count.value, factor.parameter) for factor in factors] == [
        ("Rows", 50, "rows"),
        ("Mode", 2, "mode"),
    ]
    assert estimate.arguments.value == 100
    assert not estimate.arguments.upper_bound  # names and f-strings keep the values one to one


def test_computed_arguments_are_an_upper_bound_and_sites_add_up():
    source = """\
    import streamlit as st

    @st.cache_data
    def f(n):
        return n

    n = st.slider("n", 1, 10)
    f(n * 2)
    f(st.selectbox("s", [1, 2, 3]))
    """
    estimate = estimate_of(source, "1.67")
    assert estimate.arguments.value == 10 + 3
    assert estimate.arguments.upper_bound


def test_call_form_and_cached_results_carry_widget_values():
    source = """\
    import streamlit as st

    def _load(region):
        return region

    load = st.cache_data(_load)

    @st.cache_data
    def f(frame):
        return frame

    region = st.selectbox("Region", ["n", "s", "e", "w"])
    f(load(region))
    """
    assert estimate_of(source, "1.67", name="_load").arguments.value == 4
    downstream = estimate_of(source, "1.67", name="f").arguments
    assert downstream.value == 4 and downstream.upper_bound


def test_entry_size_comment_gives_memory():
    source = """\
    import streamlit as st

    @st.cache_data  # lint-cache: entry-size=100MB
    def f(a, b):
        return a

    f(st.slider("a"), st.slider("b"))
    """
    estimate = estimate_of(source, "1.67")
    assert estimate.entry_size == 100_000_000
    assert estimate.memory() == "1.02 TB"
    assert estimate_of(source.replace("  # lint-cache: entry-size=100MB", ""), "1.67", entry_size=1000).memory() == (
        "10.2 MB"
    )


def test_attribute_names_are_not_variables():
    source = """\
    import streamlit as st

    @st.cache_data
    def f(run):
        return run

    run_id = st.text_input("Run")
    st.session_state.run_id = run_id
    f(st.session_state.run_id)
    """
    assert estimate_of(source, "1.67").call_sites == []
