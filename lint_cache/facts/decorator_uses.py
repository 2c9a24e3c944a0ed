"""Every use of a deprecated cache decorator besides the decorators of the module's cached functions:
`st.experimental_memo(pd.read_csv)(path)`, `st.cache(allow_output_mutation=True)(get_dataset)` on
an imported function, `memo = st.experimental_memo(ttl=60)`, `st.experimental_memo.clear()`. Once
the decorator is removed each of them raises AttributeError where it runs (design §1.1).

The module is walked only when its text names one of the decorators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

import libcst as cst

from lint_cache.facts.meanings import OUTSIDE, CacheUse, Imported, Scope
from lint_cache.facts.scopes import NameResolver, keyword_arguments
from lint_cache.facts.walk import children
from lint_cache.knowledge import streamlit_api

# The deprecated decorators, from the knowledge table: those that are replaced by another.
DEPRECATED = frozenset(name for name, info in streamlit_api.CACHE_DECORATORS.items() if info.replacement)
# `st.experimental_memo`, `streamlit.cache`: the attribute spellings the walk looks for.
_ATTRIBUTES = re.compile(r"\.\s*(?:" + "|".join(sorted(DEPRECATED)) + r")\b")


@dataclass(frozen=True, eq=False)
class DecoratorUse:
    """One use of a deprecated decorator: `reference` is the `st.experimental_memo` attribute; `cache`
    describes it as a decorator application when it is called (its options, for the fix)."""

    decorator: str
    reference: cst.Attribute
    cache: CacheUse
    called: bool  # `st.cache(...)`: applied or configured here; False: `.clear()`, an alias


def decorator_uses(module: cst.Module, text: str, scope: Scope, covered: frozenset[cst.CSTNode]) -> list[DecoratorUse]:
    """The uses of deprecated decorators in `module`, resolved in its module scope, except the
    `covered` nodes (the decorators of cached functions, reported there)."""
    written = len(_ATTRIBUTES.findall(text))
    if written == 0:
        return []
    if written <= sum(1 for node in covered if isinstance(node, cst.Attribute) and node.attr.value in DEPRECATED):
        return []  # every use is a cached function's decorator, reported there: no need to walk
    resolver = NameResolver(scope, OUTSIDE)
    found: list[DecoratorUse] = []
    stack: list[tuple[cst.CSTNode, Optional[cst.CSTNode]]] = [(module, None)]
    while stack:
        node, parent = stack.pop()
        if _fallback_for_old_releases(node):
            continue
        if isinstance(node, cst.Attribute) and node.attr.value in DEPRECATED and node not in covered:
            value = resolver.resolve(node)
            if isinstance(value, Imported) and value.streamlit_name == node.attr.value:
                found.append(_use(node, parent))
                continue
        stack.extend((child, node) for child in reversed(children(node)))
    return found


_VERSION_TEST = re.compile(r"hasattr|__version__|version")


def _fallback_for_old_releases(node: cst.CSTNode) -> bool:
    """Code that runs only where the new decorators are missing: `except AttributeError:` after
    `st.cache_data`, the other branch of `if hasattr(st, "cache_data")` or of a version test. It
    never runs on the releases that removed the old ones."""
    if isinstance(node, cst.ExceptHandler):
        return True
    if isinstance(node, (cst.If, cst.IfExp)):
        return _VERSION_TEST.search(cst.Module([]).code_for_node(node.test)) is not None
    return False


def _use(reference: cst.Attribute, parent: Optional[cst.CSTNode]) -> DecoratorUse:
    name = reference.attr.value
    call = parent if isinstance(parent, cst.Call) and parent.func is reference else None
    cache = CacheUse(name, call or reference, reference, call, keyword_arguments(call), call_form=call is not None)
    return DecoratorUse(name, reference, cache, called=call is not None)
