"""The facts every rule reads, built once per file (design §3).

Rules never walk the tree: they read `ModuleFacts` (cached functions, their decorator options and
the Streamlit effects of running them) and report nodes.
"""

from __future__ import annotations

import itertools
from contextlib import nullcontext
from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Optional, TypeVar

import libcst as cst

from lint_cache.diagnostics import Finding
from lint_cache.facts.call_sites import first_per_anchor, more
from lint_cache.facts.closures import closure_reads
from lint_cache.facts.decorator_uses import DecoratorUse, decorator_uses
from lint_cache.facts.effects import (
    CALL,
    COMPONENT,
    DIALOG,
    GLOBAL_READ,
    REQUEST_READ,
    STATE_WRITE,
    WITH_CONTAINER,
    Effect,
    EffectIndex,
    Helper,
    widget_of,
)
from lint_cache.facts.fallbacks import CaughtFailure, caught_failures
from lint_cache.facts.flows import CallSite, cached_call_sites
from lint_cache.facts.hidden_inputs import CapturedValue, VaryingSource, captured_values, varying_variables
from lint_cache.facts.import_time import KeptResult, kept_cached_results
from lint_cache.facts.literals import literal_value
from lint_cache.facts.meanings import OUTSIDE, SIDEBAR, CacheUse, FunctionInfo, Imported
from lint_cache.facts.outside_effects import OutsideEffect, outside_effect
from lint_cache.facts.parameters import all_parameters
from lint_cache.facts.passed_resources import PassedResource, passed_resources
from lint_cache.facts.project import ProjectModules
from lint_cache.facts.returns import ReturnedCall, returned_calls
from lint_cache.facts.scan import ModuleScan, block_statements, iter_statements
from lint_cache.facts.scopes import dotted_name, qualified_name
from lint_cache.facts.shared_resources import Mutation, resource_mutations
from lint_cache.facts.walk import own_body_nodes
from lint_cache.knowledge import streamlit_api
from lint_cache.settings import Settings

# The steps a message shows between a cached function and what it runs: a longer chain of helpers is
# shown by its ends, so that a message stays readable and thousands of nested helpers do not make the
# report grow with the square of their number (each finding naming each helper).
CHAIN_SHOWN = 6

__all__ = [
    "CALL",
    "COMPONENT",
    "DIALOG",
    "GLOBAL_READ",
    "OUTSIDE",
    "REQUEST_READ",
    "SIDEBAR",
    "STATE_WRITE",
    "WITH_CONTAINER",
    "CacheUse",
    "CachedFunction",
    "DecoratorUse",
    "Effect",
    "ModuleFacts",
    "ReturnedCall",
    "VaryingSource",
    "dotted_name",
    "first_per_anchor",
    "literal_value",
    "more",
    "widget_of",
]

Derived = TypeVar("Derived")
# What suspends a function's run: a generator's `yield`, a coroutine's `await`.
_SUSPENDING = frozenset({cst.Yield, cst.Await})


