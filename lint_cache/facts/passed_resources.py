"""Resources passed to the hashed parameters of cached functions (STC203 by what is passed):
`get_data(conn)` after `conn = get_connection()`, where `get_connection` is cached with
cache_resource and returns a connection, or after `conn = sqlite3.connect(path)`. Either function
may be this module's or one imported from another module of the project."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Optional, Sequence

import libcst as cst

from lint_cache.facts.flows import calls_by_name, imports_project_names
from lint_cache.facts.meanings import OUTSIDE, FunctionInfo, Scope
from lint_cache.facts.parameters import keyword_parameters, positional_parameters
from lint_cache.facts.returns import returned_calls
from lint_cache.facts.scan import ModuleScan, block_statements, iter_statements
from lint_cache.facts.scopes import NameResolver, qualified_name
from lint_cache.facts.walk import nodes_of
from lint_cache.knowledge import resource_types

# Factories whose objects Streamlit can hash after all (open files and BytesIO hash by name or content).
HASHABLE_FACTORIES = frozenset({"builtins.open", "io.open"})
_CALL = frozenset({cst.Call})


@dataclass(frozen=True)
class PassedResource:
    argument: cst.Arg
    function: FunctionInfo  # the cached function called
    parameter: str  # the hashed parameter that receives it
    what: str  # "a database connection"
    source: str  # where it comes from, for messages: "`get_connection()`"


def passed_resources(text: str, scan: ModuleScan) -> list[PassedResource]:
    if not _may_pass_resources(text, scan):
        return []
    found: list[PassedResource] = []
    _block(scan, scan.module.body, scan.module_scope, found)
    for function in scan.functions:
        if isinstance(function.node, cst.FunctionDef) and function.body_scope is not None:
            _block(scan, block_statements(function.node.body), function.body_scope, found)
    return found


def _may_pass_resources(text: str, scan: ModuleScan) -> bool:
    """False when no resource can be passed to a cached function: the module imports no project
    name that may be a cached function (a cache_resource one would make the resource there), and
    either calls none of its own cached functions or names no resource factory."""
    if imports_project_names(scan):
        return True
    if not scan.cached_functions or not _FACTORY_NAME.search(text):
        return False
    # A cached method, or one defined in a function, is called by other means than its name.
    bindings = scan.module_scope.bindings
    by_name = all(bindings.get(cached.name) is cached for cached in scan.cached_functions)
    return not by_name or calls_by_name(text, scan)


# The last names of the resource factories (`connect`, `create_engine`, `Lock`): a call that makes
# a resource names one, as `sqlite3.connect(...)`, `connect(...)` or in its import line.
_FACTORY_NAME = re.compile(
    r"\b(?:"
    + "|".join(
        sorted(
            {
                name
                for module, names in resource_types.UNPICKLABLE_FACTORIES.items()
                for name in names
                if f"{module}.{name}" not in HASHABLE_FACTORIES
            }
        )
    )
    + r")\b"
)


def _block(scan: ModuleScan, body: Sequence[cst.CSTNode], scope: Scope, found: list[PassedResource]) -> None:
    # Following imports: the cached function called, or the one that made the resource, may be
    # another module's of the project.
    resolver = NameResolver(scope, OUTSIDE, follow=True, cached_only=True)
    bound: dict[str, tuple[str, str]] = {}  # name -> (what, source), in source order

    def resource(node: cst.BaseExpression) -> Optional[tuple[str, str]]:
        if isinstance(node, cst.Name):
            return bound.get(node.value)
        return _made_resource(node, resolver, scope) if isinstance(node, cst.Call) else None

    for statement in iter_statements(body):
        if isinstance(statement, (cst.Assign, cst.AnnAssign)) and statement.value is not None:
            _calls(statement.value, resolver, resource, found)
            targets = [t.target for t in statement.targets] if isinstance(statement, cst.Assign) else [statement.target]
            made = resource(statement.value)
            for target in targets:
                if isinstance(target, cst.Name):
                    if made is not None:
                        bound[target.value] = made
                    else:
                        bound.pop(target.value, None)
        elif isinstance(statement, (cst.Expr, cst.Return)) and statement.value is not None:
            _calls(statement.value, resolver, resource, found)


def _calls(expression: cst.BaseExpression, resolver: NameResolver, resource: Callable, found: list) -> None:
    for node in nodes_of(expression, _CALL):
        callee = resolver.resolve(node.func)
        if not isinstance(callee, FunctionInfo) or callee.cache is None or not isinstance(callee.node, cst.FunctionDef):
            continue
        positional = positional_parameters(callee.node.params)
        if callee.owner is not None and not callee.is_staticmethod:
            positional = positional[1:]  # self / cls is bound by the call
        by_name = {param.name.value for param in [*positional, *keyword_parameters(callee.node.params)]}
        for index, arg in enumerate(node.args):
            if arg.star:
                break
            if arg.keyword is not None:
                parameter = arg.keyword.value if arg.keyword.value in by_name else None
            else:
                parameter = positional[index].name.value if index < len(positional) else None
            made = resource(arg.value)
            if parameter is not None and not parameter.startswith("_") and made is not None:
                found.append(PassedResource(arg, callee, parameter, *made))


def _made_resource(call: cst.Call, resolver: NameResolver, scope: Scope) -> Optional[tuple[str, str]]:
    """(what, source) when the call makes an unhashable resource: a resource factory, or a function
    cached with cache_resource that returns one."""
    name = qualified_name(call.func, scope)
    if name is not None and name not in HASHABLE_FACTORIES:
        what = resource_types.lookup(resource_types.UNPICKLABLE_FACTORIES, name)
        if what is not None:
            return what, f"`{name.rpartition('.')[2]}(...)`"
    callee = resolver.resolve(call.func)
    if isinstance(callee, FunctionInfo) and callee.cache is not None and callee.cache.info.shares_result:
        for returned in returned_calls(callee):
            if returned.callee is None or returned.callee in HASHABLE_FACTORIES:
                continue
            what = resource_types.lookup(resource_types.UNPICKLABLE_FACTORIES, returned.callee)
            if what is not None:
                return what, f"`{callee.name}()`"
    return None
