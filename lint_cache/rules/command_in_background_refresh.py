"""STC111 command-in-background-refresh: a Streamlit command, or a read of session state, query
parameters, the user or the context, inside a cached function with `refresh_mode="background"`.

With background refresh (1.61+) nothing the function shows is replayed on hits, and Streamlit warns
(`CachedStFunctionInBackgroundModeWarning`); a hit past the ttl recomputes the value in a thread
with no session, where there is no session state, user or context to read (design §1.10). It takes
the place of STC106, STC107, STC108 and STC110 for the same expression in such a function.
"""

from __future__ import annotations

from typing import Iterator

from lint_cache.diagnostics import Finding
from lint_cache.facts import CALL, COMPONENT, REQUEST_READ, WITH_CONTAINER, ModuleFacts, first_per_anchor, more
from lint_cache.knowledge import streamlit_api
from lint_cache.settings import Settings

CODE = "STC111"
NAME = "command-in-background-refresh"
SUMMARY = 'A Streamlit command or a session read inside a `refresh_mode="background"` cached function'


def check(facts: ModuleFacts, settings: Settings) -> Iterator[Finding]:
    version = settings.streamlit_version
    for cached in facts.cached_functions:
        if not cached.refreshes_in_background(version):
            continue
        reads = [effect for effect in cached.effects if effect.kind == REQUEST_READ]
        read_anchors = {id(effect.anchor) for effect in reads}
        for effect, others in first_per_anchor(reads):
            yield facts.finding(
                effect,
                f"{facts.describe(effect, cached)}{more(others)}: a background refresh runs in a thread with no "
                f"session, so `st.{effect.name}` there is not this user's; pass the value as an argument",
            )
        shown = [effect for effect in cached.effects if _displays(effect) and id(effect.anchor) not in read_anchors]
        for effect, others in first_per_anchor(shown):
            spelling = f"with {facts.source(effect.node)}:" if effect.kind == WITH_CONTAINER else None
            yield facts.finding(
                effect,
                f"{facts.describe(effect, cached, spelling=spelling)}{more(others)} is shown only when the function "
                'runs: with refresh_mode="background" nothing is replayed on hits (Streamlit warns); move it out '
                'of the function or use refresh_mode="foreground"',
            )


def _displays(effect) -> bool:
    if effect.kind in (COMPONENT, WITH_CONTAINER):
        return True
    return effect.kind == CALL and effect.name.split(".")[0] not in streamlit_api.NON_DISPLAY_COMMANDS
