"""Which calls create widgets (design §1.2): the catalogue's widgets, selectable charts and
dataframes, stateful layout containers, and custom components."""

from __future__ import annotations

from typing import Optional

import libcst as cst

from lint_cache.facts.literals import literal_value
from lint_cache.knowledge import streamlit_api


def command_widget(command: str, call: cst.Call) -> Optional[streamlit_api.Widget]:
    """The widget a Streamlit command (`slider`, `dataframe`, ...) creates with these arguments, or None."""
    widget = streamlit_api.WIDGETS.get(command)
    if widget is not None:
        return widget
    arguments = {arg.keyword.value: arg.value for arg in call.args if arg.keyword is not None}
    if command in streamlit_api.SELECTABLE_ELEMENTS and _set_and_not(arguments.get("on_select"), "ignore"):
        return streamlit_api.Widget(command, "unknown")
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
