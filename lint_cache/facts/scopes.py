"""The resolution of names and expressions to Streamlit values, in the scopes of `meanings.Scope`.

Python's rules, reduced to what matters here: a function sees its own names, then the enclosing
functions' names, then the module's (class bodies are skipped). A local name that is not bound to a
Streamlit value shadows the outer one: `def f(st): st.slider()` is not Streamlit.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from lint_cache.facts.meanings import (
    OUTSIDE,
    SIDEBAR,
    ClassInfo,
    Component,
    ConfiguredCache,
    Container,
    ContainerList,
    ContainerMethod,
    Imported,
    ProjectModule,
    ProjectName,
    Scope,
    SelfReference,
    Value,
)
from lint_cache.knowledge import streamlit_api


def imported(path: str) -> Value:
    """What a dotted import path means: `streamlit.sidebar` is a container, anything else a name."""
    path = streamlit_api.canonical_streamlit_path(path)
    if path == "streamlit.sidebar":
        return Container(SIDEBAR, "st.sidebar")
    name = path[len("streamlit.") :] if path.startswith("streamlit.") else None
    if name in streamlit_api.OUTSIDE_ROOT_CONTAINERS:
        return Container(OUTSIDE, f"st.{name}")
    return Imported(path)


def dotted_name(node: cst.BaseExpression) -> Optional[str]:
    """`a.b.c` as a string, or None for anything that is not a plain dotted name."""
    parts = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if not isinstance(node, cst.Name):
        return None
    parts.append(node.value)
    return ".".join(reversed(parts))


def module_path(node: cst.BaseExpression) -> str:
    """The dotted module path of an import statement's module expression."""
    return dotted_name(node) or ""


class NameResolver:
    """Resolves expressions in a scope; containers created by calls get `origin`. With `follow`,
    names imported from the project's own modules are looked up there (which may read and parse
    the module): only where that can matter, decorators and the code cached functions run."""

    def __init__(
        self,
        scope: Scope,
        origin: str,
        follow: bool = False,
        decorators_only: bool = False,
        cached_only: bool = False,
    ):
        self.scope = scope
        self.origin = origin
        self.follow = follow
        # Following only to learn whether a name is a cache decorator (or a cached function): a
        # module whose text cannot make or re-export one is not parsed for it (`ProjectModules.follow`).
        self.decorators_only = decorators_only
        self.cached_only = cached_only

    def resolve(self, node: cst.BaseExpression) -> Optional[Value]:
        if isinstance(node, cst.Name):
            value = self.scope.lookup(node.value)
            return self._followed(value) if self.follow else value
        if isinstance(node, cst.Attribute):
            return self._attribute(self.resolve(node.value), node.attr.value)
        if isinstance(node, cst.Call):
            return self._call_result(node)
        if isinstance(node, cst.Subscript):
            base = self.resolve(node.value)
            if isinstance(base, ContainerList):
                return Container(base.origin, base.created_by)
            return None
        return None

    def _followed(self, value: Optional[Value]) -> Optional[Value]:
        """A name imported from one of the project's modules stands for what that module binds."""
        if isinstance(value, ProjectName):
            project = self.scope.project
            if project is None:
                return Imported(value.dotted)
            return project.follow(value, self.decorators_only, self.cached_only)
        return value

    def _attribute(self, base: Optional[Value], attr: str) -> Optional[Value]:
        if isinstance(base, ProjectModule):
            name = ProjectName(base.path, attr, f"{base.dotted}.{attr}")
            return self._followed(name) if self.follow else name
        if isinstance(base, Imported):
            return imported(f"{base.path}.{attr}")
        if isinstance(base, Container):
            return ContainerMethod(base, attr)
        if isinstance(base, SelfReference):
            return base.owner.methods.get(attr)
        if isinstance(base, ClassInfo):
            return base.methods.get(attr)
        return None

    def _call_result(self, call: cst.Call) -> Optional[Value]:
        callee = self.resolve(call.func)
        command: Optional[str] = None
        made_by: Optional[str] = None
        if isinstance(callee, Imported):
            command = callee.streamlit_name
            if command in streamlit_api.COMPONENT_DECLARATIONS:
                return Component(component_name(call))
            if command in streamlit_api.CACHE_DECORATORS and not cache_target(call):
                return ConfiguredCache(command, call)
        elif isinstance(callee, ContainerMethod):
            command = callee.name
            # `grid.cell()` exists only as a method: name the container it was called on.
            made_by = f"{callee.container.created_by}.{command}"
        if command in streamlit_api.CONTAINER_FACTORIES:
            return Container(self.origin, made_by or f"st.{command}")
        if command in streamlit_api.CONTAINER_LIST_FACTORIES:
            return ContainerList(self.origin, f"st.{command}")
        return None

    def cache_decorator(self, node: cst.BaseExpression) -> Optional[tuple[str, Optional[cst.Call], Optional[str]]]:
        """For a decorator expression: (canonical decorator name, call with its options, the project
        module that configured it when that is another one) or None."""
        if not self.follow:
            return NameResolver(self.scope, self.origin, follow=True, decorators_only=True).cache_decorator(node)
        if isinstance(node, cst.Call):
            callee = self.resolve(node.func)
            if isinstance(callee, Imported) and callee.streamlit_name in streamlit_api.CACHE_DECORATORS:
                return callee.streamlit_name, node, None
            return None
        value = self.resolve(node)
        if isinstance(value, Imported) and value.streamlit_name in streamlit_api.CACHE_DECORATORS:
            return value.streamlit_name, None, None
        if isinstance(value, ConfiguredCache):
            return value.decorator, value.call, value.defined_in
        return None


def qualified_name(node: cst.BaseExpression, scope: Scope) -> Optional[str]:
    """The full dotted name an expression refers to through imports: `sa.create_engine` after
    `import sqlalchemy as sa` is "sqlalchemy.create_engine"; an unbound name is a builtin
    ("builtins.open"). None when the expression is not a dotted name of an import or a builtin."""
    name = dotted_name(node)
    if name is None:
        return None
    head, _, rest = name.partition(".")
    value = scope.lookup(head)
    if isinstance(value, (ProjectModule, ProjectName)):
        return f"{value.dotted}.{rest}" if rest else value.dotted
    if isinstance(value, Imported):
        return f"{value.path}.{rest}" if rest else value.path
    if not scope.binds(head):
        return f"builtins.{name}"
    return None


def cache_target(call: cst.Call) -> Optional[cst.BaseExpression]:
    """The function a cache decorator is applied to in the call form: `st.cache_data(func)` or `func=`."""
    for arg in call.args:
        if arg.keyword is None and arg.star == "":
            return arg.value
        if arg.keyword is not None and arg.keyword.value == "func":
            return arg.value
    return None


def keyword_arguments(call: Optional[cst.Call]) -> dict[str, cst.Arg]:
    if call is None:
        return {}
    return {arg.keyword.value: arg for arg in call.args if arg.keyword is not None and arg.keyword.value != "func"}


def component_name(call: cst.Call) -> str:
    """The name given to `declare_component("name", ...)`, for messages."""
    for arg in call.args:
        if (arg.keyword is None or arg.keyword.value == "name") and isinstance(arg.value, cst.SimpleString):
            return arg.value.evaluated_value if isinstance(arg.value.evaluated_value, str) else "component"
    return "component"
