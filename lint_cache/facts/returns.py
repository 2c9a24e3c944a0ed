"""What a function returns, as far as calls go: `return connect()` or `conn = connect(); return conn`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import libcst as cst

from lint_cache.facts.meanings import FunctionInfo
from lint_cache.facts.scan import block_statements, iter_statements
from lint_cache.facts.scopes import qualified_name


@dataclass(frozen=True)
class ReturnedCall:
    call: cst.Call
    callee: Optional[str]  # qualified name ("sqlite3.connect", "builtins.open"), None when unknown


def returned_calls(function: FunctionInfo) -> list[ReturnedCall]:
    """The calls whose results `function` returns, directly or through a local name."""
    if not isinstance(function.node, cst.FunctionDef) or function.body_scope is None:
        return []
    assigned: dict[str, list[cst.Call]] = {}
    returned: list[cst.BaseExpression] = []
    for statement in iter_statements(block_statements(function.node.body)):
        if isinstance(statement, cst.Assign) and isinstance(statement.value, cst.Call):
            for target in statement.targets:
                if isinstance(target.target, cst.Name):
                    assigned.setdefault(target.target.value, []).append(statement.value)
        elif isinstance(statement, cst.AnnAssign) and isinstance(statement.value, cst.Call):
            if isinstance(statement.target, cst.Name):
                assigned.setdefault(statement.target.value, []).append(statement.value)
        elif isinstance(statement, cst.Return) and statement.value is not None:
            if isinstance(statement.value, cst.Tuple):
                returned.extend(element.value for element in statement.value.elements)
            else:
                returned.append(statement.value)
    calls: list[cst.Call] = []
    for value in returned:
        if isinstance(value, cst.Call):
            calls.append(value)
        elif isinstance(value, cst.Name):
            calls.extend(assigned.get(value.value, ()))
    scope = function.body_scope
    return [ReturnedCall(call, qualified_name(call.func, scope)) for call in calls]
