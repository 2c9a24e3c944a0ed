"""Decide from the text alone that a file cannot contain a cached Streamlit function.

Every rule needs a name bound by an import of Streamlit and a cache decorator, so a file lacking
either word is skipped without parsing. This must stay a cheap, conservative test: false positives
cost one parse, false negatives hide findings.
"""

from __future__ import annotations

import codecs
import re
from typing import Optional

from lint_cache.knowledge import streamlit_api

# The decorator names (from the knowledge table); `cache` only after a dot or in an import, since the
# bare word is everywhere.
CACHE_DECORATOR = re.compile(
    "|".join(sorted(name for name in streamlit_api.CACHE_DECORATORS if name != "cache")) + r"|\.\s*cache\b"
)
# `cache` in an import (`from streamlit import cache`, `import (..., cache)`): found in one pass over
# these tokens. A regex such as `import[^\n]*\bcache\b` rescans the line from every `import` in it,
# which is quadratic on one-line minified bundles.
_IMPORT_TOKENS = re.compile(r"(?P<parenthesis>import\s*\()|(?P<import>import)|(?P<newline>\n)|(?P<close>\))|\bcache\b")


def may_cache(text: str) -> bool:
    global _last_may_cache
    last = _last_may_cache  # read once: another thread may replace it meanwhile
    if last[0] is text:  # the engine asks again for the same text at each of its steps
        return last[1]
    found = "streamlit" in text and (
        (_may_name_decorator(text) and CACHE_DECORATOR.search(text) is not None) or _imports_cache(text, _IMPORT_TOKENS)
    )
    _last_may_cache = (text, found)
    return found


# The last text each of `may_cache` and `imports` answered for, and the answer.
_last_may_cache: tuple[Optional[str], bool] = (None, False)
_last_imports: tuple[Optional[str], tuple[tuple[str, int, str, str], ...]] = (None, ())


# Byte-order marks of encodings that do not keep ASCII as ASCII (UTF-32's first: it starts like UTF-16's).
WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def wide_encoding(data: bytes) -> Optional[str]:
    """ "UTF-16" or "UTF-32" when `data` starts with that encoding's byte-order mark."""
    return next((name for bom, name in WIDE_BOMS if data.startswith(bom)), None)


# A file that never names Streamlit can still use a decorator object of the project's own modules
# (`from lib.caching import cached`, then `@cached`); it must decorate with a name it imports.
_FROM_IMPORT = re.compile(r"^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\()?", re.M)
_REST_OF_LINE = re.compile(r"[^\n#;]*")
_IMPORT_AS = re.compile(r"^[ \t]*import[ \t]+([\w.]+)[ \t]+as[ \t]+(\w+)", re.M)
_DECORATOR = re.compile(r"^[ \t]*@[ \t]*(\w+)", re.M)


def imports(text: str) -> tuple[tuple[str, int, str, str], ...]:
    """(module, level, name, bound name) of a file's `from m import a as b` and `import m as b` lines;
    name is "" for `import m as b`."""
    global _last_imports
    last = _last_imports
    if last[0] is text:
        return last[1]
    found = []
    # Where the parenthesized names end: the first ")" after the last place looked from, len(text)
    # when there is none. Looking again only past it keeps a file of many unclosed `import (`
    # lines to one pass (a regex `\(([^)]*)\)` rescanned the rest of the file from each of them).
    close = -1
    for match in _FROM_IMPORT.finditer(text):
        dots, module, parenthesis = match.groups()
        if parenthesis and close < match.end():
            close = text.find(")", match.end())
            close = len(text) if close < 0 else close
        if parenthesis and close < len(text):
            names = text[match.end() : close]
        else:
            names = _REST_OF_LINE.match(text, match.end()).group()
        for item in names.replace("\n", ",").split(","):
            words = item.split("#")[0].split()
            if len(words) == 1:
                found.append((module, len(dots), words[0], words[0]))
            elif len(words) == 3 and words[1] == "as":
                found.append((module, len(dots), words[0], words[2]))
    found += [(module, 0, "", bound) for module, bound in _IMPORT_AS.findall(text)]
    result = tuple(found)
    _last_imports = (text, result)
    return result


# `import a, b.c` (without `as`: those are `imports`'), the names up to a comment or the line's end.
_PLAIN_IMPORT = re.compile(r"^[ \t]*import[ \t]+([\w.]+(?:[ \t]*,[ \t]*[\w.]+)*)[ \t]*(?=#|;|$)", re.M)


