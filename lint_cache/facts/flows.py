"""Widget values that reach the arguments of cached functions (design §1.4, STC303).

`rows = st.slider(...)` then `load(path, rows)`: every value of the slider is another cache entry.
The walk follows widget values through assignments, f-strings and expressions of the module and
of its (uncached) functions, and records every call to a cached function (of the module, or of a
project module it imports) with the widgets that feed each hashed parameter. It is a fast walk (no
libcst visitor), and it runs only when the text shows a call to a cached function at all.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Optional, Sequence

import libcst as cst

from lint_cache.facts.meanings import OUTSIDE, FunctionInfo, ProjectModule, ProjectName, Scope
from lint_cache.facts.parameters import keyword_parameters, positional_parameters, star_args
from lint_cache.facts.scan import ModuleScan, block_statements
from lint_cache.facts.scopes import NameResolver
from lint_cache.facts.walk import children
from lint_cache.facts.widgets import call_widget
from lint_cache.knowledge import streamlit_api
from lint_cache.source import prefilter


@dataclass(frozen=True, eq=False)
class WidgetSource:
    """A widget call whose value flows on."""

    call: cst.Call
    widget: streamlit_api.Widget
    scope: Scope  # where its arguments are evaluated


# What an expression's value depends on: the widgets, and whether it is one of their values as is
# (a name, an f-string) or something computed from them (then the count is an upper bound).
Flow = tuple[frozenset[WidgetSource], bool]
_NONE: Flow = (frozenset(), True)


@dataclass(frozen=True)
class ArgumentFlow:
    parameter: str
    sources: frozenset[WidgetSource]
    exact: bool


@dataclass(frozen=True)
class CallSite:
    call: cst.Call
    function: FunctionInfo
    arguments: tuple[ArgumentFlow, ...]  # hashed parameters fed by widgets, in parameter order


def cached_call_sites(
    text: str, scan: ModuleScan, extra_widgets: frozenset[str] = frozenset()
) -> dict[FunctionInfo, list[CallSite]]:
    """Calls to cached functions, the module's own and those of the project modules it imports,
    with the widgets that feed their hashed parameters."""
    components = extra_widgets | streamlit_api.KNOWN_COMPONENT_FUNCTIONS
    if not _may_call_widgets(text, components):
        return {}
    if not (scan.cached_functions and calls_by_name(text, scan)) and not imports_project_names(scan):
        return {}
    walker = _FlowWalker(scan, components)
    walker.block(scan.module.body, scan.module_scope, {})
    return walker.sites


def _may_call_widgets(text: str, components: frozenset[str]) -> bool:
    """False when no widget command nor component is called anywhere: no value can flow."""
    if prefilter.WIDGET_CALL.search(text):
        return True
    return any(f"{name.rpartition('.')[2]}(" in text for name in components)


def imports_project_names(scan: ModuleScan) -> bool:
    """True when the module imports names or modules of the project's own that their texts show may
    be, or hold, cached functions."""
    project = scan.project
    if project is None:
        return False
    for value in scan.module_scope.bindings.values():
        if isinstance(value, ProjectName) and project.may_define_cached_function(value.path, value.name):
            return True
        if isinstance(value, ProjectModule) and project.may_define_cached_functions(value.path):
            return True
    return False


# A name followed by `(` (a call, or the name in its own `def`), and a `def`: counted for every name in
# one pass of the text each, not one pass per cached function.
_NAME_THEN_PARENTHESIS = re.compile(r"(?<![\w.])(\w+)\s*\(")
_DEFINED_NAME = re.compile(r"\bdef\s+(\w+)\s*\(")


def calls_by_name(text: str, scan: ModuleScan) -> bool:
    """True when some name bound to a cached function is followed by `(` more often than it is defined."""
    bindings = scan.module_scope.bindings
    names = {name for name, value in bindings.items() if isinstance(value, FunctionInfo) and value.cache is not None}
    if not names:
        return False
    calls = Counter(name for name in _NAME_THEN_PARENTHESIS.findall(text) if name in names)
    definitions = Counter(name for name in _DEFINED_NAME.findall(text) if name in names)
    return any(calls[name] > definitions[name] for name in calls)


class _FlowWalker:
    def __init__(self, scan: ModuleScan, extra_widgets: frozenset[str]):
        self.scan = scan
        self.extra_widgets = extra_widgets
        self.sites: dict[FunctionInfo, list[CallSite]] = {}

    # -- statements, in order, each scope with its own names ----------------------------------------

    def block(self, body: Sequence[cst.CSTNode], scope: Scope, names: dict[str, Flow]) -> None:
        for statement in body:
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    self.small(small, scope, names)
            elif isinstance(statement, cst.BaseSmallStatement):
                self.small(statement, scope, names)
            elif isinstance(statement, cst.FunctionDef):
                self.function(statement)
            elif isinstance(statement, cst.ClassDef):
                self.block(block_statements(statement.body), scope, dict(names))
            else:
                self.compound(statement, scope, names)

    def function(self, node: cst.FunctionDef) -> None:
        info = self.scan.function_at.get(node)
        if info is None or info.cache is not None or info.body_scope is None:
            return  # cached bodies are the other analysis' business
        self.block(block_statements(node.body), info.body_scope, {})

    def compound(self, statement: cst.CSTNode, scope: Scope, names: dict[str, Flow]) -> None:
        for child in children(statement):
            if isinstance(child, cst.BaseSuite):
                self.block(block_statements(child), scope, names)
            elif isinstance(child, (cst.Else, cst.Finally, cst.ExceptHandler, cst.MatchCase, cst.If)):
                self.compound(child, scope, names)
            elif isinstance(child, cst.WithItem):
                flow = self.flow(child.item, scope, names)
                if child.asname is not None:
                    self.bind(child.asname.name, flow, names)
            elif isinstance(child, cst.BaseExpression):
                flow = self.flow(child, scope, names)
                if isinstance(statement, cst.For) and child is statement.iter:
                    self.bind(statement.target, (flow[0], False), names)

    def small(self, small: cst.BaseSmallStatement, scope: Scope, names: dict[str, Flow]) -> None:
        if isinstance(small, (cst.Assign, cst.AnnAssign)):
            if small.value is None:
                return
            flow = self.flow(small.value, scope, names)
            targets = [target.target for target in small.targets] if isinstance(small, cst.Assign) else [small.target]
            for target in targets:
                self.bind(target, flow, names)
        elif isinstance(small, cst.AugAssign):
            added = self.flow(small.value, scope, names)
            if isinstance(small.target, cst.Name):
                before = names.get(small.target.value, _NONE)
                names[small.target.value] = (before[0] | added[0], False)
        else:
            for child in children(small):
                self.flow(child, scope, names)

    def bind(self, target: cst.CSTNode, flow: Flow, names: dict[str, Flow]) -> None:
        if isinstance(target, cst.Name):
            names[target.value] = flow
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self.bind(element.value, (flow[0], False), names)

    # -- expressions ----------------------------------------------------------------------------------

    def flow(self, node: cst.CSTNode, scope: Scope, names: dict[str, Flow]) -> Flow:
        if isinstance(node, cst.Name):
            return names.get(node.value, _NONE)
        if isinstance(node, _LITERALS):
            return _NONE
        if isinstance(node, cst.Attribute):  # `upload.name` depends on `upload`; `name` is no variable
            return self.flow(node.value, scope, names)[0], False
        if isinstance(node, cst.Call):
            return self.call(node, scope, names)
        if isinstance(node, cst.FormattedString):
            parts = [self.flow(part.expression, scope, names) for part in node.parts if hasattr(part, "expression")]
            return _union(parts, exact=all(exact for _, exact in parts))
        if isinstance(node, (cst.Lambda, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)):
            # Their own names shadow the outer ones: look only for calls to cached functions inside.
            for child in children(node):
                self.flow(child, scope, {})
            return _NONE
        parts = [self.flow(child, scope, names) for child in children(node)]
        return _union(parts, exact=False)

    def call(self, node: cst.Call, scope: Scope, names: dict[str, Flow]) -> Flow:
        arguments = [(arg, self.flow(arg.value, scope, names)) for arg in node.args]
        callee = NameResolver(scope, OUTSIDE).resolve(node.func)
        if (
            isinstance(callee, ProjectName)
            and any(sources for _, (sources, _) in arguments)
            and scope.project is not None
            and scope.project.may_define_cached_function(callee.path, callee.name)
        ):
            # A function of another project module, fed widget values, that its module's text
            # shows may be a cached one: only then is that module read.
            callee = NameResolver(scope, OUTSIDE, follow=True).resolve(node.func)
        widget = call_widget(callee, node, self.extra_widgets)
        if widget is not None:
            return frozenset({WidgetSource(node, widget, scope)}), True
        if isinstance(callee, FunctionInfo) and callee.cache is not None:
            self.record(node, callee, arguments)
        else:
            self.flow(node.func, scope, names)
        # A result computed from widget values takes at most as many values as they have together.
        return _union([flow for _, flow in arguments], exact=False)

    def record(self, call: cst.Call, function: FunctionInfo, arguments: list[tuple[cst.Arg, Flow]]) -> None:
        parameters = _parameters(function)
        if parameters is None:
            return
        positional, keyword_names, variadic = parameters
        fed: dict[str, ArgumentFlow] = {}
        for index, (arg, (sources, exact)) in enumerate(arguments):
            if not sources or arg.star:
                continue
            if arg.keyword is not None:
                parameter: Optional[str] = arg.keyword.value if arg.keyword.value in keyword_names else None
            elif index < len(positional):
                parameter = positional[index]
            else:
                parameter = variadic
            if parameter is None or parameter.startswith("_"):
                continue  # not hashed into the key
            previous = fed.get(parameter)
            if previous is not None:
                sources, exact = previous.sources | sources, False
            fed[parameter] = ArgumentFlow(parameter, sources, exact)
        self.sites.setdefault(function, []).append(CallSite(call, function, tuple(fed.values())))


_LITERALS = (cst.SimpleString, cst.Integer, cst.Float, cst.Imaginary, cst.Ellipsis)


def _union(parts: list[Flow], exact: bool) -> Flow:
    sources = frozenset().union(*(part[0] for part in parts)) if parts else frozenset()
    return sources, exact if sources else True


def _parameters(function: FunctionInfo) -> Optional[tuple[list[str], set[str], Optional[str]]]:
    """Positional parameter names, names accepted by keyword, and the *args name of a function
    called by name; None for methods (a call through an instance binds `self` first)."""
    node = function.node
    if not isinstance(node, cst.FunctionDef) or (function.owner is not None and not function.is_staticmethod):
        return None
    positional = [param.name.value for param in positional_parameters(node.params)]
    keyword_names = {param.name.value for param in keyword_parameters(node.params)}
    variadic = star_args(node.params)
    return positional, keyword_names, variadic.name.value if variadic is not None else None