@dataclass(eq=False)
class CachedFunction:
    function: FunctionInfo
    effects: list[Effect]
    # False when the text of the function's module has neither `yield` nor `await`: then its body
    # has none, and is not walked to find out.
    module_may_suspend: bool = True

    @property
    def cache(self) -> CacheUse:
        assert self.function.cache is not None
        return self.function.cache

    @property
    def name(self) -> str:
        return self.function.name

    @property
    def node(self) -> cst.CSTNode:
        return self.function.node

    @cached_property
    def parameters(self) -> list[cst.Param]:
        """Its parameters in order (positional-only, ordinary, keyword-only), without *args and **kwargs;
        none for a cached lambda or a wrapped callable."""
        if not isinstance(self.node, cst.FunctionDef):
            return []
        return all_parameters(self.node.params)

    @cached_property
    def closure_reads(self) -> list[str]:
        """Names its body or decorators read from enclosing function scopes: inputs in no key (§1.4)."""
        return closure_reads(self.function)

    @cached_property
    def returned_calls(self) -> list[ReturnedCall]:
        """The calls whose results it returns, directly or through a local name."""
        return returned_calls(self.function)

    def qualified_name(self, node: cst.BaseExpression) -> Optional[str]:
        """What a name written where the function is defined stands for ("sqlite3.Connection")."""
        return qualified_name(node, self.function.defining_scope)

    @cached_property
    def widget_effects(self) -> list[tuple[Effect, streamlit_api.Widget]]:
        return [(effect, widget) for effect in self.effects if (widget := widget_of(effect)) is not None]

    def behaves_as(self, version) -> str:
        """The decorator whose semantics apply: from 1.36 `st.cache` is an alias of cache_resource
        (with allow_output_mutation=True) or cache_data; every other decorator is itself."""
        if self.cache.decorator != "cache" or version < streamlit_api.ST_CACHE_ALIASED:
            return self.cache.decorator
        mutable = literal_value(self.cache.option("allow_output_mutation"), default=False)
        return "cache_resource" if mutable is True else "cache_data"

    @property
    def is_async(self) -> bool:
        return isinstance(self.node, cst.FunctionDef) and self.node.asynchronous is not None

    @cached_property
    def own_statements(self) -> dict[type, list[cst.CSTNode]]:
        """The statements of its own body (not of nested functions or classes) by type, in source
        order: `own_statements.get(cst.Return, [])`. Empty for a cached lambda or callable."""
        grouped: dict[type, list[cst.CSTNode]] = {}
        if isinstance(self.node, cst.FunctionDef):
            for statement in iter_statements(block_statements(self.node.body)):
                grouped.setdefault(type(statement), []).append(statement)
        return grouped

    @cached_property
    def suspends_with(self) -> frozenset[type]:
        """Which of `cst.Yield` and `cst.Await` its own body has (not nested functions' or lambdas')."""
        if not isinstance(self.node, cst.FunctionDef) or not self.module_may_suspend:
            return frozenset()
        return frozenset(type(node) for node in own_body_nodes(self.node) if type(node) in _SUSPENDING)

    @cached_property
    def caught_failures(self) -> list[CaughtFailure]:
        """Handlers of its own `try` statements that turn an I/O failure into a returned fallback."""
        return caught_failures(self.own_statements.get(cst.Try, []), self.qualified_name)

    @cached_property
    def is_async_generator(self) -> bool:
        """An `async def` whose own body yields: an async generator function."""
        return self.is_async and cst.Yield in self.suspends_with

    @cached_property
    def returned_awaitable(self) -> Optional[cst.Call]:
        """The call whose awaitable a sync function returns unawaited: of an `async def` defined where
        the function is, or of an asyncio factory (`asyncio.create_task(...)`)."""
        if self.is_async:
            return None
        for returned in self.returned_calls:
            if returned.callee in streamlit_api.AWAITABLE_FACTORIES:
                return returned.call
            name = returned.call.func.value if isinstance(returned.call.func, cst.Name) else None
            value = self.function.defining_scope.lookup(name) if name is not None else None
            is_def = isinstance(value, FunctionInfo) and isinstance(value.node, cst.FunctionDef)
            if is_def and value.node.asynchronous is not None:
                return returned.call
        return None

    def replays_elements(self, version) -> bool:
        """True when the elements its body shows are recorded and replayed on hits: from 1.12, except
        under the legacy st.cache before its 1.36 alias, which never records them (it warns on a miss
        and shows nothing on a hit; runtime/legacy_caching/caching.py up to 1.35.0)."""
        return version >= streamlit_api.ELEMENTS_REPLAYED and self.behaves_as(version) != "cache"

    def served_first(self, version) -> str:
        """Who is served the first result, for messages: with scope="session" (1.53) only the later
        runs of that session."""
        return "every later run of the session" if self.session_scoped(version) else "every run and every session"

    def shares_result(self, version) -> bool:
        """True when every call gets the one stored object (cache_resource semantics, §1.7)."""
        decorator = self.behaves_as(version)
        if decorator == "cache":  # the legacy st.cache before 1.36 shares only with this option
            return literal_value(self.cache.option("allow_output_mutation"), default=False) is True
        return streamlit_api.CACHE_DECORATORS[decorator].shares_result

    def refreshes_in_background(self, version) -> bool:
        """True with `refresh_mode="background"` (1.61+): a hit past the ttl is recomputed in a thread
        with no session, and nothing is replayed on hits."""
        mode = self.cache.option("refresh_mode")
        return (
            mode is not None
            and streamlit_api.CACHE_OPTIONS["refresh_mode"].accepted(self.cache.decorator, version)
            and literal_value(mode, default=None) == "background"
        )

    def session_scoped(self, version) -> bool:
        """True with `scope="session"` (1.53+): each session has a cache of its own, shared by no one else."""
        scope = self.cache.option("scope")
        return (
            scope is not None
            and streamlit_api.CACHE_OPTIONS["scope"].accepted(self.cache.decorator, version)
            and literal_value(scope, default=None) == "session"
        )

    def allows_widgets(self) -> bool:
        """True when the opt-in is passed and not literally false."""
        value = self.cache.option(streamlit_api.ALLOW_WIDGETS_OPTION)
        return value is not None and literal_value(value, default=True) is not False

    def replays_widgets(self, version) -> bool:
        """True when widget values become part of the cache key (widget replay, 1.15–1.37)."""
        return (
            self.cache.info.accepts_allow_widgets
            and streamlit_api.WIDGET_REPLAY_ADDED <= version < streamlit_api.WIDGET_REPLAY_REMOVED
            and self.allows_widgets()
        )


