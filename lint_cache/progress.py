"""Progress on stderr for long runs, only when stderr is a terminal (never in CI logs, pre-commit or flake8)."""

from __future__ import annotations

import sys
import time
from typing import Iterable, Iterator, TypeVar

Item = TypeVar("Item")

_INTERVAL = 0.1  # seconds between updates


def shown(items: Iterable[Item], total: int, what: str) -> Iterator[Item]:
    """Yield `items`, showing `what 12/345` on a terminal's stderr while it goes."""
    if not sys.stderr.isatty() or total < 2:
        yield from items
        return
    last = 0.0
    try:
        for done, item in enumerate(items, start=1):
            now = time.monotonic()
            if now - last >= _INTERVAL or done == total:
                sys.stderr.write(f"\r{what} {done}/{total}")
                sys.stderr.flush()
                last = now
            yield item
    finally:
        sys.stderr.write("\r\033[K")
        sys.stderr.flush()
