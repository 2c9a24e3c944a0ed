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
from typing import Callable, Optional

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
# A decorator line whose expression names a cache decorator, then the function it decorates: the
# first `def` after it (decorator lines may span several lines, other decorators may follow).
_CACHED_DEFINITION = re.compile(
    r"^[ \t]*@[^\n]*?(?:" + prefilter.CACHE_DECORATOR.pattern + r")(?:(?!\bdef\b)[\s\S])*?\bdef[ \t]+([A-Za-z_]\w*)",
    re.M,
)


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
        cached.update(_CACHED_DEFINITION.findall(text))
    if decorators:
        cached.update(_decorated_by(text, decorators))
    return ModuleText(frozenset(decorators), frozenset(cached), frozenset(located))


def _decorated_by(text: str, decorators: set[str]) -> list[str]:
    """The functions defined under a decorator line whose expression is one of `decorators`
    (`@cached`, `@cached(ttl=60)`, `@caching.cached`): the first `def` after it."""
    found = []
    for line in _DECORATOR_LINE.finditer(text):
        if line.group(1) in decorators:
            definition = _NEXT_DEF.search(text, line.end())
            if definition is not None:
                found.append(definition.group(1))
    return found


_DECORATOR_LINE = re.compile(r"^[ \t]*@[ \t]*([A-Za-z_][\w.]*)", re.M)
_NEXT_DEF = re.compile(r"\bdef[ \t]+([A-Za-z_]\w*)")
