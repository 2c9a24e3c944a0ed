"""How a deprecated decorator stands at a Streamlit version, read from its row in streamlit_api
(shared by STC201 and STC202; not a rule)."""

from __future__ import annotations

from typing import Iterator, Optional

from packaging.version import Version

from lint_cache.diagnostics import ERROR, Finding
from lint_cache.facts import ModuleFacts
from lint_cache.knowledge.streamlit_api import CacheDecorator


def standing(decorator: CacheDecorator, version: Version) -> Optional[tuple[str, Optional[str]]]:
    """(what to say, severity) once the decorator is deprecated at `version`, else None."""
    if decorator.deprecated_in is None or version < decorator.deprecated_in:
        return None
    if decorator.removed_in is not None and version >= decorator.removed_in:
        return f"was removed in Streamlit {decorator.removed_in} (AttributeError)", ERROR
    return f"is deprecated since Streamlit {decorator.deprecated_in} and removed in {decorator.removed_in}", None


def removed_imports(facts: ModuleFacts, decorator: CacheDecorator, version: Version, instead: str) -> Iterator[Finding]:
    """`from streamlit import <decorator>` once the name is gone: ImportError before anything runs."""
    if decorator.removed_in is None or version < decorator.removed_in:
        return
    for alias in facts.streamlit_imports(decorator.name):
        yield Finding(
            alias,
            f"`from streamlit import {decorator.name}` raises ImportError since Streamlit {decorator.removed_in}: "
            f"import {instead} instead",
            ERROR,
        )
