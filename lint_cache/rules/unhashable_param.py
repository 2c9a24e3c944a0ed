"""STC203 unhashable-param: a hashed parameter Streamlit cannot hash.

Every argument whose parameter name does not start with `_` is hashed into the cache key (§1.4).
`self` of a cached method (an instance of a plain class) and connections, clients, locks,
callables and generators raise UnhashableParamError on every call, unless `hash_funcs` says how to
hash their type. Classes hash by name, so `cls` of a classmethod is fine (checked on 1.35 and 1.67).
"""

from __future__ import annotations

from typing import Iterator, Optional

import libcst as cst

from lint_cache.diagnostics import ERROR, Finding, Fix
from lint_cache.facts import CachedFunction, ModuleFacts, dotted_name
from lint_cache.fixes import edits
from lint_cache.knowledge import resource_types, streamlit_api
from lint_cache.settings import Settings

CODE = "STC203"
NAME = "unhashable-param"
SUMMARY = "A hashed parameter Streamlit cannot hash: self, or a connection, lock or callable"
SEVERITY = ERROR


def check(facts: ModuleFacts, settings: Settings) -> Iterator[Finding]:
    yield from _passed(facts, settings)
    for cached in facts.cached_functions:
        node = cached.node
        if not isinstance(node, cst.FunctionDef):
            continue
        if cached.cache.decorator == "cache" and settings.streamlit_version < streamlit_api.ST_CACHE_ALIASED:
            continue  # the legacy hasher copes with all of these
        removed_in = cached.cache.info.removed_in
        if removed_in is not None and settings.streamlit_version >= removed_in:
            continue  # the decorator itself no longer exists: STC201 / STC202 say so
        hashed_by = _hash_funcs_types(cached, settings.streamlit_version)
        for index, param in enumerate(cached.parameters):
            name = param.name.value
            if name.startswith("_"):
                continue
            if index == 0 and _is_instance_method(cached):
                if hashed_by is not None and cached.function.owner.node.name.value not in hashed_by:
                    yield _self_finding(facts, cached, param)
                continue
            what = _unhashable_annotation(cached, param, hashed_by)
            if what is not None:
                yield Finding(
                    param,
                    f"parameter `{name}` of cached `{cached.name}()` is {what}, which Streamlit cannot hash into "
                    f"the cache key (UnhashableParamError): name it `_{name}` to leave it out of the key",
                )


def _passed(facts: ModuleFacts, settings: Settings) -> Iterator[Finding]:
    """A resource passed to a hashed parameter: the same UnhashableParamError, seen at the call."""
    version = settings.streamlit_version
    by_function = {cached.function: cached for cached in facts.cached_functions}
    for passed in facts.passed_resources:
        cached = by_function.get(passed.function) or CachedFunction(passed.function, [])  # or another module's
        if cached.behaves_as(version) == "cache" or cached.cache.info.removed_at(version):
            continue  # the legacy hasher copes; a removed decorator is STC201 / STC202's
        hashed_by = _hash_funcs_types(cached, version)
        if hashed_by != set():
            continue  # hash_funcs may say how to hash it
        param = next((param for param in cached.parameters if param.name.value == passed.parameter), None)
        if param is not None and _unhashable_annotation(cached, param, hashed_by) is not None:
            continue  # reported at the parameter already, where Streamlit says it
        yield Finding(
            passed.argument,
            f"`{facts.source(passed.argument.value)}` passed to parameter `{passed.parameter}` of cached "
            f"{facts.function_name(cached.function)} is {passed.what} (from {passed.source}), which Streamlit "
            "cannot hash into the cache key (UnhashableParamError on every call): name the parameter "
            f"`_{passed.parameter}` to leave it out",
        )


def _is_instance_method(cached: CachedFunction) -> bool:
    function = cached.function
    return function.owner is not None and not function.is_staticmethod and not function.is_classmethod


def _hash_funcs_types(cached: CachedFunction, version) -> Optional[set[str]]:
    """The final names of the types `hash_funcs` knows how to hash (`{sqlite3.Connection: id}` or
    `{"sqlite3.Connection": id}` give "Connection"); None when it is not a literal dict, since then
    any type may be covered. Where the decorator takes no hash_funcs, it covers nothing."""
    option = cached.cache.option("hash_funcs")
    if option is None or not streamlit_api.CACHE_OPTIONS["hash_funcs"].accepted(cached.cache.decorator, version):
        return set()
    if not isinstance(option, cst.Dict):
        return None
    names = set()
    for element in option.elements:
        if not isinstance(element, cst.DictElement):
            return None
        key = element.key
        text = key.evaluated_value if isinstance(key, cst.SimpleString) else dotted_name(key)
        if not isinstance(text, str):
            return None
        names.add(text.rpartition(".")[2])
    return names


def _self_finding(facts: ModuleFacts, cached: CachedFunction, param: cst.Param) -> Finding:
    name = param.name.value
    if facts.outside_effect(cached) is not None:
        # Renaming would make the call succeed and silently do nothing on hits (STC209 says why).
        return Finding(
            param,
            f"`{name}` of cached method `{cached.name}()` is hashed into the cache key and Streamlit cannot hash it "
            "(UnhashableParamError); the method only sets attributes and returns None, so skipping the hash "
            "would not help: return the value from a cached function instead (STC209)",
        )
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


def _unhashable_annotation(cached: CachedFunction, param: cst.Param, hashed_by: Optional[set[str]]) -> Optional[str]:
    if param.annotation is None or hashed_by is None:
        return None
    for name in _annotation_names(param.annotation.annotation):
        dotted = cached.qualified_name(name)
        what = resource_types.lookup(resource_types.UNHASHABLE_TYPES, dotted) if dotted else None
        if what is not None and dotted.rpartition(".")[2] not in hashed_by:
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
