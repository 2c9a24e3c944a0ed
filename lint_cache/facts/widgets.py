"""Which calls create widgets (design §1.2): the catalogue's widgets, selectable charts and
dataframes, stateful layout containers, and custom components."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import libcst as cst

from lint_cache.facts.literals import literal_value
from lint_cache.facts.meanings import Component, Container, ContainerMethod, Imported
from lint_cache.knowledge import streamlit_api


@dataclass(frozen=True)
class StreamlitCall:
    """A call of a Streamlit command, on `st` or on a container, or of a custom component."""

    name: str  # the command below `streamlit.` ("slider", "session_state.update"), or the component
    is_component: bool = False
    container: Optional[Container] = None  # what the command is called on; None: the `st` module

    def widget(self, call: cst.Call) -> Optional[streamlit_api.Widget]:
        """The widget this call creates with its arguments, or None."""
        if self.is_component:
            return component_widget(self.name)
        return command_widget(self.name, call)


def streamlit_call(callee, components: frozenset[str]) -> Optional[StreamlitCall]:
    """What calling the resolved `callee` runs, when it is Streamlit's or a custom component:
    declared in the module, or one of `components` (dotted paths); None for anything else."""
    if isinstance(callee, Imported):
        if callee.streamlit_name is not None:
            return StreamlitCall(callee.streamlit_name)
        return StreamlitCall(callee.path, is_component=True) if callee.path in components else None
    if isinstance(callee, ContainerMethod):
        return StreamlitCall(callee.name, container=callee.container)
    if isinstance(callee, Component):
        return StreamlitCall(callee.name, is_component=True)
    return None


def call_widget(callee, call: cst.Call, components: frozenset[str]) -> Optional[streamlit_api.Widget]:
    """The widget `call`, of the resolved `callee`, creates; None when it creates none."""
    called = streamlit_call(callee, components)
    return called.widget(call) if called is not None else None


def command_widget(command: str, call: cst.Call) -> Optional[streamlit_api.Widget]:
    """The widget a Streamlit command (`slider`, `dataframe`, ...) creates with these arguments, or None."""
    widget = streamlit_api.WIDGETS.get(command)
    if widget is not None:
        return widget
    arguments = {arg.keyword.value: arg.value for arg in call.args if arg.keyword is not None}
    if command in streamlit_api.SELECTABLE_ELEMENTS and _set_and_not(arguments.get("on_select"), "ignore"):
        return streamlit_api.Widget(command, "unknown")
    if command in streamlit_api.CLICKABLE_ELEMENTS and _set_and_not(arguments.get("on_click"), "ignore"):
        return streamlit_api.Widget(command, "boolean")
    if command in streamlit_api.STATEFUL_CONTAINERS and (
        _set_and_not(arguments.get("on_change"), "ignore")
        or literal_value(arguments.get("bind"), default=None) == "query-params"
    ):
        return streamlit_api.Widget(command, "unknown")
    return None


def component_widget(name: str) -> streamlit_api.Widget:
    """A custom component: its values cannot be counted."""
    return streamlit_api.Widget(name, "unknown")


def _set_and_not(value: Optional[cst.BaseExpression], default: str) -> bool:
    return value is not None and literal_value(value, default=object()) != default
