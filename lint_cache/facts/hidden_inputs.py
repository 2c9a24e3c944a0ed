"""Module variables whose value changes from run to run (design §1.7, STC109/STC110).

The script runs top to bottom on every rerun, so a module-level name assigned from a widget, from
session state or from request data holds this run's value. A cached function that reads such a
name has an input its cache key does not see. The walk follows module-level assignments in source
order (unpacking, f-strings, any expression using a varying name) and calls of the module's
uncached helpers that run a widget or read request data; function and class bodies are not
module level and are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Optional

import libcst as cst

from lint_cache.facts.effects import GLOBAL_READ, REQUEST_READ, EffectIndex, widget_of
from lint_cache.facts.meanings import OUTSIDE, FunctionInfo, Imported
from lint_cache.facts.scan import iter_statements
from lint_cache.facts.scopes import NameResolver
from lint_cache.facts.walk import children
from lint_cache.facts.widgets import call_widget
from lint_cache.knowledge import streamlit_api


@dataclass(frozen=True)
class VaryingSource:
    """Why a module variable changes between runs: "`st.sidebar.slider(...)`", "`st.user`"."""

    origin: str  # the widget, state or request expression the value comes from, for messages
    per_user: bool  # request data of one user (st.user, st.context): STC110 rather than STC109
    widget: bool = False  # a widget's value, rather than state or request data
    # The value is Streamlit's proxy itself (`session = st.session_state`), which reads the current
    # session's data on each access: a name for it holds nothing of one session.
    proxy: bool = False
    # Where the value is read: the widget call, the state or request expression, the helper call.
    node: Optional[cst.CSTNode] = field(default=None, compare=False)


def varying_variables(module: cst.Module, index: EffectIndex) -> dict[str, VaryingSource]:
    """The module-level names whose value is set from a widget, session state or request data."""
    scope = index.scan.module_scope
    resolver = NameResolver(scope, OUTSIDE)
    varying: dict[str, VaryingSource] = {}

    def source_of(node: cst.CSTNode) -> Optional[VaryingSource]:
        found: list[VaryingSource] = []
        stack = [node]
        while stack:
            current = stack.pop()
            if isinstance(current, cst.Lambda):
                continue  # runs later, if ever
            if isinstance(current, cst.Name) and current.value in varying:
                found.append(varying[current.value])
                continue
            here = _direct_source(current, resolver, index, varying)
            if here is not None:
                found.append(here)
                continue
            if isinstance(current, cst.Attribute):
                stack.append(current.value)  # `x.attr`: the attribute name is no variable
            elif isinstance(current, cst.Arg):
                stack.append(current.value)
            else:
                stack.extend(children(current))
        if not found:
            return None
        return next((source for source in found if source.per_user), found[0])

    for statement in iter_statements(module.body):
        targets: list[cst.CSTNode] = []
        value: Optional[cst.CSTNode] = None
        if isinstance(statement, cst.Assign):
            targets, value = [target.target for target in statement.targets], statement.value
        elif isinstance(statement, (cst.AnnAssign, cst.AugAssign)) and statement.value is not None:
            targets, value = [statement.target], statement.value
        elif isinstance(statement, cst.For):
            targets, value = [statement.target], statement.iter
        elif isinstance(statement, cst.With):
            for item in statement.items:
                if item.asname is not None:
                    source = source_of(item.item)
                    if source is not None:
                        _bind(item.asname.name, source, varying)
        if value is not None:
            source = source_of(value)
            if source is not None and source.node is value and _is_proxy(value, resolver):
                source = replace(source, proxy=True)
            if source is not None:
                for target in targets:
                    _bind(target, source, varying)
    return varying


def _bind(target: cst.CSTNode, source: VaryingSource, varying: dict[str, VaryingSource]) -> None:
    """Record that the names an assignment target binds vary with `source`. (Not a closure of the
    caller: a recursive closure is a reference cycle, which would keep the module's tree alive
    until the cyclic collector runs.)"""
    if isinstance(target, cst.Name):
        varying.setdefault(target.value, source)
    elif isinstance(target, (cst.Tuple, cst.List)):
        for element in target.elements:
            _bind(element.value, source, varying)
    elif isinstance(target, cst.StarredElement):
        _bind(target.value, source, varying)


def _direct_source(
    node: cst.CSTNode, resolver: NameResolver, index: EffectIndex, varying: dict[str, VaryingSource]
) -> Optional[VaryingSource]:
    """The source when `node` itself is a widget call, a request-data read or a helper using one."""
    if isinstance(node, (cst.Attribute, cst.Subscript, cst.Name)):
        value = resolver.resolve(node)
        data = _request_data(value)
        if data is not None:
            return VaryingSource(f"`st.{data.name}`", data.per_user, node=node)
        return None
    if not isinstance(node, cst.Call):
        return None
    callee = resolver.resolve(node.func)
    spelled = " ".join(_code(node.func).split())
    data = _request_data(callee)
    if data is not None:
        return VaryingSource(f"`st.{data.name}`", data.per_user, node=node)
    if call_widget(callee, node, index.extra_widgets) is not None:
        return VaryingSource(f"`{spelled}`", False, widget=True, node=node)
    if isinstance(callee, FunctionInfo) and callee.cache is None:
        return _helper_source(callee, spelled, index, varying, node)
    return None


def _helper_source(
    helper: FunctionInfo, spelled: str, index: EffectIndex, varying: dict[str, VaryingSource], call: cst.Call
) -> Optional[VaryingSource]:
    """`value = pick()` where `pick` runs a widget or reads request data: the result varies."""
    for effect in index.effects_of(helper):
        if effect.kind == REQUEST_READ:
            data = streamlit_api.REQUEST_DATA[effect.name]
            return VaryingSource(f"`st.{data.name}` (in `{spelled}()`)", data.per_user, node=call)
        if effect.kind == GLOBAL_READ and effect.name in varying:
            return varying[effect.name]
        if widget_of(effect) is not None:
            return VaryingSource(f"a widget (in `{spelled}()`)", False, widget=True, node=call)
    return None


def _is_proxy(node: cst.CSTNode, resolver: NameResolver) -> bool:
    """`st.session_state`, `st.query_params`, `st.user`, `st.context` themselves, not read from."""
    value = resolver.resolve(node)
    return isinstance(value, Imported) and value.streamlit_name in streamlit_api.REQUEST_DATA


def _request_data(value) -> Optional[streamlit_api.RequestData]:
    if isinstance(value, Imported) and value.streamlit_name is not None:
        return streamlit_api.REQUEST_DATA.get(value.streamlit_name.split(".")[0])
    return None


def _code(node: cst.CSTNode) -> str:
    return _EMPTY_MODULE.code_for_node(node)


_EMPTY_MODULE = cst.Module(body=[])


@dataclass(frozen=True)
class CapturedValue:
    """A module variable set from a widget, session state or request data, read where it is set."""

    name: str  # the first variable it went into
    source: VaryingSource


def captured_values(varying: dict[str, VaryingSource]) -> list[CapturedValue]:
    """Each place a module variable takes a varying value, once, with the first variable it went
    into; names computed from another varying name share its source and are not counted again."""
    first: dict[int, CapturedValue] = {}
    for name, source in varying.items():
        if source.node is not None and not source.proxy and id(source) not in first:
            first[id(source)] = CapturedValue(name, source)
    return list(first.values())
