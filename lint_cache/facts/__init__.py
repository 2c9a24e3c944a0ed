"""The facts every rule reads, built once per file (design §3).

Rules never walk the tree: they read `ModuleFacts` (cached functions, their decorator options and
the Streamlit effects of running them) and report nodes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable, Optional

import libcst as cst

from lint_cache import streamlit_api
from lint_cache.diagnostics import Finding
from lint_cache.facts.effects import CALL, COMPONENT, STATE_WRITE, WITH_CONTAINER, Effect, EffectIndex
from lint_cache.facts.flows import CallSite, cached_call_sites
from lint_cache.facts.literals import literal_value
from lint_cache.facts.scan import ModuleScan
from lint_cache.facts.values import CacheUse, FunctionInfo, Imported
from lint_cache.facts.widgets import command_widget, component_widget
from lint_cache.settings import Settings

__all__ = [
    "CALL",
    "COMPONENT",
    "STATE_WRITE",
    "WITH_CONTAINER",
    "CachedFunction",
    "Effect",
    "ModuleFacts",
    "widget_of",
]


@dataclass(eq=False)
class CachedFunction:
    function: FunctionInfo
    effects: list[Effect]

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
    def widget_effects(self) -> list[tuple[Effect, streamlit_api.Widget]]:
        return [(effect, widget) for effect in self.effects if (widget := widget_of(effect)) is not None]

    def behaves_as(self, version) -> str:
        """The decorator whose semantics apply: from 1.36 `st.cache` is an alias of cache_resource
        (with allow_output_mutation=True) or cache_data; every other decorator is itself."""
        if self.cache.decorator != "cache" or version < streamlit_api.ST_CACHE_ALIASED:
            return self.cache.decorator
        mutable = literal_value(self.cache.option("allow_output_mutation"), default=False)
        return "cache_resource" if mutable is True else "cache_data"

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
    def __init__(self, module: cst.Module, path: str, settings: Settings, text: Optional[str] = None):
        self.module = module
        self.path = path
        self.text = text if text is not None else module.code
        self.scan = ModuleScan(module)
        self.extra_widgets = settings.extra_widgets
        self.effects = EffectIndex(self.scan, settings.extra_widgets)
        self.cached_functions = [
            CachedFunction(function, self.effects.effects_of(function)) for function in self.scan.cached_functions
        ]
        self._derived: dict[str, Any] = {}

    @cached_property
    def call_sites(self) -> dict[FunctionInfo, list[CallSite]]:
        """Calls to cached functions of this module, with the widgets feeding their arguments."""
        return cached_call_sites(self.text, self.scan, self.extra_widgets)

    def streamlit_imports(self, name: str) -> list[cst.ImportAlias]:
        """The `from streamlit import <name>` aliases at module level (any module that exports it)."""
        return [
            alias
            for bound, (statement, alias) in self.scan.from_imports.items()
            if self.scan.module_scope.bindings.get(bound) == Imported(f"streamlit.{name}")
        ]

    def derived(self, key: str, compute: Callable[[], Any]) -> Any:
        """A value computed once per module for several rules (the blow-up estimates)."""
        if key not in self._derived:
            self._derived[key] = compute()
        return self._derived[key]

    def source(self, node: cst.CSTNode) -> str:
        """The code of `node` as written, on one line, for messages."""
        return " ".join(self.module.code_for_node(node).split())

    def callee(self, effect: Effect) -> str:
        """How the effect's command is spelled: `st.sidebar.slider`, `left.write`, `st.session_state[...]`."""
        if isinstance(effect.node, cst.Call):
            return self.source(effect.node.func)
        return self.source(effect.node)

    def finding(self, effect: Effect, message: str, severity: Optional[str] = None) -> Finding:
        """A finding about an effect, reported at its anchor in the cached body; an effect reached
        through helpers also gives where it really happens (the call in the innermost helper)."""
        related = () if not effect.via else ((effect.node, f"`{self.callee(effect)}` in `{effect.via[-1]}()`"),)
        return Finding(effect.anchor, message, severity, related=related)

    def describe(self, effect: Effect, cached: CachedFunction, spelling: Optional[str] = None) -> str:
        """ "`st.slider` (via `helper()` → `inner()`) inside cached `load()`", for messages."""
        text = f"`{spelling or self.callee(effect)}`"
        if effect.via:
            text += " (via " + " → ".join(f"`{helper}()`" for helper in effect.via) + ")"
        return f"{text} inside cached `{cached.name}()`"


def widget_of(effect: Effect) -> Optional[streamlit_api.Widget]:
    """The widget an effect creates, or None for anything that registers no widget state (§1.2)."""
    if effect.kind == COMPONENT:
        return component_widget(effect.name)
    if effect.kind != CALL or effect.call is None:
        return None
    return command_widget(effect.name, effect.call)
