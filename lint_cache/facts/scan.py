"""One pass over a module's statements: scopes, imports, functions, classes and how each is cached.

Only statements are visited, never expressions (design §3: walk only where facts live). Names are
bound in source order, which is how the module runs; function scopes are filled the same way so that
a cached function defined inside another sees its enclosing function's names.
"""

from __future__ import annotations

import os
from typing import Iterator, Optional, Sequence, Union

import libcst as cst

from lint_cache.facts.meanings import (
    OUTSIDE,
    CacheUse,
    ClassInfo,
    Container,
    ContainerList,
    FunctionInfo,
    Imported,
    ProjectLookup,
    ProjectModule,
    ProjectName,
    Scope,
)
from lint_cache.facts.parameters import parameter_names
from lint_cache.facts.scopes import (
    NameResolver,
    cache_target,
    dotted_name,
    imported,
    keyword_arguments,
    module_path,
)
from lint_cache.knowledge import streamlit_api

Statement = Union[cst.BaseStatement, cst.BaseSmallStatement]


class ModuleScan:
    """The functions and classes of one module, with the scopes their names resolve in.

    With a `project` (handed in: `project.ProjectModules`), imports of the project's own modules
    (located from `path`) bind names that resolve in those modules; `foreign` marks the scan of such
    an imported module."""

    def __init__(
        self,
        module: cst.Module,
        path: Optional[str] = None,
        project: Optional[ProjectLookup] = None,
        foreign: bool = False,
    ):
        self.module = module
        self.path = os.path.abspath(path) if path is not None else None
        self.project = project if path is not None else None
        self.foreign = foreign
        self.module_scope = Scope()
        self.module_scope.project = self.project
        self.imported_files: set[str] = set()  # the project modules its imports located
        self.functions: list[FunctionInfo] = []
        self.function_at: dict[cst.CSTNode, FunctionInfo] = {}
        # `from m import a as b` at module level: b → (statement, alias), for fixes that edit imports.
        self.from_imports: dict[str, tuple[cst.ImportFrom, cst.ImportAlias]] = {}
        self._scan_block(module.body, self.module_scope, self.module_scope, prefix="", owner=None, enclosing=())

    def release(self) -> None:
        """Break the reference cycles of the scan once its facts are no longer needed: a scope binds
        a function's name and the function knows the scopes it is defined in and binds, so without
        this the module's whole tree waits for the cyclic collector, whose full passes grow slower
        with every tree waiting."""
        self.module_scope.bindings.clear()
        for function in self.functions:
            if function.body_scope is not None:
                function.body_scope.bindings.clear()
            if function.owner is not None:
                function.owner.methods.clear()  # a method knows its class, which maps its methods

    @property
    def cached_functions(self) -> list[FunctionInfo]:
        return [function for function in self.functions if function.cache is not None]

    # -- statements ---------------------------------------------------------------------------

    def _scan_block(
        self,
        body: Sequence[Statement],
        scope: Scope,
        function_scope: Scope,
        prefix: str,
        owner: Optional[ClassInfo],
        enclosing: tuple[str, ...],
        in_except: bool = False,
    ) -> None:
        """Scan statements that run in `scope`. Functions defined here look names up in
        `function_scope` (the same scope, except in a class body, which functions skip)."""
        for statement in body:
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    self._scan_small(small, scope, in_except)
            elif isinstance(statement, cst.BaseSmallStatement):  # from a one-line suite: `if x: y = 1`
                self._scan_small(statement, scope, in_except)
            elif isinstance(statement, cst.FunctionDef):
                self._scan_function(statement, scope, function_scope, prefix, owner, enclosing)
            elif isinstance(statement, cst.ClassDef):
                self._scan_class(statement, scope, function_scope, prefix, enclosing)
            else:
                self._scan_compound(statement, scope, function_scope, prefix, owner, enclosing, in_except)

    def _scan_compound(self, statement, scope, function_scope, prefix, owner, enclosing, in_except) -> None:
        def scan(block: cst.BaseSuite, kinds: tuple[str, ...] = (), except_block: bool = in_except) -> None:
            self._scan_block(
                block_statements(block), scope, function_scope, prefix, owner, enclosing + kinds, except_block
            )

        if isinstance(statement, cst.If):
            scan(statement.body)
            orelse = statement.orelse
            while isinstance(orelse, cst.If):
                scan(orelse.body)
                orelse = orelse.orelse
            if orelse is not None:
                scan(orelse.body)
        elif isinstance(statement, (cst.For, cst.While)):
            if isinstance(statement, cst.For):
                bind_target(statement.target, element_of(NameResolver(scope, OUTSIDE).resolve(statement.iter)), scope)
            scan(statement.body, ("loop",))
            if statement.orelse is not None:
                scan(statement.orelse.body)
        elif isinstance(statement, (cst.Try, cst.TryStar)):
            scan(statement.body)
            for handler in statement.handlers:
                if handler.name is not None:
                    bind_target(handler.name.name, None, scope)
                scan(handler.body, except_block=True)
            if statement.orelse is not None:
                scan(statement.orelse.body)
            if statement.finalbody is not None:
                scan(statement.finalbody.body)
        elif isinstance(statement, cst.With):
            resolver = NameResolver(scope, OUTSIDE)
            for item in statement.items:
                if item.asname is not None:
                    bind_target(item.asname.name, resolver.resolve(item.item), scope)
            scan(statement.body)
        elif isinstance(statement, cst.Match):
            for case in statement.cases:
                scan(case.body)

    def _locate(self, module: str, level: int = 0) -> Optional[str]:
        if self.project is None or self.path is None:
            return None
        found = self.project.locate(self.path, module, level)
        if found is not None:
            self.imported_files.add(found)
        return found

    def _scan_small(self, small: cst.BaseSmallStatement, scope: Scope, in_except: bool) -> None:
        if isinstance(small, cst.Import):
            for alias in small.names:
                path = module_path(alias.name)
                if alias.asname is not None:
                    own = self._locate(path)
                    bind_target(alias.asname.name, ProjectModule(own, path) if own else Imported(path), scope)
                else:
                    top = path.split(".")[0]
                    own = self._locate(top)
                    scope.bind(top, ProjectModule(own, top) if own else Imported(top))
        elif isinstance(small, cst.ImportFrom):
            self._scan_import_from(small, scope)
        elif isinstance(small, (cst.Assign, cst.AnnAssign)):
            if small.value is None:
                return
            resolver = NameResolver(scope, OUTSIDE)
            value = resolver.resolve(small.value)
            if isinstance(small.value, cst.Call):
                # `load = st.cache_data(_load)`: `load` names the cached function from here on.
                value = self._scan_call_form(small.value, resolver) or value
            targets = [target.target for target in small.targets] if isinstance(small, cst.Assign) else [small.target]
            for target in targets:
                bind_target(target, value, scope, weak=in_except)
                if isinstance(target, cst.Name):
                    scope.constants[target.value] = small.value
        elif isinstance(small, cst.AugAssign):
            bind_target(small.target, None, scope)

    def _scan_import_from(self, node: cst.ImportFrom, scope: Scope) -> None:
        # Relative imports are the project's own modules, never Streamlit.
        written = module_path(node.module) if node.module is not None else ""
        level = len(node.relative)
        module = written if not level else None
        own = self._locate(written, level)
        if isinstance(node.names, cst.ImportStar):
            return
        for alias in node.names:
            name = dotted_name(alias.name) or ""
            bound = alias.asname.name if alias.asname is not None else alias.name
            dotted = f"{written}.{name}" if written else name
            if own is not None:
                submodule = self._locate(dotted, level)
                value = ProjectModule(submodule, dotted) if submodule else ProjectName(own, name, dotted)
            else:
                value = imported(f"{module}.{name}") if module else None
            bind_target(bound, value, scope)
            if scope is self.module_scope and isinstance(bound, cst.Name):
                self.from_imports[bound.value] = (node, alias)

    def _scan_call_form(self, call: cst.Call, resolver: NameResolver) -> Optional[FunctionInfo]:
        """`load = st.cache_data(_load)`, `st.cache_data(ttl=60)(_load)`, `memo(_load)`: the function
        that becomes cached, if any."""
        decorator = resolver.cache_decorator(call.func) if isinstance(call.func, cst.Call) else None
        if decorator is not None:
            target = call.args[0].value if call.args and call.args[0].keyword is None else None
            options_call = decorator[1]
        else:
            decorator = resolver.cache_decorator(call)
            if decorator is None:
                return None
            options_call = decorator[1]
            if options_call is call:
                target = cache_target(call)
            else:  # a ConfiguredCache name applied to a function: `memo(_load)`
                target = call.args[0].value if call.args and call.args[0].keyword is None else None
        if target is None:
            return None
        function = resolver.resolve(target)
        if isinstance(function, FunctionInfo) and function.cache is None:
            callee = call.func.func if isinstance(call.func, cst.Call) else call.func
            function.cache = CacheUse(
                decorator=decorator[0],
                node=call,
                callee=callee,
                call=options_call,
                options=keyword_arguments(options_call),
                call_form=True,
                defined_in=decorator[2],
            )
            return function
        return None

    # -- definitions --------------------------------------------------------------------------

    def _scan_function(
        self,
        node: cst.FunctionDef,
        scope: Scope,
        function_scope: Scope,
        prefix: str,
        owner: Optional[ClassInfo],
        enclosing: tuple[str, ...],
    ) -> None:
        decorator_resolver = NameResolver(scope, OUTSIDE)
        cache = None
        is_staticmethod = is_classmethod = opens_dialog = False
        for decorator in node.decorators:
            opens_dialog = opens_dialog or _is_dialog_decorator(decorator.decorator, decorator_resolver)
            found = decorator_resolver.cache_decorator(decorator.decorator)
            if found is not None and cache is None:
                name, call, defined_in = found
                callee = decorator.decorator.func if isinstance(decorator.decorator, cst.Call) else decorator.decorator
                cache = CacheUse(name, decorator, callee, call, keyword_arguments(call), defined_in=defined_in)
            is_staticmethod = is_staticmethod or dotted_name(decorator.decorator) == "staticmethod"
            is_classmethod = is_classmethod or dotted_name(decorator.decorator) == "classmethod"
        info = FunctionInfo(
            node=node,
            qualname=prefix + node.name.value,
            defining_scope=function_scope,
            owner=owner,
            enclosing=enclosing,
            cache=cache,
            is_staticmethod=is_staticmethod,
            is_classmethod=is_classmethod,
            module=self.path,
            opens_dialog=opens_dialog,
        )
        self.functions.append(info)
        self.function_at[node] = info
        if owner is not None:
            owner.methods[node.name.value] = info
            scope.bind(node.name.value, None)
        else:
            scope.bind(node.name.value, info)
        body_scope = info.body_scope = Scope(function_scope, parameter_names(node.params))
        self._scan_block(
            block_statements(node.body),
            body_scope,
            body_scope,
            prefix=info.qualname + ".<locals>.",
            owner=None,
            enclosing=enclosing + ("function",),
        )

    def _scan_class(
        self, node: cst.ClassDef, scope: Scope, function_scope: Scope, prefix: str, enclosing: tuple[str, ...]
    ) -> None:
        owner = ClassInfo(node, prefix + node.name.value)
        scope.bind(node.name.value, owner)
        class_scope = Scope(scope)
        self._scan_block(
            block_statements(node.body),
            class_scope,
            function_scope,
            prefix=owner.qualname + ".",
            owner=owner,
            enclosing=enclosing + ("class",),
        )


