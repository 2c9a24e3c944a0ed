"""STC103 allow-widgets-deprecated: experimental_allow_widgets on Streamlit 1.36 or later.

1.36 deprecates the opt-in (a warning on every run), 1.38 removes widget replay (the opt-in is
ignored), 1.49 removes the parameter (TypeError when the function is decorated).
"""

from __future__ import annotations

from typing import Iterator

from lint_cache.diagnostics import ERROR, Finding
from lint_cache.facts import ModuleFacts
from lint_cache.fixes import edits
from lint_cache.knowledge import streamlit_api
from lint_cache.settings import Settings

CODE = "STC103"
NAME = "allow-widgets-deprecated"
SUMMARY = "experimental_allow_widgets is deprecated (1.36), ignored (1.38) and an error (1.49)"


def check(facts: ModuleFacts, settings: Settings) -> Iterator[Finding]:
    version = settings.streamlit_version
    if version < streamlit_api.ALLOW_WIDGETS_DEPRECATED:
        return
    for cached in facts.cached_functions:
        option = cached.cache.options.get(streamlit_api.ALLOW_WIDGETS_OPTION)
        if option is None:
            continue
        if not cached.allows_widgets() and version < streamlit_api.ALLOW_WIDGETS_REMOVED:
            continue  # `=False` is never warned about while the parameter exists (AppTest, 1.45.1)
        stage = streamlit_api.stage_at(streamlit_api.ALLOW_WIDGETS_STAGES, version)
        if cached.widget_effects:
            remedy = "move the widgets out, pass their values as arguments and remove the option"
        else:
            remedy = "remove it (no widget runs inside)"
        yield Finding(
            cached.cache.anchor(streamlit_api.ALLOW_WIDGETS_OPTION),
            f"`experimental_allow_widgets` on cached `{cached.name}()` {stage.state}: {remedy}",
            ERROR if stage.fails else None,
            # With widgets left, removing the opt-in changes what the app does: they must move first.
            fix=None if cached.widget_effects else edits.remove_opt_in(cached.cache),
        )
