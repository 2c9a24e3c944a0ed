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


# A file that never names Streamlit can still use a decorator object of the project's own modules
# (`from lib.caching import cached`, then `@cached`); it must decorate with a name it imports.
_FROM_IMPORT = re.compile(r"^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(?:\(([^)]*)\)|([^\n#;]*))", re.M)
_IMPORT_AS = re.compile(r"^[ \t]*import[ \t]+([\w.]+)[ \t]+as[ \t]+(\w+)", re.M)
_DECORATOR = re.compile(r"^[ \t]*@[ \t]*(\w+)", re.M)


def imports(text: str) -> list[tuple[str, int, str, str]]:
    """(module, level, name, bound name) of a file's `from m import a as b` and `import m as b` lines;
    name is "" for `import m as b`."""
    found = []
    for match in _FROM_IMPORT.finditer(text):
        dots, module, grouped, names = match.groups()
        for item in (grouped if grouped is not None else names).replace("\n", ",").split(","):
            words = item.split("#")[0].split()
            if len(words) == 1:
                found.append((module, len(dots), words[0], words[0]))
            elif len(words) == 3 and words[1] == "as":
                found.append((module, len(dots), words[0], words[2]))
    found += [(module, 0, "", bound) for module, bound in _IMPORT_AS.findall(text)]
    return found


def decorator_names(text: str) -> set[str]:
    """The first names of a file's decorators (`@cached`, `@caching.cached`: "cached", "caching")."""
    return set(_DECORATOR.findall(text))


def may_use_imported_decorator(text: str) -> bool:
    """Does the file decorate with a name it imports? Only then can it use a project's decorator object."""
    if "@" not in text or "import" not in text:
        return False
    decorators = decorator_names(text)
    return bool(decorators) and any(bound in decorators for _, _, _, bound in imports(text))


def may_cache_bytes(data: bytes) -> bool:
    """The same test on undecoded bytes: every encoding Python accepts keeps ASCII names ASCII."""
    return b"streamlit" in data and _CACHE_DECORATOR_BYTES.search(data) is not None


_CACHE_DECORATOR_BYTES = re.compile(_CACHE_DECORATOR.pattern.encode())


def may_use_imported_decorator_bytes(data: bytes) -> bool:
    """`may_use_imported_decorator` on undecoded bytes (Python source keeps ASCII names ASCII)."""
    if b"@" not in data or b"import" not in data:
        return False
    return may_use_imported_decorator(data.decode("latin-1"))
