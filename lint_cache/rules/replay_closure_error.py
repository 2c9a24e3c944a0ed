"""STC106 replay-closure-error: a call that Streamlit cannot replay, raising CacheReplayClosureError.

The first run works; every cache hit raises: an explicit call on a container, column or placeholder
created outside the cached function (st.bottom included), st.toast, a style-only st.html (from
1.45), and st.chat_input on the main area, which Streamlit pins to the bottom container (once widget
messages are recorded: from 1.38, or with widget replay on 1.15–1.37) (design §1.3).
"""

from __future__ import annotations

from typing import Iterator

from lint_cache.diagnostics import ERROR, Finding
from lint_cache.facts import CALL, DIALOG, OUTSIDE, ModuleFacts, literal_value
from lint_cache.knowledge import streamlit_api
from lint_cache.settings import Settings

CODE = "STC106"
NAME = "replay-closure-error"
SUMMARY = (
    "A call on an outside container, st.toast, a style-only st.html or a main-area st.chat_input inside a cached "
    "function"
)
SEVERITY = ERROR


def check(facts: ModuleFacts, settings: Settings) -> Iterator[Finding]:
    version = settings.streamlit_version
    for cached in facts.cached_functions:
        if not cached.replays_elements(version) or cached.refreshes_in_background(version):
            continue  # nothing recorded, so nothing to fail on a hit (background refresh: STC111)
        widgets_recorded = version >= streamlit_api.WIDGET_MESSAGES_ALWAYS_RECORDED or cached.replays_widgets(version)
        for effect in cached.effects:
            if effect.kind != CALL:
                continue
            where = facts.describe(effect, cached)
            if effect.container is not None and effect.container.origin == OUTSIDE:
                yield facts.finding(
                    effect,
                    f"{where} writes to a container made by `{effect.container.created_by}` outside the function: "
                    "every cache hit raises CacheReplayClosureError; create the container inside the function "
                    "or make the call outside it",
                )
            elif effect.name == DIALOG and effect.container is None:
                yield facts.finding(
                    effect,
                    f"{where} opens a dialog, which cannot be replayed: every cache hit raises "
                    "CacheReplayClosureError; open it outside the function",
                )
            elif effect.name in streamlit_api.REPLAY_CLOSURE_COMMANDS:
                yield facts.finding(
                    effect,
                    f"{where} cannot be replayed: every cache hit raises CacheReplayClosureError; "
                    "call it outside the function",
                )
            elif (
                effect.name == streamlit_api.STYLE_ONLY_HTML
                and version >= streamlit_api.STYLE_ONLY_HTML_FAILS
                and _is_style_only(effect.call)
            ):
                yield facts.finding(
                    effect,
                    f"{where} holds only <style>, which cannot be replayed: every cache hit raises "
                    "CacheReplayClosureError; call it outside the function",
                )
            elif (
                effect.name in streamlit_api.BOTTOM_PINNED_COMMANDS
                and version >= streamlit_api.BOTTOM_PINNED_COMMANDS[effect.name]
                and effect.container is None
                and not effect.in_container_block
                and widgets_recorded
            ):
                yield facts.finding(
                    effect,
                    f"{where} is pinned to the bottom of the page, a container made outside the function: every "
                    "cache hit raises CacheReplayClosureError; call it outside the function",
                )


def _is_style_only(call) -> bool:
    body = call.args[0].value if call is not None and call.args and call.args[0].keyword is None else None
    return streamlit_api.is_style_only_html(literal_value(body))
