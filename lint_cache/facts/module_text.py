"""What a project module's text says about its caching, read without parsing it.

Pages import the project's modules far more often than they use their caching. Parsing every
imported module to find out would cost most of a run, so the cheap questions are answered from the
text first, conservatively (a wrong "maybe" costs one parse, a wrong "no" a lost finding):

- which names the module binds to cache decorator objects (`cached = st.cache_data(ttl=600)`,
  `from streamlit import cache_data as cached`, re-exports of another module's);
- which names it binds to cached functions (`@st.cache_data` or `@cached` above `def load`,
  `load = st.cache_data(_load)`, re-exports).

A name the module assigns counts as both wherever the module names a cache decorator or imports
one of these names from another module: a statement over several lines, a fallback in `except`,
`cached = caching.cached` are assignments too, and telling them apart takes the parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator, Optional

from lint_cache.knowledge import streamlit_api
from lint_cache.source import prefilter


@dataclass(frozen=True)
class ModuleText:
    # Decorator expressions as `@` lines write them: "cached", "caching.cached".
    decorators: frozenset[str]
    cached_functions: frozenset[str]
    # The project modules its imports lead to, whose texts decided the two sets above.
    imports: frozenset[str] = frozenset()


NOTHING = ModuleText(frozenset(), frozenset())

# `name = ...` and `name: T = ...` at any indentation (not `name == ...`, not `a.name = ...`).
_ASSIGNED = re.compile(r"^[ \t]*([A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=(?!=)", re.M)
# A decorator line whose expression names a cache decorator (`@st.cache_data`, `@st.cache(...)`).
_CACHE_DECORATOR_LINE = re.compile(r"^[ \t]*@[^\n]*?(?:" + prefilter.CACHE_DECORATOR.pattern + ")", re.M)
_DECORATOR_LINE = re.compile(r"^[ \t]*@[ \t]*([A-Za-z_][\w.]*)", re.M)
_NEXT_DEF = re.compile(r"\bdef[ \t]+([A-Za-z_]\w*)")


def read(
    text: str,
    locate: Callable[[str, int], Optional[str]],
    index_of: Callable[[str], ModuleText],
) -> ModuleText:
    """The index of one module's `text`. `locate(module, level)` finds a project module it
    imports; `index_of(path)` gives that module's own index (the caller guards against cycles)."""
    decorators: set[str] = set()
    cached: set[str] = set()
    located: set[str] = set()
    imports_names = False

    def locate_and_note(module: str, level: int) -> Optional[str]:
        found = locate(module, level)
        if found is not None:
            located.add(found)
        return found

    for module, level, name, bound in prefilter.imports(text):
        if module.split(".")[0] == "streamlit" and level == 0:
            if name in streamlit_api.CACHE_DECORATORS:
                decorators.add(bound)  # `from streamlit import cache_data as cached`
            continue
        if name == "*":
            own = locate_and_note(module, level)
            if own is not None:
                imported = index_of(own)
                decorators |= imported.decorators
                cached |= imported.cached_functions
                imports_names = imports_names or imported != NOTHING
            continue
        submodule = locate_and_note(".".join(part for part in (module, name) if part), level)
        if submodule is not None:  # `import lib.caching as caching`, `from lib import caching`
            imported = index_of(submodule)
            decorators |= {f"{bound}.{each}" for each in imported.decorators}
            cached |= {f"{bound}.{each}" for each in imported.cached_functions}
            imports_names = imports_names or imported != NOTHING
            continue
        own = locate_and_note(module, level) if name else None
        if own is not None:
            imported = index_of(own)
            if name in imported.decorators:
                decorators.add(bound)
            if name in imported.cached_functions:
                cached.add(bound)
            imports_names = imports_names or imported != NOTHING
    names_caching = prefilter.may_cache(text)
    if names_caching or imports_names or decorators:
        assigned = set(_ASSIGNED.findall(text))
        decorators |= assigned
        cached |= assigned
    if names_caching:
        cached.update(_defined_under(text, _CACHE_DECORATOR_LINE.finditer(text)))
    if decorators:
        lines = (line for line in _DECORATOR_LINE.finditer(text) if line.group(1) in decorators)
        cached.update(_defined_under(text, lines))
    return ModuleText(frozenset(decorators), frozenset(cached), frozenset(located))


def _defined_under(text: str, decorator_lines: Iterator[re.Match]) -> list[str]:
    """The names of the functions defined under `decorator_lines` (in the order of the text): the
    first `def` after each line, its decorators spanning lines or followed by others. The search
    for the next `def` resumes where the previous one ended, so that a text of many decorators and
    no `def` costs one pass, not one pass per decorator."""
    found: list[str] = []
    definition: Optional[re.Match] = None
    for line in decorator_lines:
        if definition is None or definition.start() < line.end():
            definition = _NEXT_DEF.search(text, line.end())
            if definition is None:
                break
        found.append(definition.group(1))
    return found
