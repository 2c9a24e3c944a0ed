"""Rule logic that only a mutant showed untested (issue 30): severities the case files cannot state,
the forms of noqa comments, a mutation found through two helpers, and the rule loader's reading of
metadata."""

from __future__ import annotations

import textwrap

import pytest

from conftest import lint
from lint_cache.diagnostics import ERROR, WARNING
from lint_cache.rules import metadata_in


@pytest.mark.parametrize(
    ("version", "severity"),
    [("1.36", WARNING), ("1.37", ERROR)],
)
def test_a_removed_decorator_used_as_a_function_is_an_error_once_it_is_gone(version, severity):
    found = lint("import streamlit as st\n\nload = st.experimental_memo(lambda: 1)\n", version)
    assert [(d.code, d.severity) for d in found] == [("STC202", severity)]


def test_the_legacy_st_cache_call_form_is_an_error_from_1_62():
    source = "import streamlit as st\n\n\ndef _load():\n    return 1\n\n\nload = st.cache(_load)\n"
    assert [(d.code, d.severity) for d in lint(source, "1.61")] == [("STC201", WARNING)]
    assert [(d.code, d.severity) for d in lint(source, "1.62")] == [("STC201", ERROR)]


def test_a_lower_case_noqa_silences_its_code():
    source = "import streamlit as st\n\n\n@st.cache_data\ndef a():\n    return st.slider('n')  # noqa: stc102\n"
    assert lint(source) == []


def test_an_unused_noqa_of_several_codes_and_one_on_its_own_line_are_reported_and_removed_whole():
    source = textwrap.dedent(
        """\
        import streamlit as st


        @st.cache_data
        def b():
            return 1  # noqa: STC102, STC105


        # noqa: STC101
        x = 1
        """
    )
    found = lint(source)
    assert [(d.line, d.code) for d in found] == [(6, "STC002"), (9, "STC002")]
    assert "STC102, STC105" in found[0].message and found[0].fix_safety == "safe"


def test_a_mutation_through_two_helpers_names_the_first():
    source = textwrap.dedent(
        """\
        import streamlit as st


        @st.cache_resource
        def settings():
            return {"theme": "dark"}


        def inner(conf):
            conf["theme"] = "light"


        def outer(conf):
            inner(conf)


        outer(settings())
        """
    )
    found = [d for d in lint(source) if d.code == "STC208"]
    assert [d.line for d in found] == [17]
    assert "`outer()`" in found[0].message


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (b'CODE = "STC999"\nNAME = "x"\nSUMMARY = "y"\n', {"CODE": "STC999", "NAME": "x", "SUMMARY": "y"}),
        (b'CODE = "STC999"\nNAME = "x"\n', None),  # no SUMMARY: not a rule the loader can list
        (b'CODE = "STC" + "999"\nNAME = "x"\nSUMMARY = "y"\n', None),  # not a literal: read by importing
        (
            b'from lint_cache.diagnostics import ERROR\nCODE = "STC999"\nNAME = "x"\nSUMMARY = "y"\nSEVERITY = ERROR\n',
            {"CODE": "STC999", "NAME": "x", "SUMMARY": "y", "SEVERITY": ERROR},
        ),
    ],
)
def test_rule_metadata_is_read_from_literals_only(source, expected):
    assert metadata_in(source) == expected


@pytest.mark.parametrize(("release", "nearest"), [("0.88", "1.0"), ("1.70", "1.67")])
def test_a_release_outside_the_known_range_is_checked_as_the_nearest_known(release, nearest):
    from packaging.version import Version

    from lint_cache.knowledge import streamlit_api

    assert streamlit_api.outside_known(Version(release))
    assert streamlit_api.outside_known_note(Version(release)).endswith(f"checked as Streamlit {nearest} behaves")


def test_a_pin_older_than_the_known_releases_is_checked_as_1_0_behaves():
    # st.cache took persist, allow_output_mutation, show_spinner, suppress_st_warning and hash_funcs
    # long before 1.0 (Streamlit's tags 0.53 to 0.87): no STC210 for an app pinned to 0.82.
    source = (
        "import streamlit as st\n\n\n"
        "@st.cache(allow_output_mutation=True, suppress_st_warning=True)\ndef f():\n    return 1\n"
    )
    assert [d.code for d in lint(source, "0.82")] == [d.code for d in lint(source, "1.0")] == []


def test_an_unpaired_surrogate_loses_no_finding():
    # An editor's buffer can hold one (UTF-8 cannot): the rest of the file is linted, positions kept.
    source = 'import streamlit as st\n\nx = "\udcff"\n\n\n@st.cache_data\ndef f():\n    return st.slider("n")\n'
    assert [(d.code, d.line, d.column) for d in lint(source)] == [("STC102", 8, 12)]


def test_st_cache_called_on_a_function_is_fixed_unless_persist_would_be_lost():
    from conftest import CASES

    text = (CASES / "stc201_other_uses_1_40.py").read_text(encoding="utf-8")
    assert [(d.line, d.fix_safety) for d in lint(text, "1.40")] == [(9, None), (10, "safe"), (11, None)]


def test_a_bare_noqa_is_no_unused_noqa_and_does_not_hide_one():
    source = textwrap.dedent(
        """\
        import streamlit as st

        x = 1  # noqa
        y = 2  # noqa: STC101


        @st.cache_data
        def load():
            return 1
        """
    )
    assert [(d.line, d.code) for d in lint(source)] == [(4, "STC002")]
