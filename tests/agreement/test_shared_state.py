"""Hidden inputs and shared state under real Streamlit (issue 12): two AppTest sessions in one
process share the caches, as two users of one server do, so the second session is served what the
first computed. For each app the linter, targeting the same release, reports the rule at the line
(and the look-alike nothing)."""

from __future__ import annotations

import json
import subprocess
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pytest
from oracle.scenarios import ORACLE_VERSIONS
from oracle.venvs import ensure_streamlit

from conftest import lint
from lint_cache.runtime import simulate_app

DRIVER = Path(__file__).with_name("sessions_driver.py")
RULES = {"STC108", "STC109", "STC110", "STC208", "STC209"}


@dataclass(frozen=True)
class TwoSessions:
    source: str
    sessions: tuple[dict, dict]  # session-state values ("@user", "@context": AppTest.user / .context)
    findings: frozenset[tuple[str, int]]  # (rule, line) the linter reports
    pages: tuple[list, list]  # what each session's page shows under real Streamlit
    only_on: Optional[str] = None  # AppTest.user and AppTest.context exist in 1.67, not 1.35

    @property
    def text(self) -> str:
        return textwrap.dedent(self.source).lstrip()


APPS = {
    "state_read_in_cache": TwoSessions(
        """
        import streamlit as st

        @st.cache_data
        def price():
            return "price in " + st.session_state["currency"]

        st.text(price())
        """,
        ({"currency": "EUR"}, {"currency": "USD"}),
        frozenset({("STC108", 5)}),
        (["price in EUR"], ["price in EUR"]),  # the second user asked for USD
    ),
    "state_passed_as_argument": TwoSessions(
        """
        import streamlit as st

        @st.cache_data
        def price(currency):
            return "price in " + currency

        st.text(price(st.session_state["currency"]))
        """,
        ({"currency": "EUR"}, {"currency": "USD"}),
        frozenset(),
        (["price in EUR"], ["price in USD"]),
    ),
    "global_from_state": TwoSessions(
        """
        import streamlit as st

        currency = st.session_state["currency"]

        @st.cache_data
        def price():
            return "price in " + currency

        st.text(price())
        """,
        ({"currency": "EUR"}, {"currency": "USD"}),
        frozenset({("STC109", 7)}),
        (["price in EUR"], ["price in EUR"]),
    ),
    "user_data_in_cache": TwoSessions(
        """
        import streamlit as st

        @st.cache_data
        def invoices():
            return "invoices of " + st.user.email

        @st.cache_data
        def greeting():
            return "locale " + st.context.locale

        st.text(invoices())
        st.text(greeting())
        """,
        (
            {"@user": {"email": "ann@example.com"}, "@context": {"locale": "en-US"}},
            {"@user": {"email": "bob@example.com"}, "@context": {"locale": "de-DE"}},
        ),
        frozenset({("STC110", 5), ("STC110", 9)}),
        (["invoices of ann@example.com", "locale en-US"], ["invoices of ann@example.com", "locale en-US"]),
        only_on="1.67.0",
    ),
    "shared_list_mutated": TwoSessions(
        """
        import streamlit as st

        @st.cache_resource
        def history():
            return []

        history().append(st.session_state["user"])
        st.text(", ".join(history()))
        """,
        ({"user": "ann"}, {"user": "bob"}),
        frozenset({("STC208", 7)}),
        (["ann"], ["ann, bob"]),  # bob sees ann's message
    ),
    "data_copy_mutated": TwoSessions(
        """
        import streamlit as st

        @st.cache_data
        def history():
            return []

        rows = history()
        rows.append(st.session_state["user"])
        st.text(", ".join(rows))
        """,
        ({"user": "ann"}, {"user": "bob"}),
        frozenset(),
        (["ann"], ["bob"]),
    ),
    "method_sets_self": TwoSessions(
        """
        import streamlit as st

        class Model:
            @st.cache_resource
            def load(_self, name):
                _self.name = name

        model = Model()
        model.load(st.session_state["model"])
        st.text(model.name)
        """,
        ({"model": "small"}, {"model": "small"}),
        frozenset({("STC209", 4)}),
        (["small"], ["error: 'Model' object has no attribute 'name'"]),
    ),
}


CASES = [(name, version) for name, app in APPS.items() for version in ORACLE_VERSIONS if app.only_on in (None, version)]


@pytest.fixture(scope="module")
def pages():
    """Per release, what each app's two sessions show under real Streamlit (one process per release)."""
    shown: dict[str, dict] = {}

    def of(version: str) -> dict:
        if version not in shown:
            apps = {
                name: {"source": APPS[name].text, "sessions": list(APPS[name].sessions)}
                for name, on in CASES
                if on == version
            }
            done = subprocess.run(
                [str(ensure_streamlit(version)), str(DRIVER)],
                input=json.dumps(apps),
                capture_output=True,
                text=True,
                timeout=600,
            )
            assert done.returncode == 0, done.stderr
            shown[version] = json.loads(done.stdout)
        return shown[version]

    return of


@pytest.mark.parametrize(("name", "version"), CASES, ids=[f"{name}-{version}" for name, version in CASES])
def test_streamlit_serves_the_stale_or_shared_value_where_the_linter_says(name, version, pages):
    app = APPS[name]
    assert pages(version)[name] == list(app.pages)
    found = {(d.code, d.line) for d in lint(app.text, version) if d.code in RULES}
    assert found == set(app.findings)


def simulated_pages(app: TwoSessions, version: str, tmp_path: Path) -> list[list[str]]:
    """What each session's page shows under the reference runtime, in the driver's shape."""
    path = tmp_path / "app.py"
    path.write_text(app.text, encoding="utf-8")
    runs = []
    for name, values in zip(("one", "two"), app.sessions):
        run = {"@session": name, "@session_state": {k: v for k, v in values.items() if not k.startswith("@")}}
        run.update({k: v for k, v in values.items() if k.startswith("@")})
        runs.append(run)
    result = simulate_app(str(path), version, runs=runs)
    pages = []
    for run, screen in enumerate(result.screens):
        page = [line.split(": ", 2)[2] for line in screen if line.startswith("main: text: ")]
        page += [f"error: {error.message}" for error in result.errors if error.run == run]
        pages.append(page)
    return pages


@pytest.mark.parametrize(("name", "version"), CASES, ids=[f"{name}-{version}" for name, version in CASES])
def test_the_runtime_serves_what_streamlit_serves(name, version, pages, tmp_path):
    assert simulated_pages(APPS[name], version, tmp_path) == pages(version)[name]
