"""What the human formats need from a terminal: whether to colour, the colours, safe text, widths.

Colour follows the conventions of https://no-color.org and https://force-color.org: `--color always`
or `never` decide; otherwise a non-empty `NO_COLOR` turns it off, a non-empty `FORCE_COLOR` turns it
on, and else there is colour only when the report goes to a terminal.
"""

from __future__ import annotations

import os
import unicodedata
from typing import Mapping, Optional, TextIO

from lint_cache.frontends import display

AUTO, ALWAYS, NEVER = "auto", "always", "never"
COLOR_CHOICES = (AUTO, ALWAYS, NEVER)

BOLD = "1"
RED = "31"
YELLOW = "33"
BLUE = "34"
CYAN = "36"
GREEN = "32"


def wants_color(choice: str, stream: Optional[TextIO], environ: Mapping[str, str] = os.environ) -> bool:
    """Whether to colour a report written to `stream` (None: to a file)."""
    if choice == ALWAYS:
        return True
    if choice == NEVER:
        return False
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    return is_terminal(stream)


def is_terminal(stream: Optional[TextIO]) -> bool:
    if stream is None:
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed or replaced streams
        return False


class Painter:
    """Wraps text in ANSI colours, or leaves it alone."""

    def __init__(self, enabled: bool):
        self.enabled = enabled

    def __call__(self, text: str, *styles: str) -> str:
        if not self.enabled or not styles or not text:
            return text
        return f"\x1b[{';'.join(styles)}m{text}\x1b[0m"


def printable(text: str) -> str:
    """`text` safe to print in a terminal (`display.printable`: control characters, which can move the
    cursor, clear the screen or hide what follows, shown as escapes), with tabs as one space each, so
    that columns still count one per character. Every human format passes source lines and names
    through here."""
    return display.printable(text.replace("\t", " "))


def width(text: str) -> int:
    """The columns `text` takes in a terminal: wide (East Asian) characters take two, combining marks none."""
    return sum(_character_width(character) for character in text)


def _character_width(character: str) -> int:
    if unicodedata.combining(character):
        return 0
    return 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1
