"""STC102 widget-in-cache: a widget runs inside a cached function without working widget replay.

Without replay (no opt-in, Streamlit before 1.15, legacy st.cache, or 1.38 and later) the widget
exists only on the run that computes the value: on a hit it vanishes (≤1.37) or is shown inert
(≥1.38), and its first value is frozen into the cached result (design §1.2).
"""

from __future__ import annotations

from typing import Iterator

from lint_cache.diagnostics import Finding
from lint_cache.facts import CachedFunction, ModuleFacts
from lint_cache.knowledge import streamlit_api
from lint_cache.settings import Settings

CODE = "STC102"
NAME = "widget-in-cache"
SUMMARY = "A widget runs inside a cached function without working widget replay"

MOVE_OUT = "move the widget out and pass its value as an argument"
FORM = "form"
FORM_CONSEQUENCE = (
    "makes Streamlit show a CachedWidgetWarning on every cache miss (its block is replayed on hits); "
    "create the form outside the function and pass its values as arguments"
)


def _form_warns(cached: CachedFunction, version) -> bool:
    """st.form runs the cached-widget check from 1.34; the legacy st.cache never set its flag."""
    return version >= streamlit_api.FORM_CHECKED_AS_WIDGET and cached.behaves_as(version) != "cache"


def check(facts: ModuleFacts, settings: Settings) -> Iterator[Finding]:
    version = settings.streamlit_version
    for cached in facts.cached_functions:
        if cached.replays_widgets(version):
            continue
        for effect, widget in cached.widget_effects:
            if widget.unsupported_in_cache:
                continue  # STC101 reports it
            if widget.name == FORM:
                if _form_warns(cached, version):
                    yield facts.finding(effect, f"{facts.describe(effect, cached)} {FORM_CONSEQUENCE}")
                continue
            yield facts.finding(effect, f"{facts.describe(effect, cached)} {consequence(cached, version)}")


def consequence(cached: CachedFunction, version) -> str:
    if version >= streamlit_api.WIDGET_REPLAY_REMOVED:
        removed = streamlit_api.WIDGET_REPLAY_REMOVED
        ignored = (
            f" (experimental_allow_widgets is ignored since Streamlit {removed})" if cached.allows_widgets() else ""
        )
        inert = "works only on a cache miss: on hits it is inert and its first value stays in the result"
        return f"{inert}{ignored}; {MOVE_OUT}"
    lost = "runs only on a cache miss: on hits it vanishes and its first value stays in the result"
    can_opt_in = cached.cache.info.accepts_allow_widgets and (
        streamlit_api.WIDGET_REPLAY_ADDED <= version < streamlit_api.ALLOW_WIDGETS_DEPRECATED
    )
    if can_opt_in:
        return f"{lost}; {MOVE_OUT}, or pass experimental_allow_widgets=True to replay it"
    return f"{lost}; {MOVE_OUT}"
