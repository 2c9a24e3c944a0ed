"""STC107 misplaced-replay: `with st.sidebar:` or `with <outside container>:` inside a cached function.

The first run is right; on a cache hit the recorded elements are replayed into the main area (for
`with st.sidebar:`) or outside the container, silently (design §1.3).
"""

from __future__ import annotations

from typing import Iterator

from lint_cache.diagnostics import Finding
from lint_cache.facts import SIDEBAR, WITH_CONTAINER, ModuleFacts
from lint_cache.settings import Settings

CODE = "STC107"
NAME = "misplaced-replay"
SUMMARY = "`with st.sidebar:` or `with` on a container created outside, inside a cached function"


def check(facts: ModuleFacts, settings: Settings) -> Iterator[Finding]:
    for cached in facts.cached_functions:
        version = settings.streamlit_version
        if not cached.replays_elements(version) or cached.refreshes_in_background(version):
            continue  # nothing recorded, so nothing replayed in the wrong place (background refresh: STC111)
        for effect in cached.effects:
            if effect.kind != WITH_CONTAINER:
                continue
            where = facts.describe(effect, cached, spelling=f"with {facts.source(effect.node)}:")
            if effect.container is not None and effect.container.origin == SIDEBAR:
                remedy = "call `st.sidebar.<command>` explicitly, or move the block out of the function"
                destination = "into the main area instead of the sidebar"
            else:
                remedy = "create the container inside the function, or move the block out of it"
                destination = "outside the container"
            yield facts.finding(effect, f"{where}: on a cache hit its elements are replayed {destination}; {remedy}")
