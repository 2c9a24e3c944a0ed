"""What a name or an expression means to the linter, as far as Streamlit is concerned, and the
scopes that bind names to these meanings.

Anything that is not one of these values is unknown (`None`): the linter only claims what it can
trace back to an import of Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Protocol, Union

import libcst as cst

from lint_cache.knowledge import streamlit_api


@dataclass(frozen=True)
class Imported:
    """A module or one of its attributes, by canonical dotted path ("streamlit.slider", "sympy")."""

    path: str

    @property
    def streamlit_name(self) -> Optional[str]:
        """The path below `streamlit.` ("slider", "session_state.update"), or None."""
        if self.path.startswith("streamlit."):
            return self.path[len("streamlit.") :]
        return None


# Where a container was created, which decides how its elements replay on a cache hit (§1.3).
SIDEBAR = "sidebar"  # st.sidebar: calls on it replay correctly, `with st.sidebar:` does not
INSIDE = "inside"  # created while the cached function runs: replays correctly
OUTSIDE = "outside"  # created before the cached function was called


@dataclass(frozen=True)
class Container:
    """A delta generator: st.sidebar, a column, an expander, a placeholder..."""

    origin: str
    created_by: str  # the command that made it, for messages ("st.columns")


@dataclass(frozen=True)
class ContainerList:
    """What st.columns and st.tabs return: indexing or unpacking gives containers."""

    origin: str
    created_by: str


@dataclass(frozen=True)
class ContainerMethod:
    """An attribute of a container, usually called: `left.slider`."""

    container: Container
    name: str


@dataclass(frozen=True)
class Component:
    """A custom component function: calling it creates a widget."""

    name: str


@dataclass(frozen=True)
class ConfiguredCache:
    """`memo = st.cache_data(ttl=60)` at the top of a module: `@memo` is that decorator with those options."""

    decorator: str
    call: cst.Call = field(compare=False)
    defined_in: Optional[str] = None  # the project module that made it, when not the one being linted


@dataclass(frozen=True)
class ProjectModule:
    """One of the project's own modules, imported by name: `import lib.caching as caching`."""

    path: str  # the module's file
    dotted: str  # the module's dotted name as imported, for what is not followed


@dataclass(frozen=True)
class ProjectName:
    """A name imported from one of the project's own modules: `from lib.caching import cached`.
    What it stands for is looked up in that module's facts when it is used."""

    path: str  # the module's file
    name: str
    dotted: str  # `lib.caching.cached`, for what is not followed


@dataclass(frozen=True, eq=False)
class SelfReference:
    """The first parameter of a method: `self.helper()` resolves to a method of the class."""

    owner: ClassInfo


@dataclass(eq=False)
class ClassInfo:
    node: cst.ClassDef
    qualname: str
    methods: dict[str, FunctionInfo] = field(default_factory=dict)


@dataclass(eq=False)
class CacheUse:
    """How a function is cached: which decorator, with which options, spelled where."""

    decorator: str  # canonical name: "cache_data", "cache_resource", "cache", "experimental_memo", ...
    node: cst.CSTNode  # where decorator problems are reported: the Decorator, or the call of the call form
    callee: cst.BaseExpression  # the decorator expression as written (`st.cache_data`), for messages and fixes
    call: Optional[cst.Call]  # the call that carries the options, if any
    options: dict[str, cst.Arg]
    call_form: bool = False  # `load = st.cache_data(_load)`
    # The project module whose decorator object this is (`cached = st.cache_data(ttl=600)` there,
    # `@cached` here): its options are that module's nodes, so findings and fixes stay at the decorator.
    defined_in: Optional[str] = None

    def anchor(self, option: str) -> cst.CSTNode:
        """Where to report a problem with one option: the option, or the decorator when the option
        was written in another module."""
        arg = self.options.get(option)
        return arg if arg is not None and self.defined_in is None else self.node

    @property
    def info(self) -> streamlit_api.CacheDecorator:
        return streamlit_api.CACHE_DECORATORS[self.decorator]

    def option(self, name: str) -> Optional[cst.BaseExpression]:
        arg = self.options.get(name)
        return arg.value if arg is not None else None


