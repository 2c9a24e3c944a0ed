"""Cached functions called at a module's top level, their result kept in a module variable
(design §1.11, STC213): in a module the app imports, that call runs once per process."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import libcst as cst

from lint_cache.facts.meanings import OUTSIDE, FunctionInfo
from lint_cache.facts.scan import ModuleScan, iter_statements
from lint_cache.facts.scopes import NameResolver


@dataclass(frozen=True)
class KeptResult:
    target: cst.BaseExpression  # the module variable that keeps the result
    call: cst.Call
    function: FunctionInfo  # the cached function called


def kept_cached_results(module: cst.Module, scan: ModuleScan) -> list[KeptResult]:
    """`rates = fetch_rates()` at module level, where `fetch_rates` is cached here or in a project
    module this one imports."""
    resolver = NameResolver(scan.module_scope, OUTSIDE, follow=True)
    found = []
    for statement in iter_statements(_outside_main_guard(module.body)):
        if isinstance(statement, cst.Assign) and len(statement.targets) == 1:
            target, value = statement.targets[0].target, statement.value
        elif isinstance(statement, cst.AnnAssign) and statement.value is not None:
            target, value = statement.target, statement.value
        else:
            continue
        function = _cached_callee(value, resolver)
        if function is not None:
            found.append(KeptResult(target, value, function))
    return found


def _cached_callee(value: cst.BaseExpression, resolver: NameResolver) -> Optional[FunctionInfo]:
    if not isinstance(value, cst.Call) or not isinstance(value.func, (cst.Name, cst.Attribute)):
        return None
    callee = resolver.resolve(value.func)
    return callee if isinstance(callee, FunctionInfo) and callee.cache is not None else None


def _outside_main_guard(body):
    """The module's statements without `if __name__ == "__main__":` blocks, which do not run when
    the module is imported."""
    return [statement for statement in body if not _is_main_guard(statement)]


def _is_main_guard(statement: cst.CSTNode) -> bool:
    if not isinstance(statement, cst.If) or not isinstance(statement.test, cst.Comparison):
        return False
    left, comparisons = statement.test.left, statement.test.comparisons
    sides = [left, *(target.comparator for target in comparisons)]
    names = {side.value for side in sides if isinstance(side, cst.Name)}
    texts = {side.evaluated_value for side in sides if isinstance(side, cst.SimpleString)}
    return len(comparisons) == 1 and names == {"__name__"} and texts == {"__main__"}
