"""Decide from the text alone that a file cannot contain a cached Streamlit function.

Every rule needs a name bound by an import of Streamlit and a cache decorator, so a file lacking
either word is skipped without parsing. This must stay a cheap, conservative test: false positives
cost one parse, false negatives hide findings.
"""

from __future__ import annotations

import codecs
import re
from typing import Optional

# The decorator names; `cache` only after a dot or in an import, since the bare word is everywhere.
_CACHE_DECORATOR = re.compile(r"cache_data|cache_resource|experimental_memo|experimental_singleton|\.\s*cache\b")
# `cache` in an import (`from streamlit import cache`, `import (..., cache)`): found in one pass over
# these tokens. A regex such as `import[^\n]*\bcache\b` rescans the line from every `import` in it,
# which is quadratic on one-line minified bundles.
_IMPORT_TOKENS = re.compile(r"(?P<parenthesis>import\s*\()|(?P<import>import)|(?P<newline>\n)|(?P<close>\))|\bcache\b")


def may_cache(text: str) -> bool:
    return "streamlit" in text and (_CACHE_DECORATOR.search(text) is not None or _imports_cache(text, _IMPORT_TOKENS))


# Byte-order marks of encodings that do not keep ASCII as ASCII (UTF-32's first: it starts like UTF-16's).
WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def wide_encoding(data: bytes) -> Optional[str]:
    """"UTF-16" or "UTF-32" when `data` starts with that encoding's byte-order mark."""
    return next((name for bom, name in WIDE_BOMS if data.startswith(bom)), None)


def may_cache_bytes(data: bytes) -> bool:
    """The same test on undecoded bytes: every encoding Python accepts keeps ASCII names ASCII.
    UTF-16 and UTF-32 text (which Python does not accept) is decoded first, so that it is not
    skipped unseen."""
    wide = wide_encoding(data)
    if wide is not None:
        return may_cache(data.decode(wide.lower(), "replace"))
    return b"streamlit" in data and (
        _CACHE_DECORATOR_BYTES.search(data) is not None or _imports_cache(data, _IMPORT_TOKENS_BYTES)
    )


def _imports_cache(text, tokens: re.Pattern) -> bool:
    on_import_line = in_import_parentheses = False
    for match in tokens.finditer(text):
        kind = match.lastgroup
        if kind is None:  # the word `cache`
            if on_import_line or in_import_parentheses:
                return True
        elif kind == "newline":
            on_import_line = False
        elif kind == "close":
            in_import_parentheses = False
        else:
            on_import_line = True
            in_import_parentheses = in_import_parentheses or kind == "parenthesis"
    return False


_CACHE_DECORATOR_BYTES = re.compile(_CACHE_DECORATOR.pattern.encode())
_IMPORT_TOKENS_BYTES = re.compile(_IMPORT_TOKENS.pattern.encode())
