"""STC202 deprecated-memo-singleton: `st.experimental_memo` and `st.experimental_singleton`.

Deprecated since 1.18 in favour of `st.cache_data` / `st.cache_resource` (same options), removed
in 1.37 (AttributeError).
"""

from __future__ import annotations

from typing import Iterator

from lint_cache.diagnostics import Finding, Fix
from lint_cache.facts import ModuleFacts
from lint_cache.fixes import edits
from lint_cache.knowledge import streamlit_api
from lint_cache.rules import lifecycle
from lint_cache.settings import Settings

CODE = "STC202"
NAME = "deprecated-memo-singleton"
SUMMARY = "st.experimental_memo or st.experimental_singleton (deprecated in 1.18, removed in 1.37)"

DECORATORS = ("experimental_memo", "experimental_singleton")


def check(facts: ModuleFacts, settings: Settings) -> Iterator[Finding]:
    version = settings.streamlit_version
    for name in DECORATORS:
        decorator = streamlit_api.CACHE_DECORATORS[name]
        yield from lifecycle.removed_imports(facts, decorator, version, instead=decorator.replacement)
    for cached in facts.cached_functions:
        decorator = cached.cache.info
        standing = lifecycle.standing(decorator, version) if decorator.name in DECORATORS else None
        if standing is None:
            continue
        state, severity = standing
        replacement = decorator.replacement
        yield Finding(
            cached.cache.node,
            f"`st.{decorator.name}` on `{cached.name}()` {state}: use `st.{replacement}`",
            severity,
            Fix(
                f"Replace `st.{decorator.name}` with `st.{replacement}`",
                safe=True,
                edits=lambda cache=cached.cache, replacement=replacement: edits.replace_decorator(
                    facts, cache, replacement
                ),
            ),
        )