@dataclass(eq=False)
class FunctionInfo:
    node: Union[cst.FunctionDef, cst.Lambda]
    qualname: str  # Python's __qualname__ ("Loader.load", "main.<locals>.inner")
    defining_scope: Scope  # where the function's free names are looked up (class scopes skipped)
    owner: Optional[ClassInfo] = None  # the class, for methods
    enclosing: tuple[str, ...] = ()  # kinds of the blocks around the definition: "function", "class", "loop"
    cache: Optional[CacheUse] = None
    is_staticmethod: bool = False
    is_classmethod: bool = False
    body_scope: Optional[Scope] = None  # the names bound in the body, filled by the module scan
    module: Optional[str] = None  # the file of the module it is defined in, when that is known
    opens_dialog: bool = False  # decorated with st.dialog / st.experimental_dialog: a call opens a dialog

    @property
    def name(self) -> str:
        """The qualname as people write it: `main.inner` rather than `main.<locals>.inner`."""
        return self.qualname.replace(".<locals>", "")


Value = Union[
    Imported,
    ProjectModule,
    ProjectName,
    Container,
    ContainerList,
    ContainerMethod,
    Component,
    ConfiguredCache,
    SelfReference,
    ClassInfo,
    FunctionInfo,
]


class Scope:
    def __init__(self, parent: Optional[Scope] = None, local_names: frozenset[str] = frozenset()):
        self.parent = parent
        # The project's modules, on a module scope whose imports of them are followed.
        self.project: Optional[ProjectLookup] = parent.project if parent is not None else None
        self.bindings: dict[str, Optional[Value]] = {}
        self.local_names = set(local_names)
        # Names assigned exactly once, to this expression: module constants such as OPTIONS = [...]
        self.constants: dict[str, cst.BaseExpression] = {}
        self._binding_counts: dict[str, int] = {}
        # Names bound in an `except` block to something unknown: `except ImportError: st = None`
        # must not hide `import streamlit as st`.
        self._weak: set[str] = set()

    def bind(self, name: str, value: Optional[Value], weak: bool = False) -> None:
        self._binding_counts[name] = self._binding_counts.get(name, 0) + 1
        # In an `except` block, a fallback (`st = None`, `cached = st.experimental_memo(...)` for old
        # releases) does not replace what the `try` body bound: that is what runs where it works.
        if weak and self.bindings.get(name) is not None:
            return
        self.bindings[name] = value
        self.local_names.add(name)

    def constant(self, name: str) -> tuple[Optional[cst.BaseExpression], Optional[Scope]]:
        """The expression a name was bound to once and for all, and the scope it belongs to."""
        scope: Optional[Scope] = self
        while scope is not None:
            if name in scope.local_names or name in scope.bindings:
                if scope._binding_counts.get(name) == 1 and name in scope.constants:
                    return scope.constants[name], scope
                return None, None
            scope = scope.parent
        return None, None

    def bound_once(self, name: str) -> Optional[Value]:
        """What `name` is bound to where it is bound, when it is bound there exactly once (an import
        that nothing rebinds); None otherwise."""
        scope: Optional[Scope] = self
        while scope is not None:
            if name in scope.local_names or name in scope.bindings:
                return scope.bindings.get(name) if scope._binding_counts.get(name) == 1 else None
            scope = scope.parent
        return None

    def binds(self, name: str) -> bool:
        """True when `name` is bound in this scope or an enclosing one (else it is a builtin)."""
        scope: Optional[Scope] = self
        while scope is not None:
            if name in scope.bindings or name in scope.local_names:
                return True
            scope = scope.parent
        return False

    def lookup(self, name: str) -> Optional[Value]:
        scope: Optional[Scope] = self
        while scope is not None:
            if name in scope.bindings:
                return scope.bindings[name]
            if name in scope.local_names:
                return None
            scope = scope.parent
        return None


class ProjectLookup(Protocol):
    """What the facts of one module ask of the project's other modules. `project.ProjectModules`
    answers; whoever builds the facts hands it to `scan.ModuleScan`, whose module scope keeps it,
    so that the facts never import the project back."""

    def locate(self, importer: str, module: str, level: int) -> Optional[str]:
        """The project module's file that an import written in `importer` leads to, if any."""

    def follow(self, value: Value, decorators_only: bool = False, cached_only: bool = False) -> Optional[Value]:
        """What a name imported from a project module stands for in that module."""

    def constants(self, path: str) -> Optional[Scope]:
        """The module scope of `path`, for the constants it binds."""

    def may_define_cached_function(self, path: str, name: str) -> bool:
        """Whether the module's text can bind `name` to a cached function."""

    def may_define_cached_functions(self, path: str) -> bool:
        """Whether the module's text can bind any name to a cached function."""
