"""The names a nested function reads from the functions around it: its closure variables."""

from __future__ import annotations

import libcst as cst

from lint_cache.facts.meanings import FunctionInfo
from lint_cache.facts.walk import name_reads, nodes_of


def closure_reads(function: FunctionInfo) -> list[str]:
    """Names that `function`'s body or decorators read from enclosing function scopes, sorted.

    For a cached function these are inputs that are in no cache key (design §1.4).
    """
    if not isinstance(function.node, cst.FunctionDef) or function.body_scope is None:
        return []
    enclosing = set()
    scope = function.defining_scope
    while scope is not None and scope.parent is not None:  # the module scope has no parent
        enclosing.update(scope.local_names)
        scope = scope.parent
    if not enclosing:
        return []
    parts = [function.node.body, *function.node.decorators]
    read = {name.value for part in parts for name in name_reads(part)}
    local = function.body_scope.local_names | _comprehension_targets(function.node.body)
    return sorted((read - local) & enclosing)


def _comprehension_targets(body: cst.CSTNode) -> set[str]:
    return {name.value for node in nodes_of(body, _COMPREHENSION_LOOP) for name in name_reads(node.target)}


_COMPREHENSION_LOOP = frozenset({cst.CompFor})