def imported_modules(text: str) -> set[tuple[str, int]]:
    """(module, level) of every module a file's import lines may import: `from m import a` gives
    m and m.a (a may be a submodule), `import m`, `import m as b` and `import m, n` give m (and n)."""
    found: set[tuple[str, int]] = set()
    for module, level, name, _ in imports(text):
        if name and name != "*":
            found.add((".".join(part for part in (module, name) if part), level))
        if module or level:
            found.add((module, level))
    for names in _PLAIN_IMPORT.findall(text):
        found.update((name.strip(), 0) for name in names.split(","))
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


# A widget call: what gives a value that can reach a cached function's arguments (STC303). The
# lookahead on the names' first letters lets the regex engine skip most positions before trying
# every name (measured: 0.17 s against 0.28 s over the benchmark corpus).
_WIDGET_NAMES = sorted(
    {
        *streamlit_api.WIDGETS,
        *streamlit_api.SELECTABLE_ELEMENTS,
        *streamlit_api.CLICKABLE_ELEMENTS,
        *streamlit_api.STATEFUL_CONTAINERS,
        "declare_component",
        "component",
    }
)
WIDGET_CALL = re.compile(
    "(?=[" + "".join(sorted({name[0] for name in _WIDGET_NAMES})) + r"])\b(?:" + "|".join(_WIDGET_NAMES) + r")\s*\("
)


def may_call_imported_function(text: str) -> bool:
    """Does the file call a widget and import names from a module other than Streamlit? Only then
    can it feed widget values to a cached function of the project's modules (`load(...)` after
    `from lib.data import load`)."""
    if "streamlit" not in text or "import" not in text or WIDGET_CALL.search(text) is None:
        return False
    # Whether the imported name is called is left to the project's modules, which look only at
    # the imports that are the project's own: one regex per imported name here cost more than that.
    return any(not module.startswith("streamlit") for module, _, _, _ in imports(text))


def may_use_project_caching(text: str) -> bool:
    """Can the file use caching of the project's other modules: a decorator object, or a cached
    function it calls? The project's modules say (`ProjectModules.uses_project_caching`)."""
    return may_use_imported_decorator(text) or may_call_imported_function(text)


def may_cache_bytes(data: bytes) -> bool:
    """The same test on undecoded bytes: every encoding Python accepts keeps ASCII names ASCII.
    UTF-16 and UTF-32 text (which Python does not accept) is decoded first, so that it is not
    skipped unseen."""
    wide = wide_encoding(data)
    if wide is not None:
        return may_cache(data.decode(wide.lower(), "replace"))
    return b"streamlit" in data and (
        _may_name_decorator(data)
        and _CACHE_DECORATOR_BYTES.search(data) is not None
        or _imports_cache(data, _IMPORT_TOKENS_BYTES)
    )


def _may_name_decorator(text) -> bool:
    """Substring tests that every decorator name passes: much cheaper than the regex, which is left
    the files that pass them."""
    if isinstance(text, bytes):
        return b"cache" in text or b"experimental_" in text
    return "cache" in text or "experimental_" in text


def _imports_cache(text, tokens: re.Pattern) -> bool:
    if (b"cache" if isinstance(text, bytes) else "cache") not in text:
        return False
    if (_CACHE_WORD_BYTES if isinstance(text, bytes) else _CACHE_WORD).search(text) is None:
        return False  # the token loop below runs in Python over every line: most files need not pay it
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


_CACHE_WORD = re.compile(r"\bcache\b")
_CACHE_WORD_BYTES = re.compile(rb"\bcache\b")
_CACHE_DECORATOR_BYTES = re.compile(CACHE_DECORATOR.pattern.encode())
_IMPORT_TOKENS_BYTES = re.compile(_IMPORT_TOKENS.pattern.encode())


def may_use_project_caching_bytes(data: bytes) -> bool:
    """A cheap superset of `may_use_project_caching` on undecoded bytes, for the process that hands
    files out: the exact test, which scans for widget calls and imports, runs where the file is
    checked, in parallel (measured: the exact test here cost 0.26 s of a 6.5 s run, all serial)."""
    return b"import" in data and (b"streamlit" in data or b"@" in data)


# The names of what Streamlit knows of the request (`session_state`, `query_params`, `user`,
# `context`): a module reads request data only where its text names one of them (or imports a
# project module that hands one on).
_REQUEST_DATA_NAME = re.compile(r"\b(?:" + "|".join(sorted(streamlit_api.REQUEST_DATA)) + r")\b")


def may_read_request_data(text: str) -> bool:
    """False when the text names none of Streamlit's request data: no read of it to look for."""
    return _REQUEST_DATA_NAME.search(text) is not None
