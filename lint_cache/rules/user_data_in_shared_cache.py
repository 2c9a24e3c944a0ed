"""STC110 user-data-in-shared-cache: a cached function reads st.user, st.experimental_user or
st.context (directly, through a helper, or through a module variable set from them).

Caches are shared by every session of the process and the value key holds the arguments only, so
the first user's identity, headers or cookies decide what every user gets: a data leak
(design §1.7).
"""

from __future__ import annotations

from typing import Iterator

from lint_cache.diagnostics import ERROR, Finding
from lint_cache.facts import GLOBAL_READ, REQUEST_READ, ModuleFacts, first_per_anchor, more
from lint_cache.knowledge import streamlit_api
from lint_cache.settings import Settings

CODE = "STC110"
NAME = "user-data-in-shared-cache"
SUMMARY = "A cached function reads st.user or st.context: one user's result is served to every user"
SEVERITY = ERROR

CONSEQUENCE = (
    "which is not part of the cache key: the result computed for the first user is served to every "
    "user of the app; pass the value as an argument"
)


def check(facts: ModuleFacts, settings: Settings) -> Iterator[Finding]:
    version = settings.streamlit_version
    for cached in facts.cached_functions:
        user_reads = [
            effect
            for effect in cached.effects
            if effect.kind == REQUEST_READ and streamlit_api.REQUEST_DATA[effect.name].per_user
        ]
        for effect, _ in first_per_anchor([read for read in user_reads if _removed(read, version)]):
            message = streamlit_api.REQUEST_DATA[effect.name].removed_message()
            yield Finding(effect.anchor, f"{facts.describe(effect, cached)}{message}")
        if cached.session_scoped(version):
            continue  # one cache per session: no other user is served its results
        reads = [
            effect
            for effect in cached.effects
            if effect.kind == REQUEST_READ
            and streamlit_api.REQUEST_DATA[effect.name].per_user
            and streamlit_api.REQUEST_DATA[effect.name].available(version)
            and not cached.refreshes_in_background(version)  # STC111 reports them
        ]
        for effect, others in first_per_anchor(reads):
            yield Finding(
                effect.anchor,
                f"{facts.describe(effect, cached)}{more(others)}: `st.{effect.name}` is per-user data {CONSEQUENCE}",
            )
        seen: set[str] = set()
        for effect in cached.effects:
            source = facts.varying_variables.get(effect.name) if effect.kind == GLOBAL_READ else None
            if source is not None and not facts.reruns:
                break  # a module the app imports runs once: its variables are set once (design §1.11)
            if source is None or not source.per_user or effect.name in seen:
                continue
            seen.add(effect.name)
            yield Finding(
                effect.anchor,
                f"{facts.describe(effect, cached)} is a module variable set from {source.origin} on each run: "
                f"per-user data {CONSEQUENCE}",
            )


def _removed(effect, version) -> bool:
    return streamlit_api.REQUEST_DATA[effect.name].removed_at(version)
