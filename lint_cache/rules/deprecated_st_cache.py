"""STC201 deprecated-st-cache: the legacy `st.cache` decorator.

Deprecated since 1.18, an alias since 1.36 (`allow_output_mutation=True` → cache_resource, else
cache_data), removed in 1.62 (AttributeError). The fix applies Streamlit's own 1.36 mapping.
"""

from __future__ import annotations

from typing import Iterator

from lint_cache.diagnostics import Finding, Fix
from lint_cache.facts import CachedFunction, ModuleFacts
from lint_cache.fixes import edits
from lint_cache.knowledge import streamlit_api
from lint_cache.rules import lifecycle
from lint_cache.settings import Settings

CODE = "STC201"
NAME = "deprecated-st-cache"
SUMMARY = "The legacy st.cache decorator (deprecated in 1.18, removed in 1.62)"

# Options only st.cache had; its replacements reject them.
LEGACY_ONLY_OPTIONS = frozenset({"allow_output_mutation", "suppress_st_warning"})


def check(facts: ModuleFacts, settings: Settings) -> Iterator[Finding]:
    legacy = streamlit_api.CACHE_DECORATORS["cache"]
    version = settings.streamlit_version
    standing = lifecycle.standing(legacy, version)
    if standing is None:
        return
    state, severity = standing
    for cached in facts.cached_functions:
        if cached.cache.decorator != "cache":
            continue
        replacement = cached.behaves_as(streamlit_api.ST_CACHE_ALIASED)  # Streamlit's own mapping
        yield Finding(
            cached.cache.node,
            f"`st.cache` on `{cached.name}()` {state}: use `st.{replacement}`",
            severity,
            _fix(facts, cached, replacement),
        )
    yield from lifecycle.removed_imports(facts, legacy, version, instead="cache_data or cache_resource")


def _fix(facts: ModuleFacts, cached: CachedFunction, replacement: str):
    if replacement == "cache_resource" and "persist" in cached.cache.options:
        return None  # cache_resource has no `persist`: moving it is a decision, not a fix
    return Fix(
        f"Replace `st.cache` with `st.{replacement}`",
        safe=True,
        edits=lambda: edits.replace_decorator(facts, cached.cache, replacement, drop=LEGACY_ONLY_OPTIONS),
    )
