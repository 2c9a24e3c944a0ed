"""Values known before the code runs: literals, a few constructors of them, and names bound once."""

from __future__ import annotations

import datetime
from typing import Any, Callable, Optional

import libcst as cst

from lint_cache.facts.literals import literal_value
from lint_cache.facts.meanings import ProjectModule, ProjectName, Scope
from lint_cache.facts.scopes import qualified_name

COMPUTED = object()  # the value of an expression that is not known statically

_CONSTRUCTORS: dict[str, Callable[..., Any]] = {
    "datetime.date": datetime.date,
    "datetime.time": datetime.time,
    "datetime.datetime": datetime.datetime,
    "datetime.timedelta": datetime.timedelta,
    "builtins.range": range,
}


def static_value(node: cst.BaseExpression, scope: Optional[Scope], depth: int = 0) -> Any:
    """The value of a literal, of `date(...)`, `time(...)`, `timedelta(...)` or `range(...)` of
    literals, or of a name bound once to such a value (`OPTIONS = ["a", "b"]`); COMPUTED otherwise."""
    if isinstance(node, (cst.Name, cst.Attribute)) and scope is not None and depth < 8:
        expression, owner = _constant(node, scope)
        if expression is not None:
            return static_value(expression, owner, depth + 1)
    value = literal_value(node, default=COMPUTED)
    if value is not COMPUTED or not isinstance(node, cst.Call) or scope is None:
        return value
    constructor = _CONSTRUCTORS.get(qualified_name(node.func, scope) or "")
    if constructor is None or any(arg.star for arg in node.args):
        return COMPUTED
    positional = [static_value(arg.value, scope, depth + 1) for arg in node.args if arg.keyword is None]
    keywords = {arg.keyword.value: static_value(arg.value, scope, depth + 1) for arg in node.args if arg.keyword}
    if any(item is COMPUTED for item in (*positional, *keywords.values())):
        return COMPUTED
    try:
        return constructor(*positional, **keywords)
    except (TypeError, ValueError, OverflowError):
        return COMPUTED


def _constant(node: cst.Name | cst.Attribute, scope: Scope) -> tuple[Optional[cst.BaseExpression], Optional[Scope]]:
    """What `NAME` or `module.NAME` was bound to once and for all, here or in the project module it
    is imported from (`from lib.options import REGIONS`, `options.REGIONS`); re-exports are followed
    by `static_value`'s recursion, whose depth bounds an import cycle."""
    if isinstance(node, cst.Name):
        expression, owner = scope.constant(node.value)
        if expression is not None or scope.project is None:
            return expression, owner
        imported = scope.bound_once(node.value)
        if isinstance(imported, ProjectName):
            module = scope.project.constants(imported.path)
            if module is not None:
                return cst.Name(imported.name), module
        return None, None
    if isinstance(node.value, cst.Name) and scope.project is not None:
        imported = scope.bound_once(node.value.value)
        if isinstance(imported, ProjectModule):
            module = scope.project.constants(imported.path)
            if module is not None:
                return cst.Name(node.attr.value), module
    return None, None


def range_length(values: range) -> int:
    """len(range(...)) for any size: Python's len() stops at 2**63."""
    if values.step > 0:
        return max(0, (values.stop - values.start + values.step - 1) // values.step)
    return max(0, (values.start - values.stop - values.step - 1) // -values.step)
