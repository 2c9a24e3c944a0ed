"""check_source: positions, messages by version, severities, noqa, select/ignore and parse errors."""

import pytest
from packaging.version import Version

from conftest import codes, lint
from lint_cache import check_source
from lint_cache.settings import Settings

SLIDER_IN_CACHE = """\
import streamlit as st

@st.cache_data
def load(n):
    value = st.slider("Rows", 1, 100)
    return n * value
"""


def test_position_is_the_widget_call_one_based():
    (diagnostic,) = lint(SLIDER_IN_CACHE)
    assert (diagnostic.line, diagnostic.column) == (5, 13)
    assert (diagnostic.end_line, diagnostic.end_column) == (5, 38)
    assert diagnostic.code == "STC102"
    assert diagnostic.name == "widget-in-cache"
    assert diagnostic.path == "snippet.py"


def test_helper_finding_is_reported_at_the_call_in_the_cached_body_with_the_chain():
    source = """\
import streamlit as st

def ask():
    return st.checkbox("Use cache?")

def settings():
    return {"cache": ask()}

@st.cache_resource
def model():
    return settings()
"""
    (diagnostic,) = lint(source)
    assert (diagnostic.line, diagnostic.column) == (11, 12)
    assert "`st.checkbox` (via `settings()` → `ask()`) inside cached `model()`" in diagnostic.message


@pytest.mark.parametrize(
    ("helpers", "chain"),
    [
        (6, "`step_0()` → `step_1()` → `step_2()` → `step_3()` → `step_4()` → `step_5()`"),
        (7, "`step_0()` → `step_1()` → `step_2()` → (2 more) → `step_5()` → `step_6()`"),
        (2_000, "`step_0()` → `step_1()` → `step_2()` → (1,995 more) → `step_1998()` → `step_1999()`"),
    ],
)
def test_a_long_chain_of_helpers_is_named_by_its_ends(helpers, chain):
    steps = "".join(f"def step_{n}():\n    return step_{n + 1}()\n\n" for n in range(helpers - 1))
    source = (
        f"import streamlit as st\n\n{steps}def step_{helpers - 1}():\n    return st.slider('n')\n\n"
        "@st.cache_data\ndef load():\n    return step_0()\n"
    )
    (diagnostic,) = lint(source)
    assert f"`st.slider` (via {chain}) inside cached `load()`" in diagnostic.message
    (related,) = diagnostic.related  # where the widget is: in the last helper
    assert (related[0], related[-1]) == (3 * helpers + 1, f"`st.slider` in `step_{helpers - 1}()`")


def test_remedy_depends_on_the_version():
    message_for = {version: lint(SLIDER_IN_CACHE, version)[0].message for version in ("1.14", "1.20", "1.36", "1.40")}
    assert "experimental_allow_widgets=True" not in message_for["1.14"]
    assert "pass experimental_allow_widgets=True to replay it" in message_for["1.20"]
    assert "experimental_allow_widgets" not in message_for["1.36"]  # deprecated there: not suggested
    assert "inert" in message_for["1.40"] and "vanishes" in message_for["1.36"]
    for message in message_for.values():
        assert "move the widget out and pass its value as an argument" in message


def test_opt_in_replays_only_between_1_15_and_1_37():
    replayed = SLIDER_IN_CACHE.replace("@st.cache_data", "@st.cache_data(experimental_allow_widgets=True)")
    assert codes(replayed, "1.35") == []
    assert codes(replayed, "1.37") == ["STC103"]
    assert codes(replayed, "1.38") == ["STC103", "STC102"]


def test_removed_opt_in_is_an_error_from_1_49():
    replayed = SLIDER_IN_CACHE.replace("@st.cache_data", "@st.cache_data(experimental_allow_widgets=True)")
    severity = {version: lint(replayed, version)[0].severity for version in ("1.36", "1.48", "1.49")}
    assert severity == {"1.36": "warning", "1.48": "warning", "1.49": "error"}
    assert "TypeError" in lint(replayed, "1.49")[0].message
    (deprecated,) = [d for d in lint(replayed, "1.49") if d.code == "STC103"]
    assert (deprecated.line, deprecated.column) == (3, 16)


