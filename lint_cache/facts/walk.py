"""A fast walk over libcst nodes: attribute reads only, no visitor dispatch, no node rebuilding.

libcst's visitor machinery costs about nine times this on real apps (measured: 2.6 s against
0.28 s over 200 files), so code that only needs to find nodes uses this instead.
"""

from __future__ import annotations

import dataclasses

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
