"""STC104 allow-widgets-without-widgets: the widget-replay opt-in on a function where no widget runs.

From 1.36 the opt-in itself is reported by STC103, whose message covers this case too.
"""

from __future__ import annotations

from typing import Iterator

from lint_cache.diagnostics import Finding
from lint_cache.facts import ModuleFacts
from lint_cache.fixes import edits
from lint_cache.knowledge import streamlit_api
from lint_cache.settings import Settings

CODE = "STC104"
NAME = "allow-widgets-without-widgets"
SUMMARY = "experimental_allow_widgets on a function where no widget runs"


def check(facts: ModuleFacts, settings: Settings) -> Iterator[Finding]:
    version = settings.streamlit_version
    if version >= streamlit_api.ALLOW_WIDGETS_DEPRECATED:
        return
    allow_widgets = streamlit_api.CACHE_OPTIONS[streamlit_api.ALLOW_WIDGETS_OPTION]
    for cached in facts.cached_functions:
        option = cached.cache.options.get(streamlit_api.ALLOW_WIDGETS_OPTION)
        if option is None or not cached.allows_widgets() or cached.widget_effects:
            continue
        if not allow_widgets.accepted(cached.cache.decorator, version):
            continue  # the option does not exist there: a different mistake
        yield Finding(
            cached.cache.anchor(streamlit_api.ALLOW_WIDGETS_OPTION),
            f"`experimental_allow_widgets=True` on cached `{cached.name}()` does nothing: no widget runs "
            "inside it; remove the option",
            fix=edits.remove_opt_in(cached.cache),
        )
