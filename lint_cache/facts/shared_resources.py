"""In-place mutations of the objects cache_resource functions return (design §1.7, STC208).

`cache_resource` (and `experimental_singleton`, `st.cache(allow_output_mutation=True)`) hands every
session the same object. The walk looks, in the module's code and in each of its functions, for
names bound to a call of such a function and for mutations of them (or of the call itself):
container methods that change the object, `inplace=True`, item assignment, deletion and augmented
assignment of an item; and for calls that pass the object to a helper of the module that mutates
that parameter. Method names that many other classes also use (`add`, `update`, `pop`, ...) count
only when the cached function visibly returns a list, dict, set, deque or DataFrame.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator, Optional, Sequence

import libcst as cst

from lint_cache.facts.literals import literal_value
from lint_cache.facts.meanings import OUTSIDE, FunctionInfo, ProjectModule, ProjectName, Scope
from lint_cache.facts.mutators import AMBIGUOUS_MUTATORS, CONTAINER_MUTATORS
from lint_cache.facts.parameters import all_parameters
from lint_cache.facts.scan import ModuleScan, block_statements, iter_statements
from lint_cache.facts.scopes import NameResolver, qualified_name
from lint_cache.facts.walk import nodes_of, nodes_under

CONTAINER_CONSTRUCTORS = frozenset(
    {"builtins.list", "builtins.dict", "builtins.set", "collections.deque", "collections.defaultdict"}
    | {"collections.OrderedDict", "pandas.DataFrame", "pandas.read_csv", "pandas.read_parquet", "pandas.read_excel"}
)
CONTAINER_LITERALS = (cst.List, cst.Dict, cst.Set, cst.ListComp, cst.DictComp, cst.SetComp)
_CALL = frozenset({cst.Call})


@dataclass(frozen=True, eq=False)
class Mutation:
    node: cst.CSTNode  # where to report: the mutating call or statement, or the call of the helper
    resource: FunctionInfo  # the cache_resource function whose result is mutated
    how: str  # "`.append()`", "item assignment", for messages
    via: tuple[str, ...] = ()  # the helper that mutates its parameter


def resource_mutations(text: str, scan: ModuleScan, shares_result: Callable[[FunctionInfo], bool]) -> list[Mutation]:
    """`shares_result` answers for the cached functions of this module and of the project modules
    it imports: a resource made in `db.py` and changed in `app.py` is as shared."""
    resources = [function for function in scan.cached_functions if shares_result(function)]
    if not _called_in_text(text, resources) and not _project_names_used(text, scan):
        return []  # the walk costs a pass over the module: skip it when no resource can be called here
    walker = _Walker(scan, shares_result)
    walker.block(scan.module.body, scan.module_scope)
    for function in scan.functions:
        if isinstance(function.node, cst.FunctionDef) and function.body_scope is not None:
            walker.block(block_statements(function.node.body), function.body_scope)
    return walker.found


class _Walker:
    def __init__(self, scan: ModuleScan, shares_result: Callable[[FunctionInfo], bool]):
        self.scan = scan
        self.shares_result = shares_result
        self.found: list[Mutation] = []
        self._mutated_parameters: dict[FunctionInfo, dict[int, str]] = {}
        self._resources: dict[FunctionInfo, bool] = {}
        self._containers: dict[FunctionInfo, bool] = {}

    def is_resource(self, function: FunctionInfo) -> bool:
        if function not in self._resources:
            self._resources[function] = function.cache is not None and self.shares_result(function)
        return self._resources[function]

    def returns_container(self, function: FunctionInfo) -> bool:
        if function not in self._containers:
            self._containers[function] = _returns_container(function)
        return self._containers[function]

    def block(self, body: Sequence[cst.CSTNode], scope: Scope) -> None:
        # Following imports: the cache_resource function may live in another module of the project.
        resolver = NameResolver(scope, OUTSIDE, follow=True, cached_only=True)
        bound: dict[str, FunctionInfo] = {}  # names bound to a resource, in source order

        def resource_of(node: cst.BaseExpression) -> Optional[FunctionInfo]:
            if isinstance(node, cst.Name):
                return bound.get(node.value)
            if isinstance(node, cst.Call):
                callee = resolver.resolve(node.func)
                return callee if isinstance(callee, FunctionInfo) and self.is_resource(callee) else None
            return None

        for statement in iter_statements(body):
            if isinstance(statement, (cst.Assign, cst.AnnAssign)) and statement.value is not None:
                self._expression_mutations(statement.value, resource_of, resolver)
                targets = (
                    [t.target for t in statement.targets] if isinstance(statement, cst.Assign) else [statement.target]
                )
                resource = resource_of(statement.value)
                for target in targets:
                    self._target(target, resource_of, "item assignment")
                    self._attribute_target(target, statement.value, resource_of)
                    if isinstance(target, cst.Name):
                        if resource is not None:
                            bound[target.value] = resource
                        else:
                            bound.pop(target.value, None)
            elif isinstance(statement, cst.AugAssign):
                self._target(statement.target, resource_of, "augmented assignment of an item")
                self._expression_mutations(statement.value, resource_of, resolver)
            elif isinstance(statement, cst.Del):
                self._target(statement.target, resource_of, "item deletion")
            elif isinstance(statement, cst.Expr):
                self._expression_mutations(statement.value, resource_of, resolver)
            elif isinstance(statement, (cst.Return, cst.If, cst.While, cst.For, cst.With)):
                for part in _headers(statement):
                    self._expression_mutations(part, resource_of, resolver)

    def _target(self, target: cst.BaseExpression, resource_of, how: str) -> None:
        targets = (
            [element.value for element in target.elements] if isinstance(target, (cst.Tuple, cst.List)) else [target]
        )
        for node in targets:
            if not isinstance(node, cst.Subscript):
                continue
            # `df.loc[...] = ...` changes df; `conf.options[name] = ...` changes what conf holds.
            resource = resource_of(_owner(node.value))
            if resource is not None:
                self.found.append(Mutation(node, resource, how))

    def _attribute_target(self, target: cst.BaseExpression, value: cst.BaseExpression, resource_of) -> None:
        """`obj.user = name`: an attribute of the shared object set to a value of this run. A constant
        (`net.training = False`) is the same for every run, so setting it again changes nothing."""
        if not isinstance(target, cst.Attribute) or literal_value(value, default=_NOT_LITERAL) is not _NOT_LITERAL:
            return
        resource = resource_of(target.value)
        if resource is not None:
            self.found.append(Mutation(target, resource, "attribute assignment"))

    def _expression_mutations(self, expression: cst.BaseExpression, resource_of, resolver: NameResolver) -> None:
        for node in nodes_of(expression, _CALL):
            if isinstance(node.func, cst.Attribute):
                method = node.func.attr.value
                resource = resource_of(node.func.value)
                if resource is None and method in CONTAINER_MUTATORS:
                    resource = resource_of(_owner(node.func.value))  # `conf.items.append(x)`
                if resource is not None and self._mutates(resource, method, node):
                    how = (
                        "`inplace=True`" if method not in CONTAINER_MUTATORS | AMBIGUOUS_MUTATORS else f"`.{method}()`"
                    )
                    self.found.append(Mutation(node, resource, how))
                    continue
            callee = resolver.resolve(node.func)
            if isinstance(callee, FunctionInfo) and callee.cache is None:
                self._helper_call(node, callee, resource_of)

    def _mutates(self, resource: FunctionInfo, method: str, call: cst.Call) -> bool:
        if method in CONTAINER_MUTATORS:
            return True
        if method in AMBIGUOUS_MUTATORS and self.returns_container(resource):
            return True
        return any(
            arg.keyword is not None and arg.keyword.value == "inplace" and _is_true(arg.value) for arg in call.args
        )

    def _helper_call(self, call: cst.Call, helper: FunctionInfo, resource_of) -> None:
        for index, arg in enumerate(call.args):
            if arg.keyword is not None or arg.star:
                continue
            resource = resource_of(arg.value)
            if resource is None:
                continue
            mutated = self._parameters_mutated(helper)  # walked only when a resource is passed
            if index in mutated:
                self.found.append(Mutation(call, resource, mutated[index], via=(helper.name,)))

    def _parameters_mutated(self, helper: FunctionInfo) -> dict[int, str]:
        """Positional parameters the helper mutates in its own body, with how."""
        if helper in self._mutated_parameters:
            return self._mutated_parameters[helper]
        found: dict[int, str] = {}
        self._mutated_parameters[helper] = found
        node = helper.node
        if not isinstance(node, cst.FunctionDef) or (helper.owner is not None and not helper.is_staticmethod):
            return found
        positions = {param.name.value: index for index, param in enumerate(all_parameters(node.params))}
        resolver = NameResolver(helper.defining_scope, OUTSIDE)
        for part in nodes_under(node.body):
            name, how = _mutated_name(part)
            if name in positions and positions[name] not in found:
                found[positions[name]] = how
            elif isinstance(part, cst.Call):
                self._passed_on(part, positions, found, resolver)
        return found

    def _passed_on(self, call: cst.Call, positions: dict[str, int], found: dict[int, str], resolver) -> None:
        """A parameter passed on to another helper that mutates it: `inner(conf)` in `outer(conf)`.
        (The memo holds a helper's answer while it is walked, so recursion ends.)"""
        callee = resolver.resolve(call.func)
        if not isinstance(callee, FunctionInfo) or callee.cache is not None:
            return
        inner = self._parameters_mutated(callee)
        for index, arg in enumerate(call.args):
            if arg.keyword is not None or arg.star or not isinstance(arg.value, cst.Name):
                continue
            position = positions.get(arg.value.value)
            if position is not None and index in inner and position not in found:
                found[position] = f"{inner[index]} in `{callee.name}()`"


def _project_names_used(text: str, scan: ModuleScan) -> bool:
    """True when the module calls, or reaches into, a name it imports from a project module (a
    fast over-estimate, as `_called_in_text`)."""
    for name, value in scan.module_scope.bindings.items():
        if isinstance(value, (ProjectName, ProjectModule)) and (f"{name}(" in text or f"{name}." in text):
            return True
    return False


def _called_in_text(text: str, functions: list[FunctionInfo]) -> bool:
    """True when some function's name is followed by `(` more often than it is defined (a fast
    over-estimate: `preload(` counts for `load`, which only costs a walk)."""
    for function in functions:
        if isinstance(function.node, cst.FunctionDef):
            name = function.node.name.value
            if text.count(f"{name}(") > text.count(f"def {name}("):
                return True
    return False


def _mutated_name(node: cst.CSTNode) -> tuple[Optional[str], str]:
    """For `x.append(...)`, `x[k] = v`, `del x[k]`: ("x", how). Only unambiguous mutations count."""
    if (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and isinstance(node.func.value, cst.Name)
        and node.func.attr.value in CONTAINER_MUTATORS
    ):
        return node.func.value.value, f"`.{node.func.attr.value}()`"
    targets: list[cst.BaseExpression] = []
    if isinstance(node, cst.Assign):
        targets = [target.target for target in node.targets]
    elif isinstance(node, (cst.AugAssign, cst.Del)):
        targets = [node.target]
    for target in targets:
        if isinstance(target, cst.Subscript) and isinstance(target.value, cst.Name):
            return target.value.value, "item assignment"
    return None, ""


def _headers(statement: cst.CSTNode) -> Iterator[cst.BaseExpression]:
    """The expressions of a compound statement's header (its blocks are statements of their own)."""
    if isinstance(statement, cst.Return):
        if statement.value is not None:
            yield statement.value
    elif isinstance(statement, (cst.If, cst.While)):
        yield statement.test
    elif isinstance(statement, cst.For):
        yield statement.iter
    elif isinstance(statement, cst.With):
        yield from (item.item for item in statement.items)


def _is_true(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "True"


def _returns_container(function: FunctionInfo) -> bool:
    """True when some `return` of the function gives a list, dict, set, deque or DataFrame."""
    if not isinstance(function.node, cst.FunctionDef) or function.body_scope is None:
        return False
    assigned: dict[str, cst.BaseExpression] = {}
    for statement in iter_statements(block_statements(function.node.body)):
        if isinstance(statement, cst.Assign) and len(statement.targets) == 1:
            target = statement.targets[0].target
            if isinstance(target, cst.Name):
                assigned[target.value] = statement.value
        elif isinstance(statement, cst.Return) and statement.value is not None:
            value = statement.value
            if isinstance(value, cst.Name):
                value = assigned.get(value.value, value)
            if isinstance(value, CONTAINER_LITERALS):
                return True
            if (
                isinstance(value, cst.Call)
                and qualified_name(value.func, function.body_scope) in CONTAINER_CONSTRUCTORS
            ):
                return True
    return False


_NOT_LITERAL = object()


def _owner(node: cst.BaseExpression) -> cst.BaseExpression:
    """The object whose attributes or items `node` reaches: `conf` for `conf.options.extra` and for
    `conf["options"]`."""
    while isinstance(node, (cst.Attribute, cst.Subscript)):
        node = node.value
    return node
