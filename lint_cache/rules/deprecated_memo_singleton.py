"""STC202 deprecated-memo-singleton: `st.experimental_memo` and `st.experimental_singleton`.

Deprecated since 1.18 in favour of `st.cache_data` / `st.cache_resource` (same options), removed
in 1.37 (AttributeError).
"""

from __future__ import annotations

from typing import Iterator

from lint_cache.diagnostics import ERROR, Finding, Fix
from lint_cache.facts import CacheUse, ModuleFacts
from lint_cache.fixes import edits
from lint_cache.knowledge import streamlit_api
from lint_cache.settings import Settings

CODE = "STC202"
NAME = "deprecated-memo-singleton"
SUMMARY = "st.experimental_memo or st.experimental_singleton (deprecated in 1.18, removed in 1.37)"

DECORATORS = ("experimental_memo", "experimental_singleton")


def check(facts: ModuleFacts, settings: Settings) -> Iterator[Finding]:
    version = settings.streamlit_version
    for name in DECORATORS:
        decorator = streamlit_api.CACHE_DECORATORS[name]
        if decorator.removed_at(version):
            for alias in facts.streamlit_imports(decorator.name):
                yield Finding(alias, decorator.import_error(instead=decorator.replacement), ERROR)
    for cached in facts.cached_functions:
        decorator = cached.cache.info
        stage = streamlit_api.stage_at(decorator.stages, version) if decorator.name in DECORATORS else None
        if stage is None:
            continue
        replacement = decorator.replacement
        yield Finding(
            cached.cache.node,
            f"`st.{decorator.name}` on `{cached.name}()` {stage.state}: use `st.{replacement}`",
            ERROR if stage.fails else None,
            None  # the decorator object is made in another module: the fix is there
            if cached.cache.defined_in is not None
            else _fix(facts, cached.cache, decorator),
        )
    for use in facts.decorator_uses:
        decorator = streamlit_api.CACHE_DECORATORS[use.decorator]
        stage = streamlit_api.stage_at(decorator.stages, version) if decorator.name in DECORATORS else None
        if stage is not None:
            yield Finding(
                use.reference,
                f"`st.{decorator.name}` {stage.state}: use `st.{decorator.replacement}`",
                ERROR if stage.fails else None,
                _fix(facts, use.cache, decorator),
            )


def _fix(facts: ModuleFacts, cache: CacheUse, decorator: streamlit_api.CacheDecorator) -> Fix:
    """The rename to the replacement, dropping the options it does not take (`suppress_st_warning`)."""
    replacement = decorator.replacement
    dropped = streamlit_api.options_missing_from(decorator.name, replacement)
    return Fix(
        f"Replace `st.{decorator.name}` with `st.{replacement}`",
        safe=True,
        edits=lambda: edits.replace_decorator(facts, cache, replacement, drop=dropped),
    )