def test_noqa_suppresses_all_or_the_listed_codes():
    def with_comment(comment):
        return SLIDER_IN_CACHE.replace("1, 100)", f"1, 100)  {comment}")

    assert codes(with_comment("# noqa")) == []
    assert codes(with_comment("# noqa: STC102")) == []
    assert codes(with_comment("# noqa:STC101,STC102")) == ["STC002"]  # STC101 silences nothing there
    assert codes(with_comment("# NOQA: STC1")) == []
    assert codes(with_comment("# noqa: STC101")) == ["STC102", "STC002"]
    assert codes(with_comment("# noqa: E501")) == ["STC102"]


def test_select_and_ignore_by_prefix_longest_wins():
    source = SLIDER_IN_CACHE + "\n@st.cache_data\ndef f():\n    st.toast('x')\n"
    assert codes(source) == ["STC102", "STC106"]
    assert codes(source, ignore=("STC102",)) == ["STC106"]
    assert codes(source, select=("STC106",)) == ["STC106"]
    assert codes(source, ignore=("STC1",), select=("STC106",)) == ["STC106"]
    assert codes(source, select=("STC1",), ignore=("STC10",)) == []


def test_unparsable_file_gives_stc001_with_the_reason():
    (diagnostic,) = lint("import streamlit as st\n@st.cache_data\ndef f(:\n    pass\n")
    assert diagnostic.code == "STC001"
    assert diagnostic.line == 3
    assert diagnostic.severity == "error"
    assert "cannot parse" in diagnostic.message


def test_file_without_streamlit_or_a_cache_decorator_is_not_parsed():
    # The prefilter decides from the text: this is not even valid Python, yet nothing is reported.
    assert check_source("def broken(:\n", "x.py", Settings()) == []
    assert check_source("import streamlit as st\nst.write(1\n", "x.py", Settings()) == []


def test_default_settings_are_usable():
    assert [d.code for d in check_source(SLIDER_IN_CACHE)] == ["STC102"]


def test_version_is_taken_from_settings():
    settings = Settings(streamlit_version=Version("1.35"))
    assert "pass experimental_allow_widgets=True" in check_source(SLIDER_IN_CACHE, "a.py", settings)[0].message


def test_nested_cached_function_names_its_closure_variables():
    source = """\
import streamlit as st

def page(threshold, rows):
    @st.cache_data(ttl=rows)
    def filtered(values):
        kept = [v for v in values if v > threshold]
        return kept

    return filtered((1, 2))
"""
    (diagnostic,) = lint(source)
    assert diagnostic.code == "STC205"
    assert "it reads `rows`, `threshold` from around it, which no cache key includes" in diagnostic.message


def test_legacy_st_cache_hashes_self_before_1_36():
    source = """\
import streamlit as st

class Model:
    @st.cache(allow_output_mutation=True)
    def load(self):
        return 1
"""
    assert codes(source, "1.35") == ["STC201"]
    assert codes(source, "1.40") == ["STC201", "STC203"]


def test_a_reported_file_leaves_no_garbage_for_the_cyclic_collector():
    # A file's facts hold reference cycles (a scope binds a function, which knows its scopes);
    # front ends that only report break them, so the whole tree goes when the check ends rather
    # than at the collector's next full pass, which grows slower with every tree left waiting.
    import gc

    from lint_cache.engine import check_file

    source = SLIDER_IN_CACHE + "\n\nclass Loader:\n    @st.cache_data\n    def rows(_self, n):\n        return n\n"
    check_file(source, "first.py", Settings(), with_fixes=False)  # imports and first-use caches
    gc.collect()
    gc.disable()
    try:
        diagnostics, _, _ = check_file(source, "app.py", Settings(), with_fixes=False)
        assert [diagnostic.code for diagnostic in diagnostics] == ["STC102"]
        assert gc.collect() == 0
    finally:
        gc.enable()