def block_statements(block: cst.BaseSuite) -> Sequence[Statement]:
    """The statements of an indented block or of a one-line suite (`if x: y()`)."""
    return block.body


def element_of(value):
    """What iterating over `value` gives, when that is known: columns give containers."""
    if isinstance(value, ContainerList):
        return Container(value.origin, value.created_by)
    return None


def bind_target(target: cst.BaseExpression, value, scope: Scope, weak: bool = False) -> None:
    """Bind the names of an assignment target; unpacking a list of containers gives containers."""
    if isinstance(target, cst.Name):
        scope.bind(target.value, value, weak=weak)
    elif isinstance(target, (cst.Tuple, cst.List)):
        element = element_of(value)
        for item in target.elements:
            bind_target(item.value, None if isinstance(item, cst.StarredElement) else element, scope, weak)


def iter_statements(body: Sequence[Statement]) -> Iterator[Statement]:
    """Every statement that runs in the same scope as `body`, depth first, in source order: into
    if/for/while/try/with/match blocks, not into function or class bodies."""
    for statement in body:
        yield statement
        if isinstance(statement, cst.SimpleStatementLine):
            yield from statement.body
        elif isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            continue
        else:
            for block in _blocks(statement):
                yield from iter_statements(block_statements(block))


def _blocks(statement: cst.CSTNode) -> Iterator[cst.BaseSuite]:
    for name in ("body", "orelse", "finalbody"):
        block = getattr(statement, name, None)
        while isinstance(block, cst.If):  # elif chains
            yield block.body
            block = block.orelse
        if isinstance(block, (cst.Else, cst.Finally)):
            yield block.body
        elif isinstance(block, cst.BaseSuite):
            yield block
    for handler in getattr(statement, "handlers", ()):
        yield handler.body
    for case in getattr(statement, "cases", ()):
        yield case.body


def _is_dialog_decorator(decorator: cst.BaseExpression, resolver: NameResolver) -> bool:
    """`@st.dialog("Title")` or `@st.experimental_dialog(...)`: the function opens a dialog."""
    callee = decorator.func if isinstance(decorator, cst.Call) else decorator
    value = resolver.resolve(callee)
    return isinstance(value, Imported) and value.streamlit_name in streamlit_api.DIALOG_DECORATORS
