"""STC105 side-effect-not-replayed: commands whose effect a cache hit does not repeat.

Session-state and query-parameter writes run only on a miss; st.stop and st.rerun leave nothing
cached; st.switch_page is not replayed; st.set_page_config fails on every run up to 1.37 and runs
once from 1.38 (design §1.3).
"""

from __future__ import annotations

from typing import Iterator

from lint_cache.diagnostics import ERROR, Finding
from lint_cache.facts import CALL, STATE_WRITE, ModuleFacts, first_per_anchor, more
from lint_cache.knowledge import streamlit_api
from lint_cache.settings import Settings

CODE = "STC105"
NAME = "side-effect-not-replayed"
SUMMARY = "A state write, st.stop, st.rerun, st.switch_page or st.set_page_config inside a cached function"


def check(facts: ModuleFacts, settings: Settings) -> Iterator[Finding]:
    for cached in facts.cached_functions:
        relevant = [effect for effect in cached.effects if _not_replayed(effect)]
        # A helper chain can lead to several such commands: one finding at the call names the first.
        for effect, others in first_per_anchor(relevant):
            where = facts.describe(effect, cached) + more(others)
            if effect.kind == STATE_WRITE:
                yield facts.finding(
                    effect,
                    f"{where} changes `st.{effect.name}` only on a cache miss, never on a hit: return the value "
                    "and set it outside the function",
                )
            elif effect.name == streamlit_api.SET_PAGE_CONFIG:
                yield _page_config(facts, effect, where, settings)
            else:
                side_effect = streamlit_api.NOT_REPLAYED_COMMANDS[effect.name]
                if side_effect.removed_in is not None and settings.streamlit_version >= side_effect.removed_in:
                    yield facts.finding(
                        effect,
                        f"{where} was removed in Streamlit {side_effect.removed_in} (AttributeError): use "
                        f"{side_effect.replacement}, outside the cached function",
                        ERROR,
                    )
                else:
                    yield facts.finding(effect, f"{where} {side_effect.consequence}; {side_effect.remedy}")


def _not_replayed(effect) -> bool:
    if effect.kind == STATE_WRITE:
        return True
    return (
        effect.kind == CALL
        and effect.container is None
        and (effect.name == streamlit_api.SET_PAGE_CONFIG or effect.name in streamlit_api.NOT_REPLAYED_COMMANDS)
    )


def _page_config(facts: ModuleFacts, effect, where: str, settings: Settings) -> Finding:
    if settings.streamlit_version < streamlit_api.SET_PAGE_CONFIG_RUNS_ONCE:
        return facts.finding(
            effect,
            f"{where} fails on every run before Streamlit {streamlit_api.SET_PAGE_CONFIG_RUNS_ONCE}: call "
            "st.set_page_config at the top of the script",
            ERROR,
        )
    return facts.finding(
        effect,
        f"{where} runs only on a cache miss, so the page config is not applied on later runs: "
        "call st.set_page_config at the top of the script",
    )
