"""STC201 deprecated-st-cache: the legacy `st.cache` decorator.

Deprecated since 1.18, an alias since 1.36 (`allow_output_mutation=True` → cache_resource, else
cache_data), removed in 1.62 (AttributeError). The fix applies Streamlit's own 1.36 mapping.
"""

from __future__ import annotations

from typing import Iterator

from lint_cache.diagnostics import ERROR, Finding, Fix
from lint_cache.facts import CachedFunction, DecoratorUse, ModuleFacts, literal_value
from lint_cache.fixes import edits
from lint_cache.knowledge import streamlit_api
from lint_cache.settings import Settings

CODE = "STC201"
NAME = "deprecated-st-cache"
SUMMARY = "The legacy st.cache decorator (deprecated in 1.18, removed in 1.62)"


def check(facts: ModuleFacts, settings: Settings) -> Iterator[Finding]:
    legacy = streamlit_api.CACHE_DECORATORS["cache"]
    version = settings.streamlit_version
    stage = streamlit_api.stage_at(legacy.stages, version)
    if stage is None:
        return
    for cached in facts.cached_functions:
        if cached.cache.decorator != "cache":
            continue
        replacement = cached.behaves_as(streamlit_api.ST_CACHE_ALIASED)  # Streamlit's own mapping
        yield Finding(
            cached.cache.node,
            f"`st.cache` on `{cached.name}()` {stage.state}: use `st.{replacement}`",
            ERROR if stage.fails else None,
            _fix(facts, cached, replacement),
        )
    for use in facts.decorator_uses:
        if use.decorator == legacy.name:
            yield _other_use(facts, use, stage)
    if legacy.removed_at(version):
        for alias in facts.streamlit_imports(legacy.name):
            yield Finding(alias, legacy.import_error(instead="cache_data or cache_resource"), ERROR)


def _other_use(facts: ModuleFacts, use: DecoratorUse, stage) -> Finding:
    """`st.cache(...)(fn)` on any callable, or `st.cache` named anywhere else (`.clear()`)."""
    severity = ERROR if stage.fails else None
    if not use.called:
        return Finding(use.reference, f"`st.cache` {stage.state}: use `st.cache_data` or `st.cache_resource`", severity)
    mutable = literal_value(use.cache.option("allow_output_mutation"), default=False) is True
    replacement = "cache_resource" if mutable else "cache_data"
    fix = None
    if not (replacement == "cache_resource" and "persist" in use.cache.options):
        fix = Fix(
            f"Replace `st.cache` with `st.{replacement}`",
            safe=True,
            edits=lambda: edits.replace_decorator(
                facts, use.cache, replacement, drop=streamlit_api.LEGACY_ONLY_OPTIONS
            ),
        )
    return Finding(use.reference, f"`st.cache` {stage.state}: use `st.{replacement}`", severity, fix)


def _fix(facts: ModuleFacts, cached: CachedFunction, replacement: str):
    if replacement == "cache_resource" and "persist" in cached.cache.options:
        return None  # cache_resource has no `persist`: moving it is a decision, not a fix
    if cached.cache.defined_in is not None:
        return None  # the decorator object is made in another module: the fix is there
    return Fix(
        f"Replace `st.cache` with `st.{replacement}`",
        safe=True,
        edits=lambda: edits.replace_decorator(facts, cached.cache, replacement, drop=streamlit_api.LEGACY_ONLY_OPTIONS),
    )
