"""STC101 unsupported-widget-in-cache: st.file_uploader or st.camera_input inside a cached function.

Streamlit's docs call both unsupported inside cached functions in every version (design §1.2).
"""

from __future__ import annotations

from typing import Iterator

from lint_cache.diagnostics import Finding
from lint_cache.facts import ModuleFacts
from lint_cache.settings import Settings

CODE = "STC101"
NAME = "unsupported-widget-in-cache"
SUMMARY = "st.file_uploader or st.camera_input runs inside a cached function"


def check(facts: ModuleFacts, settings: Settings) -> Iterator[Finding]:
    for cached in facts.cached_functions:
        for effect, widget in cached.widget_effects:
            if widget.unsupported_in_cache:
                yield facts.finding(
                    effect,
                    f"{facts.describe(effect, cached)} is not supported by Streamlit: call it outside the "
                    "function and pass the file's bytes (`.getvalue()`) as an argument",
                )
