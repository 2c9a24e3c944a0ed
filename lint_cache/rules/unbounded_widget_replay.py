"""STC302 unbounded-widget-replay: a widget with an unbounded value set in a widget-replay key.

Text inputs, float number inputs, uploads and data editors can take any value: under widget
replay each value typed stores another result, without limit (design §1.4, §1.5).
"""

from __future__ import annotations

from typing import Iterator

from lint_cache.blowup import cardinality
from lint_cache.blowup.estimator import REPLAY, module_estimates
from lint_cache.diagnostics import Finding
from lint_cache.facts import ModuleFacts
from lint_cache.knowledge import streamlit_api
from lint_cache.settings import Settings

CODE = "STC302"
NAME = "unbounded-widget-replay"
SUMMARY = "A widget with an unbounded value set is part of a widget-replay key"


def check(facts: ModuleFacts, settings: Settings) -> Iterator[Finding]:
    for estimate in module_estimates(facts):
        if estimate.semantics != REPLAY:
            continue
        unbounded = [
            factor
            for factor in estimate.replay_factors
            if factor.count.status == cardinality.UNBOUNDED and not _unsupported(factor.widget)
        ]
        if not unbounded:
            continue
        widgets = ", ".join(f'`st.{factor.widget}` "{factor.label}"' for factor in unbounded)
        yield Finding(
            estimate.cached.cache.node,
            f"`{estimate.cached.name}()` keys its results by {widgets}, which can take any value: every new "
            "value stores another result and max_entries does not bound widget replay; move the widget out "
            "and pass its value as an argument",
        )


def _unsupported(widget: str) -> bool:
    """Uploads and cameras are STC101's: they are not supported inside cached functions at all."""
    known = streamlit_api.WIDGETS.get(widget)
    return known is not None and known.unsupported_in_cache
