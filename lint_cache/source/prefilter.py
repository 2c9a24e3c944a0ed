"""Decide from the text alone that a file cannot contain a cached Streamlit function.

Every rule needs a name bound by an import of Streamlit and a cache decorator, so a file lacking
either word is skipped without parsing. This must stay a cheap, conservative test: false positives
cost one parse, false negatives hide findings.
"""

from __future__ import annotations

import re

# The decorator names; `cache` only after a dot or in an import, since the bare word is everywhere.
_CACHE_DECORATOR = re.compile(
    r"cache_data|cache_resource|experimental_memo|experimental_singleton|\.\s*cache\b"
    r"|import[^\n]*\bcache\b|import\s*\([^)]*\bcache\b"
)


def may_cache(text: str) -> bool:
    return "streamlit" in text and _CACHE_DECORATOR.search(text) is not None


def may_cache_bytes(data: bytes) -> bool:
    """The same test on undecoded bytes: every encoding Python accepts keeps ASCII names ASCII."""
    return b"streamlit" in data and _CACHE_DECORATOR_BYTES.search(data) is not None


_CACHE_DECORATOR_BYTES = re.compile(_CACHE_DECORATOR.pattern.encode())
