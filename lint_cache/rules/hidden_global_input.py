"""STC109 hidden-global-input: a cached function reads a module variable that changes between runs.

A module-level name assigned from a widget, session state or request data holds this run's value;
the cache key holds the arguments only, so the result keeps the value of the first call
(design §1.7). Names set from st.user / st.context are STC110's.
"""

from __future__ import annotations

from typing import Iterator

from lint_cache.diagnostics import Finding
from lint_cache.facts import GLOBAL_READ, ModuleFacts
from lint_cache.settings import Settings

CODE = "STC109"
NAME = "hidden-global-input"
SUMMARY = "A cached function reads a module variable set from a widget or session state on each run"


def check(facts: ModuleFacts, settings: Settings) -> Iterator[Finding]:
    version = settings.streamlit_version
    if not facts.varying_variables or not facts.reruns:
        return  # a module the app imports runs once: its module variables are set once (design §1.11)
    for cached in facts.cached_functions:
        seen: set[str] = set()
        for effect in cached.effects:
            source = facts.varying_variables.get(effect.name) if effect.kind == GLOBAL_READ else None
            if source is None or source.per_user or effect.name in seen:
                continue
            seen.add(effect.name)
            yield Finding(
                effect.anchor,
                f"{facts.describe(effect, cached)} is a module variable set from {source.origin} on each run, "
                "which is not part of the cache key: the result keeps the value of the first call, for "
                f"{cached.served_first(version)}; pass it as an argument",
            )
