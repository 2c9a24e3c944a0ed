"""Progress on stderr for long runs, only when stderr is a terminal (never in CI logs, pre-commit or flake8)."""

from __future__ import annotations

import sys
import time
from typing import Iterable, Iterator, TypeVar

Item = TypeVar("Item")


class ProgressLine:
    """`checking 12/345` on a terminal's stderr, rewritten in place. `approximate` totals (an
    enumeration that discovers its widgets as it runs) show as `~5000`."""

    INTERVAL = 0.1  # seconds between updates

    def __init__(self, what: str, approximate: bool = False) -> None:
        self.what = what
        self.approximate = approximate
        self.last = 0.0
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < self.INTERVAL and done != total:
            return
        self.last = now
        sys.stderr.write(f"\r{self.what} {done}/{'~' if self.approximate else ''}{total}")
        sys.stderr.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def shown(items: Iterable[Item], total: int, what: str) -> Iterator[Item]:
    """Yield `items`, showing `what 12/345` on a terminal's stderr while it goes."""
    if not sys.stderr.isatty() or total < 2:
        yield from items
        return
    line = ProgressLine(what)
    try:
        for done, item in enumerate(items, start=1):
            line(done, total)
            yield item
    finally:
        line.clear()
