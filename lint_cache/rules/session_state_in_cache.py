"""STC108 session-state-in-cache: a cached function reads st.session_state or st.query_params.

The value key holds the arguments only, so the state read on the first call is frozen into the
result: every later run and every other session gets that result (design §1.7).
"""

from __future__ import annotations

from typing import Iterator

from lint_cache.diagnostics import ERROR, Finding
from lint_cache.facts import REQUEST_READ, ModuleFacts, first_per_anchor, more
from lint_cache.knowledge import streamlit_api
from lint_cache.settings import Settings

CODE = "STC108"
NAME = "session-state-in-cache"
SUMMARY = "A cached function reads st.session_state or st.query_params, which are not part of its key"


def check(facts: ModuleFacts, settings: Settings) -> Iterator[Finding]:
    version = settings.streamlit_version
    for cached in facts.cached_functions:
        if cached.refreshes_in_background(version):
            continue  # STC111 reports the reads of a background refresh
        reads = [effect for effect in cached.effects if effect.kind == REQUEST_READ]
        per_user = {id(effect.anchor) for effect in reads if streamlit_api.REQUEST_DATA[effect.name].per_user}
        state_reads = [
            effect
            for effect in reads
            if not streamlit_api.REQUEST_DATA[effect.name].per_user
            and streamlit_api.REQUEST_DATA[effect.name].available(version)
            and id(effect.anchor) not in per_user  # STC110 reports this call
        ]
        removed = [
            effect
            for effect in reads
            if id(effect.anchor) not in per_user and streamlit_api.REQUEST_DATA[effect.name].removed_at(version)
        ]
        for effect, _ in first_per_anchor(removed):
            data = streamlit_api.REQUEST_DATA[effect.name]
            yield Finding(effect.anchor, f"{facts.describe(effect, cached)}{data.removed_message()}", ERROR)
        for effect, others in first_per_anchor(state_reads):
            state = "st.query_params" if "query_params" in effect.name else "st.session_state"
            yield Finding(
                effect.anchor,
                f"{facts.describe(effect, cached)}{more(others)}: `{state}` is not part of the "
                f"cache key, so {cached.served_first(version)} gets the result computed with the first value; "
                "pass the value as an argument",
            )