class ModuleFacts:
    """The facts of one module; with `project`, imports of the project's own modules are followed."""

    def __init__(
        self,
        module: cst.Module,
        path: str,
        settings: Settings,
        text: Optional[str] = None,
        project: Optional[ProjectModules] = None,
    ):
        self.module = module
        self.path = path
        self._run_model_files: list[str] = []
        self.text = text if text is not None else module.code
        self.project = project
        self.scan = ModuleScan(module, path, project)
        self.extra_widgets = settings.extra_widgets
        self.effects = EffectIndex(
            self.scan, settings.extra_widgets, project.effects if project is not None else None, self.text
        )
        may_suspend = "yield" in self.text or "await" in self.text  # once: not per cached function
        with project.linting(path, self.scan, self.effects) if project is not None else nullcontext():
            self.cached_functions = [
                CachedFunction(function, self.effects.effects_of(function), may_suspend)
                for function in self.scan.cached_functions
            ]
        self.settings = settings
        # What layers above derive from these facts (`derived`), by the function that derives it.
        self._derived: dict[Callable[[ModuleFacts], object], object] = {}

    @cached_property
    def call_sites(self) -> dict[FunctionInfo, list[CallSite]]:
        """Calls to cached functions of this module, with the widgets feeding their arguments."""
        return cached_call_sites(self.text, self.scan, self.extra_widgets)

    @cached_property
    def decorator_uses(self) -> list[DecoratorUse]:
        """Uses of deprecated decorators other than the cached functions' decorators."""
        covered = frozenset(cached.cache.callee for cached in self.cached_functions)
        return decorator_uses(self.module, self.text, self.scan.module_scope, covered)

    @cached_property
    def varying_variables(self) -> dict[str, VaryingSource]:
        """Module variables set from a widget, session state or request data on each run."""
        return varying_variables(self.module, self.effects)

    @cached_property
    def captured_at_import(self) -> list[CapturedValue]:
        """In a module the app imports, which runs once per process: the module variables set from a
        widget, session state or request data, once per place they are read."""
        if self.reruns or not self.varying_variables:
            return []
        return captured_values(self.varying_variables)

    @cached_property
    def resource_mutations(self) -> list[Mutation]:
        """In-place mutations of objects that cache_resource functions return, of this module or of
        the project modules it imports."""
        version = self.settings.streamlit_version
        by_function = {cached.function: cached for cached in self.cached_functions}

        def shared(function: FunctionInfo) -> bool:
            cached = by_function.get(function) or CachedFunction(function, [])  # another module's
            return cached.shares_result(version) and not cached.session_scoped(version)

        return resource_mutations(self.text, self.scan, shared)

    @cached_property
    def module_variables(self) -> frozenset[str]:
        """The module's names bound to values, not to functions, classes or imports."""
        return frozenset(name for name, value in self.scan.module_scope.bindings.items() if value is None)

    def outside_effect(self, cached: CachedFunction) -> Optional[OutsideEffect]:
        """What a cached function that returns None does outside its result, if anything."""
        return outside_effect(cached.function, self.module_variables, lambda: bool(cached.suspends_with))

    def streamlit_imports(self, name: str) -> list[cst.ImportAlias]:
        """The `from streamlit import <name>` aliases at module level (any module that exports it)."""
        return [
            alias
            for bound, (statement, alias) in self.scan.from_imports.items()
            if self.scan.module_scope.bindings.get(bound) == Imported(f"streamlit.{name}")
        ]

    def derived(self, compute: Callable[[ModuleFacts], Derived]) -> Derived:
        """`compute(self)`, computed once: what a layer above derives from these facts for several
        rules to read (the blow-up estimates), kept with them without the facts knowing it."""
        if compute not in self._derived:
            self._derived[compute] = compute(self)
        return self._derived[compute]  # type: ignore[return-value]

    def source(self, node: cst.CSTNode) -> str:
        """The code of `node` as written, on one line, for messages."""
        return " ".join(self.module.code_for_node(node).split())

    def callee(self, effect: Effect) -> str:
        """How the effect's command is spelled: `st.sidebar.slider`, `left.write`, `st.session_state[...]`."""
        if isinstance(effect.node, cst.Call):
            return self.source(effect.node.func)
        return self.source(effect.node)

    def _helper(self, helper: Helper) -> str:
        """ "`sidebar_filters()` in lib/filters.py", or "`inner()`" for a helper of this module."""
        if helper.module is None or self.project is None:
            return f"`{helper.name}()`"
        return f"`{helper.name}()` in {self.module_name(helper.module)}"

    @cached_property
    def _own_functions(self) -> frozenset[FunctionInfo]:
        return frozenset(self.scan.functions)

    def function_name(self, function: FunctionInfo) -> str:
        """ "`get_connection()` in db.py" for another module's function, "`get_connection()`" for this one's."""
        if function.module is None or self.project is None or function in self._own_functions:
            return f"`{function.name}()`"
        return f"`{function.name}()` in {self.module_name(function.module)}"

    def module_name(self, path: str) -> str:
        """Another project module's file as messages name it: relative to the project's root."""
        return self.project.describe(path, self.path) if self.project is not None else path

    @cached_property
    def passed_resources(self) -> list[PassedResource]:
        """Connections, clients and locks passed to hashed parameters of this module's cached functions."""
        return passed_resources(self.text, self.scan)

    @cached_property
    def kept_cached_results(self) -> list[KeptResult]:
        """Module variables set at the top level from a call of a cached function."""
        return kept_cached_results(self.module, self.scan)

    @cached_property
    def reruns(self) -> bool:
        """True when the module's top level runs on every rerun (the entry script, a page), False for
        a module the app imports, which runs once per process (design §1.11)."""
        if self.project is None:
            return True
        reruns, read_from = self.project.run_model.reruns(self.path)
        self._run_model_files = read_from
        return reruns

    @property
    def dependencies(self) -> list[str]:
        """The project modules this module's facts may have read, transitively, and the files that
        told whether it reruns: what its findings depend on besides its own text."""
        if self.project is None:
            return []
        found = self.project.dependencies(self.scan.imported_files, self.scan.path)
        return [*found, *(path for path in self._run_model_files if path not in found)]

    def finding(self, effect: Effect, message: str, severity: Optional[str] = None) -> Finding:
        """A finding about an effect, reported at its anchor in the cached body; an effect reached
        through helpers of this module also gives where it really happens (the call in the innermost
        helper)."""
        if effect.via is None or effect.via.last.module is not None:
            return Finding(effect.anchor, message, severity)
        related = ((effect.node, f"`{self.callee(effect)}` in `{effect.via.last.name}()`"),)
        return Finding(effect.anchor, message, severity, related=related)

    def describe(self, effect: Effect, cached: CachedFunction, spelling: Optional[str] = None) -> str:
        """ "`st.slider` (via `helper()` → `inner()`) inside cached `load()`", for messages; a chain
        longer than CHAIN_SHOWN by its ends and how many helpers lie between."""
        text = f"`{spelling or self.callee(effect)}`"
        via = effect.via
        if via is not None and len(via) > CHAIN_SHOWN:
            head = list(itertools.islice(via, CHAIN_SHOWN - 3))  # then a step that counts the others, and the last two
            hidden = len(via) - len(head) - len(via.last_two)
            steps = [*map(self._helper, head), f"({hidden:,} more)", *map(self._helper, via.last_two)]
            text += " (via " + " → ".join(steps) + ")"
        elif via is not None:
            text += " (via " + " → ".join(self._helper(helper) for helper in via) + ")"
        return f"{text} inside cached `{cached.name}()`"
