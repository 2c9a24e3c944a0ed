"""STC214 session-value-at-import: a module the app imports sets a module variable from a widget,
session state or request data at its top level.

An imported module runs once per process (design §1.11): its top level runs in the first session
that imports it, and the variable keeps that session's value for every later run and session. The
entry script and the pages rerun, so there the same line is STC109 / STC110's business, if a
cached function reads the variable. Reported once per place the value is read, naming the first
variable it went into. A name for Streamlit's proxy itself (`session = st.session_state`) is no
value of one session: the proxy reads the current session's data on each access.
"""

from __future__ import annotations

from typing import Iterator

from lint_cache.diagnostics import Finding
from lint_cache.facts import ModuleFacts
from lint_cache.settings import Settings

CODE = "STC214"
NAME = "session-value-at-import"
SUMMARY = "A module the app imports keeps a widget, session state or request value read at its top level"


def check(facts: ModuleFacts, settings: Settings) -> Iterator[Finding]:
    for captured in facts.captured_at_import:
        source = captured.source
        if source.widget:
            what = (
                f"the widget {source.origin} is drawn on the first run only and `{captured.name}` keeps its first value"
            )
            advice = "call it inside a function the page calls on every run"
        else:
            owner = "user" if source.per_user else "session"
            what = f"`{captured.name}` keeps the first {owner}'s {source.origin} value"
            advice = "read it inside the function that uses it"
        yield Finding(
            source.node,
            f"this module is imported, so its top level runs once per process: {what} for every later run and "
            f"session; {advice}",
        )
