"""Notes on settings that are valid but probably not what was meant; printed on stderr by `check`."""

from __future__ import annotations

from typing import Iterable, Optional

from lint_cache.knowledge import streamlit_api
from lint_cache.settings import Settings


def settings_notes(select: Optional[tuple[str, ...]], settings: Iterable[Settings]) -> list[str]:
    """`select`: the --select option as parsed (None when not given); `settings`: each file's."""
    notes = []
    if select is not None and not select:
        notes.append("--select is empty: it selects no rule, so nothing is checked")
    versions = sorted({s.streamlit_version for s in settings if s.streamlit_version < streamlit_api.CACHE_DATA_ADDED})
    for version in versions:
        notes.append(
            f"Streamlit {version} is older than st.cache_data and st.cache_resource "
            f"({streamlit_api.CACHE_DATA_ADDED}): findings about them describe decorators that release does not have"
        )
    return notes
