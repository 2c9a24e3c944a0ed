"""Cached functions whose only result is an effect outside the return value (design §1.7, STC209).

A cached function that sets `self.x`, changes an argument or a module variable and returns None
does its work only on a cache miss: on a hit Streamlit returns the stored None and the attribute,
the argument or the global stays as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

import libcst as cst

from lint_cache.facts.meanings import FunctionInfo
from lint_cache.facts.parameters import parameter_names
from lint_cache.facts.scan import block_statements, iter_statements
from lint_cache.facts.shared_resources import CONTAINER_MUTATORS


@dataclass(frozen=True, eq=False)
class OutsideEffect:
    node: cst.CSTNode  # the first statement or call with the effect
    what: str  # "sets `self.model`", "changes argument `rows`", "changes module variable `CACHE`"


def outside_effect(
    function: FunctionInfo, module_variables: frozenset[str], suspends: Callable[[], bool]
) -> Optional[OutsideEffect]:
    """The first effect outside the result of a function that never returns a value, or None.
    `suspends()` says whether its own body yields or awaits (asked only when it matters)."""
    node = function.node
    if not isinstance(node, cst.FunctionDef) or function.body_scope is None:
        return None
    parameters = parameter_names(node.params)
    local_names = function.body_scope.local_names - parameters
    declared_global: set[str] = set()
    first: Optional[OutsideEffect] = None
    for statement in iter_statements(block_statements(node.body)):
        if isinstance(statement, cst.Return) and statement.value is not None and not _is_none(statement.value):
            return None
        if isinstance(statement, cst.Global):
            declared_global.update(name.name.value for name in statement.names)
        if first is None:
            first = _effect(statement, parameters, local_names, module_variables, declared_global)
    if first is None or suspends():
        return None  # generators and coroutines return something
    return first


def _effect(statement, parameters, local_names, module_variables, declared_global) -> Optional[OutsideEffect]:
    targets: list[cst.BaseExpression] = []
    if isinstance(statement, cst.Assign):
        targets = [target.target for target in statement.targets]
    elif isinstance(statement, (cst.AugAssign, cst.AnnAssign, cst.Del)):
        targets = [statement.target]
    elif isinstance(statement, cst.Expr) and isinstance(statement.value, cst.Call):
        call = statement.value
        if isinstance(call.func, cst.Attribute) and call.func.attr.value in CONTAINER_MUTATORS:
            what = _whose(call.func.value, parameters, local_names, module_variables, f"`.{call.func.attr.value}()`")
            if what is not None:
                return OutsideEffect(statement, what)
    for target in targets:
        if isinstance(target, cst.Name) and target.value in declared_global:
            return OutsideEffect(statement, f"assigns module variable `{target.value}`")
        if isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name):
            owner = target.value.value
            if owner in parameters:
                return OutsideEffect(statement, f"sets `{owner}.{target.attr.value}`")
        if isinstance(target, cst.Subscript):
            what = _whose(target.value, parameters, local_names, module_variables, "item assignment")
            if what is not None:
                return OutsideEffect(statement, what)
    return None


def _whose(base, parameters, local_names, module_variables, how: str) -> Optional[str]:
    while isinstance(base, cst.Attribute):
        base = base.value  # `self.rows.append(...)` changes what self holds
    if not isinstance(base, cst.Name):
        return None
    if base.value in parameters:
        return f"changes argument `{base.value}` ({how})"
    if base.value in module_variables and base.value not in local_names:
        return f"changes module variable `{base.value}` ({how})"
    return None


def _is_none(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"
