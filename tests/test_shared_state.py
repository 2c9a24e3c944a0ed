"""Messages and output levels of the hidden-input and shared-state rules (issue 12)."""

import json
import subprocess
import sys
from pathlib import Path

from conftest import lint

LINT_CACHE = str(Path(sys.executable).with_name("lint-cache"))

LEAK = """\
import streamlit as st


@st.cache_data
def invoices():
    return st.user.email
"""


def messages(code, version="1.67"):
    return {(d.code, d.message) for d in lint(code, version)}


def test_user_data_is_an_error_in_sarif_and_github(tmp_path):
    (tmp_path / "app.py").write_text(LEAK)
    sarif = subprocess.run(
        [LINT_CACHE, "check", "app.py", "--format", "sarif"], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    (run,) = json.loads(sarif.stdout)["runs"]
    (result,) = run["results"]
    assert (result["ruleId"], result["level"]) == ("STC110", "error")
    rule = next(rule for rule in run["tool"]["driver"]["rules"] if rule["id"] == "STC110")
    assert rule["defaultConfiguration"]["level"] == "error"
    github = subprocess.run(
        [LINT_CACHE, "check", "app.py", "--format", "github"], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert github.stdout.startswith("::error file=app.py,line=6,"), github.stdout


def test_helper_chain_is_named_and_extra_reads_counted():
    (finding,) = messages(
        """
        import streamlit as st

        def inner():
            return st.session_state.a, st.session_state.b

        def outer():
            return inner()

        @st.cache_data
        def load():
            return outer()
        """
    )
    assert finding[0] == "STC108"
    assert (
        "`st.session_state.a` (via `outer()` → `inner()`) inside cached `load()` (and 1 more at this call)"
        in finding[1]
    )


def test_hidden_input_names_the_widget_once_per_name():
    found = messages(
        """
        import streamlit as st

        currency = st.sidebar.selectbox("Currency", ["EUR", "USD"])

        @st.cache_data
        def prices():
            return currency, currency.lower()
        """
    )
    (finding,) = found
    assert finding[0] == "STC109"
    assert "`currency` inside cached `prices()` is a module variable set from `st.sidebar.selectbox`" in finding[1]


def test_argument_blowup_says_what_a_ttl_bounds():
    (finding,) = messages(
        """
        import streamlit as st

        @st.cache_data(ttl=600)
        def histogram(low, high):
            return list(range(low, high))

        histogram(st.slider("Low", 0, 1000), st.slider("High", 0, 1000))
        """
    )
    assert "ttl=600 bounds the entries to those written within one ttl window" in finding[1]


def test_a_label_given_as_a_variable_is_printed_by_its_name():
    found = messages(
        """
        import streamlit as st

        @st.cache_data(experimental_allow_widgets=True)
        def pick(options, title):
            return st.text_input(title), st.text_area(options[0], key="notes")
        """,
        "1.35",
    )
    text = " ".join(message for code, message in found if code == "STC302")
    assert '"{title}"' in text and "\"key='notes'\"" in text, found
