"""The names a nested function reads from the functions around it: its closure variables."""

from __future__ import annotations

import libcst as cst

from lint_cache.facts.values import FunctionInfo


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
    reads = _NameReads()
    function.node.body.visit(reads)
    for decorator in function.node.decorators:
        decorator.visit(reads)
    local = function.body_scope.local_names | reads.comprehension_targets
    return sorted((reads.names - local) & enclosing)


class _NameReads(cst.CSTVisitor):
    def __init__(self):
        self.names: set[str] = set()
        self.comprehension_targets: set[str] = set()

    def visit_Name(self, node: cst.Name) -> None:
        self.names.add(node.value)

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)  # `x.attr` reads x, not attr
        return False

    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)  # `f(key=x)` reads x, not key
        return False

    def visit_CompFor(self, node: cst.CompFor) -> None:
        targets = [node.target]
        while targets:
            target = targets.pop()
            if isinstance(target, cst.Name):
                self.comprehension_targets.add(target.value)
            elif isinstance(target, (cst.Tuple, cst.List)):
                targets.extend(element.value for element in target.elements)
