"""Recording the elements a cached function shows, and showing them again on a cache hit.

Modelled on `cached_message_replay.py` (1.35, 1.38, 1.67): every element or container created
while a cached function runs is recorded with the id of the container it must be replayed on.
That id is the container the command acted on when that container was created inside the
function, else the one it was invoked on. So `st.write` inside `with outer:` is recorded against
the main area (misplaced on replay), and `outer.write()` against `outer`, which the replay cannot
find: CacheReplayClosureError. The replay (`ScriptRun.replay`) maps the recorded main and sidebar
ids to this run's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional, Union

from lint_cache.runtime.widgets import WidgetSpec

MAIN_ID = "main"
SIDEBAR_ID = "sidebar"


@dataclass(frozen=True)
class ElementRecord:
    kind: str
    text: str
    called_on: str
    returned: str
    widget: Optional[WidgetSpec] = None  # kept for registration on replay (1.15-1.37 with the opt-in)
    origin: Optional[str] = None  # a cache warning's function


@dataclass(frozen=True)
class BlockRecord:
    kind: str
    text: str
    called_on: str
    returned: str


Record = Union[ElementRecord, BlockRecord]


@dataclass
class Capture:
    """The recording of one running cached function (one level of nesting)."""

    function: Any  # the CachedFunction whose body is running
    shares_result: bool  # cache_resource: Streamlit keeps separate recording contexts per cache type
    allows_widgets: bool
    records: list[Record] = field(default_factory=list)
    created_inside: set[str] = field(default_factory=set)
    reads: list = field(default_factory=list)  # inputs.Read: state and request data the body read


def record_target(captures: list[Capture], invoked_on: str, acting_on: str) -> str:
    """The container id to replay on (Streamlit's `select_dg_to_save`)."""
    if captures and acting_on in captures[-1].created_inside:
        return acting_on
    return invoked_on
