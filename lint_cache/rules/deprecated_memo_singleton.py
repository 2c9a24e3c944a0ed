"""STC202 deprecated-memo-singleton: `st.experimental_memo` and `st.experimental_singleton`.

Deprecated since 1.18 in favour of `st.cache_data` / `st.cache_resource` (same options), removed
in 1.37 (AttributeError).
"""

from __future__ import annotations

from typing import Iterator

from lint_cache import edits, streamlit_api
from lint_cache.diagnostics import ERROR, Finding, Fix
from lint_cache.facts import ModuleFacts
from lint_cache.settings import Settings

CODE = "STC202"
NAME = "deprecated-memo-singleton"
SUMMARY = "st.experimental_memo or st.experimental_singleton (deprecated in 1.18, removed in 1.37)"


def check(facts: ModuleFacts, settings: Settings) -> Iterator[Finding]:
    version = settings.streamlit_version
    for name in ("experimental_memo", "experimental_singleton"):
        decorator = streamlit_api.CACHE_DECORATORS[name]
        if version < decorator.removed_in:
            continue
        for alias in facts.streamlit_imports(name):
            yield Finding(
                alias,
                f"`from streamlit import {name}` raises ImportError since Streamlit 1.37: import "
                f"{decorator.replacement} instead",
                ERROR,
            )
    for cached in facts.cached_functions:
        decorator = cached.cache.info
        if decorator.name not in ("experimental_memo", "experimental_singleton") or version < decorator.deprecated_in:
            continue
        if version >= decorator.removed_in:
            state, severity = "was removed in Streamlit 1.37 (AttributeError)", ERROR
        else:
            state, severity = "is deprecated since Streamlit 1.18 and removed in 1.37", None
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
