"""One finding per call site: effects reached through several helper chains share one anchor."""

from __future__ import annotations

from typing import Iterable

from lint_cache.facts.effects import Effect


def first_per_anchor(effects: Iterable[Effect]) -> list[tuple[Effect, int]]:
    """The first effect at each anchor, in order, with how many others share that anchor."""
    grouped: dict[int, list[Effect]] = {}
    for effect in effects:
        grouped.setdefault(id(effect.anchor), []).append(effect)
    return [(group[0], len(group) - 1) for group in grouped.values()]


def more(count: int) -> str:
    """ " (and 2 more at this call)", for messages."""
    if not count:
        return ""
    return f" (and {count} more at this call)"
