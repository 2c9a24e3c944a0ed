"""Static values of literal expressions: numbers, strings, booleans, None and containers of them."""

from __future__ import annotations

import operator
from typing import Any, Optional

import libcst as cst

_UNKNOWN = object()

_BINARY = {
    cst.Add: operator.add,
    cst.Subtract: operator.sub,
    cst.Multiply: operator.mul,
    cst.Divide: operator.truediv,
    cst.FloorDivide: operator.floordiv,
    cst.Modulo: operator.mod,
}


def literal_value(node: Optional[cst.BaseExpression], default: Any = None) -> Any:
    """The value of a literal expression, or `default` when it is not one (or `node` is None)."""
    if node is None:
        return default
    value = _evaluate(node)
    return default if value is _UNKNOWN else value


def _evaluate(node: cst.BaseExpression) -> Any:
    if isinstance(node, cst.Integer):
        return node.evaluated_value
    if isinstance(node, cst.Float):
        return node.evaluated_value
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        value = node.evaluated_value
        return _UNKNOWN if value is None else value
    if isinstance(node, cst.Name):
        return {"True": True, "False": False, "None": None}.get(node.value, _UNKNOWN)
    if isinstance(node, cst.UnaryOperation):
        operand = _evaluate(node.expression)
        if isinstance(operand, (int, float)) and not isinstance(operand, bool):
            if isinstance(node.operator, cst.Minus):
                return -operand
            if isinstance(node.operator, cst.Plus):
                return operand
        if isinstance(node.operator, cst.Not) and operand is not _UNKNOWN:
            return not operand
        return _UNKNOWN
    if isinstance(node, cst.BinaryOperation):
        function = _BINARY.get(type(node.operator))
        left, right = _evaluate(node.left), _evaluate(node.right)
        numbers = all(isinstance(side, (int, float)) and not isinstance(side, bool) for side in (left, right))
        if function is None or not numbers:
            return _UNKNOWN
        try:
            return function(left, right)
        except (ArithmeticError, ValueError):
            return _UNKNOWN
    if isinstance(node, (cst.Tuple, cst.List, cst.Set)):
        items = []
        for element in node.elements:
            if isinstance(element, cst.StarredElement):
                return _UNKNOWN
            item = _evaluate(element.value)
            if item is _UNKNOWN:
                return _UNKNOWN
            items.append(item)
        if isinstance(node, cst.Tuple):
            return tuple(items)
        if isinstance(node, cst.List):
            return items
        try:
            return set(items)
        except TypeError:  # {[1]}: not a value Python can build
            return _UNKNOWN
    return _UNKNOWN
