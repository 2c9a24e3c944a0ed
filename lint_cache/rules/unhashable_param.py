"""STC203 unhashable-param: a hashed parameter Streamlit cannot hash.

Every argument whose parameter name does not start with `_` is hashed into the cache key (§1.4).
`self` / `cls` of a cached method and connections, clients, locks, callables, generators or open
files raise UnhashableParamError on every call.
"""

from __future__ import annotations

from typing import Iterator, Optional

import libcst as cst

from lint_cache import edits, resources, streamlit_api
from lint_cache.diagnostics import ERROR, Finding, Fix
from lint_cache.facts import CachedFunction, ModuleFacts
from lint_cache.facts.scopes import qualified_name
from lint_cache.settings import Settings

CODE = "STC203"
NAME = "unhashable-param"
SUMMARY = "A hashed parameter Streamlit cannot hash: self/cls, or a connection, lock, callable..."
SEVERITY = ERROR


def check(facts: ModuleFacts, settings: Settings) -> Iterator[Finding]:
    for cached in facts.cached_functions:
        node = cached.node
        if not isinstance(node, cst.FunctionDef):
            continue
        if cached.cache.decorator == "cache" and settings.streamlit_version < streamlit_api.ST_CACHE_ALIASED:
            continue  # the legacy hasher copes with all of these
        positional = [*node.params.posonly_params, *node.params.params]
        for index, param in enumerate((*positional, *node.params.kwonly_params)):
            name = param.name.value
            if name.startswith("_"):
                continue
            if index == 0 and _is_bound_method(cached) and name in ("self", "cls"):
                yield _self_finding(facts, cached, param)
                continue
            what = _unhashable_annotation(cached, param)
            if what is not None:
                yield Finding(
                    param,
                    f"parameter `{name}` of cached `{cached.name}()` is {what}, which Streamlit cannot hash into "
                    f"the cache key (UnhashableParamError): name it `_{name}` to leave it out of the key",
                )


def _is_bound_method(cached: CachedFunction) -> bool:
    return cached.function.owner is not None and not cached.function.is_staticmethod


def _self_finding(facts: ModuleFacts, cached: CachedFunction, param: cst.Param) -> Finding:
    name = param.name.value
    return Finding(
        param,
        f"`{name}` of cached method `{cached.name}()` is hashed into the cache key and Streamlit cannot hash it "
        f"(UnhashableParamError): name it `_{name}` to skip hashing, knowing that every instance then shares "
        "the cached results",
        fix=Fix(
            f"Rename `{name}` to `_{name}`",
            safe=False,  # instances that differ start sharing results
            edits=lambda: edits.rename_parameter(cached.node, name, f"_{name}"),
        ),
    )


def _unhashable_annotation(cached: CachedFunction, param: cst.Param) -> Optional[str]:
    if param.annotation is None:
        return None
    for name in _annotation_names(param.annotation.annotation):
        dotted = qualified_name(name, cached.function.defining_scope)
        what = resources.lookup(resources.UNHASHABLE_TYPES, dotted) if dotted else None
        if what is not None:
            return what
    return None


def _annotation_names(annotation: cst.BaseExpression) -> Iterator[cst.BaseExpression]:
    """The type names an annotation can stand for: `X`, `Optional[X]`, `X | None`, `Callable[...]`."""
    if isinstance(annotation, cst.BinaryOperation) and isinstance(annotation.operator, cst.BitOr):
        yield from _annotation_names(annotation.left)
        yield from _annotation_names(annotation.right)
    elif isinstance(annotation, cst.Subscript):
        yield annotation.value
        if _last_name(annotation.value) in ("Optional", "Union", "Annotated"):
            for element in annotation.slice:
                if isinstance(element.slice, cst.Index):
                    yield from _annotation_names(element.slice.value)
                if _last_name(annotation.value) == "Annotated":
                    break
    elif isinstance(annotation, (cst.Name, cst.Attribute)):
        yield annotation


def _last_name(node: cst.BaseExpression) -> Optional[str]:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return node.attr.value
    return None
