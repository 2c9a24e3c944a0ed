"""STC201 deprecated-st-cache: the legacy `st.cache` decorator.

Deprecated since 1.18, an alias since 1.36 (`allow_output_mutation=True` → cache_resource, else
cache_data), removed in 1.62 (AttributeError). The fix applies Streamlit's own 1.36 mapping.
"""

from __future__ import annotations

from typing import Iterator

from lint_cache import edits, streamlit_api
from lint_cache.diagnostics import ERROR, Finding, Fix
from lint_cache.facts import CachedFunction, ModuleFacts
from lint_cache.facts.literals import literal_value
from lint_cache.settings import Settings

CODE = "STC201"
NAME = "deprecated-st-cache"
SUMMARY = "The legacy st.cache decorator (deprecated in 1.18, removed in 1.62)"

# Options only st.cache had; its replacements reject them.
LEGACY_ONLY_OPTIONS = frozenset({"allow_output_mutation", "suppress_st_warning"})


def check(facts: ModuleFacts, settings: Settings) -> Iterator[Finding]:
    legacy = streamlit_api.CACHE_DECORATORS["cache"]
    version = settings.streamlit_version
    if version < legacy.deprecated_in:
        return
    for cached in facts.cached_functions:
        if cached.cache.decorator != "cache":
            continue
        replacement = replacement_for(cached)
        if version >= legacy.removed_in:
            state, severity = "was removed in Streamlit 1.62 (AttributeError)", ERROR
        else:
            state, severity = "is deprecated since Streamlit 1.18 and removed in 1.62", None
        yield Finding(
            cached.cache.node,
            f"`st.cache` on `{cached.name}()` {state}: use `st.{replacement}`",
            severity,
            _fix(facts, cached, replacement),
        )
    if version >= legacy.removed_in:
        for alias in facts.streamlit_imports("cache"):
            yield Finding(
                alias,
                "`from streamlit import cache` raises ImportError since Streamlit 1.62 (st.cache was removed): "
                "import cache_data or cache_resource instead",
                ERROR,
            )


def replacement_for(cached: CachedFunction) -> str:
    """Streamlit 1.36's mapping: shared mutable results stay shared (cache_resource)."""
    mutable = literal_value(cached.cache.option("allow_output_mutation"), default=False)
    return "cache_resource" if mutable is True else "cache_data"


def _fix(facts: ModuleFacts, cached: CachedFunction, replacement: str):
    if replacement == "cache_resource" and "persist" in cached.cache.options:
        return None  # cache_resource has no `persist`: moving it is a decision, not a fix
    return Fix(
        f"Replace `st.cache` with `st.{replacement}`",
        safe=True,
        edits=lambda: edits.replace_decorator(facts, cached.cache, replacement, drop=LEGACY_ONLY_OPTIONS),
    )
