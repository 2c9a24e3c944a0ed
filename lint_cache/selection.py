"""Which rules are on: `select`, `ignore`, `extend-select` and `extend-ignore`, layered as ruff layers them.

The layers are, in order: the default (`select = ["STC"]`), each configuration file of an `extend`
chain (the base first), then the command line. Within a layer the most specific prefix that
matches a code decides (an ignore wins a tie). A layer that sets `select` starts again from its own
selection; a layer that only adds (`extend-select`) or removes (`ignore`, `extend-ignore`) changes
the rules it names and keeps the rest. So `--ignore STC104` on the command line turns off STC104 and
leaves the configuration's ignores in force, and `--select STC1` replaces the selection.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional, Sequence


@dataclass(frozen=True)
class Layer:
    """The selection options of one place; None where not given."""

    select: Optional[tuple[str, ...]] = None
    ignore: Optional[tuple[str, ...]] = None
    extend_select: Optional[tuple[str, ...]] = None
    extend_ignore: Optional[tuple[str, ...]] = None


DEFAULT = Layer(select=("STC",))


def enabled(layers: Sequence[Layer], codes: Iterable[str]) -> tuple[str, ...]:
    """The codes that the layers, applied in order, leave on."""
    codes = tuple(codes)
    on: set[str] = set()
    carried_ignores: tuple[str, ...] = ()
    for layer in layers:
        turn_on = (layer.select or ()) + (layer.extend_select or ())
        turn_off = (layer.ignore or ()) + (layer.extend_ignore or ()) + carried_ignores
        carried_ignores = ()
        updates = {code: decision for code in codes if (decision := _decision(code, turn_on, turn_off)) is not None}
        if layer.select is not None:
            on = {code for code, decision in updates.items() if decision}
            # ruff's rule: `select = []` with ignores only leaves the ignores for the next layer.
            if not layer.select and not layer.extend_select and layer.ignore:
                carried_ignores = layer.ignore
        else:
            for code, decision in updates.items():
                (on.add if decision else on.discard)(code)
    return tuple(code for code in codes if code in on)


def _decision(code: str, turn_on: tuple[str, ...], turn_off: tuple[str, ...]) -> Optional[bool]:
    """True or False from the most specific matching prefix (an ignore wins a tie), None if none matches."""
    on = max((len(prefix) for prefix in turn_on if code.startswith(prefix)), default=-1)
    off = max((len(prefix) for prefix in turn_off if code.startswith(prefix)), default=-1)
    if on < 0 and off < 0:
        return None
    return on > off
