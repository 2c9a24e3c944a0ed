"""A fast walk over libcst nodes: attribute reads only, no visitor dispatch, no node rebuilding.

libcst's visitor machinery costs about nine times this on real apps (measured: 2.6 s against
0.28 s over 200 files), so code that only needs to find nodes uses this instead.
"""

from __future__ import annotations

import dataclasses
from typing import Iterator

import libcst as cst

# Fields that hold only whitespace, commas and parentheses: never a node worth finding.
_SKIPPED = frozenset(
    {
        "lpar",
        "rpar",
        "whitespace_before",
        "whitespace_after",
        "whitespace_before_colon",
        "whitespace_after_colon",
        "leading_lines",
        "lines_after_decorators",
        "trailing_whitespace",
        "header",
        "footer",
        "comma",
        "semicolon",
        "dot",
        "operator",
    }
)
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


def _child_fields(kind: type) -> tuple[str, ...]:
    names = _CHILD_FIELDS.get(kind)
    if names is None:
        names = _CHILD_FIELDS[kind] = tuple(
            item.name
            for item in dataclasses.fields(kind)
            if item.name not in _SKIPPED and item.type not in (str, int, bool)  # Name.value is text
        )
    return names


def children(node: cst.CSTNode) -> list[cst.CSTNode]:
    found = []
    for name in _CHILD_FIELDS.get(type(node)) or _child_fields(type(node)):
        value = getattr(node, name)
        if isinstance(value, cst.CSTNode):
            found.append(value)
        elif type(value) in (list, tuple):
            found.extend(item for item in value if isinstance(item, cst.CSTNode))
    return found


def nodes_under(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """`node` and every node below it, depth first."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(children(current))


def name_reads(node: cst.CSTNode) -> Iterator[cst.Name]:
    """The names used as variables under `node`: not attribute names (`x.attr`), keyword names
    (`f(key=...)`), parameter names or the names of import statements."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, cst.Name):
            yield current
        elif isinstance(current, (cst.Attribute, cst.Arg)):
            stack.append(current.value)
        elif isinstance(current, cst.Param):
            stack.extend(part for part in (current.annotation, current.default) if part is not None)
        elif not isinstance(current, (cst.Import, cst.ImportFrom)):
            stack.extend(children(current))


def own_body_nodes(function: cst.FunctionDef) -> Iterator[cst.CSTNode]:
    """Every node of a function's body that runs in the function itself: not in nested functions,
    lambdas or classes."""
    stack: list[cst.CSTNode] = [function.body]
    while stack:
        current = stack.pop()
        yield current
        if not isinstance(current, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
            stack.extend(children(current))
