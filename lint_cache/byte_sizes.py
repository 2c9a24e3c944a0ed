"""Sizes in bytes, written as people write them: `100MB`, `1.5 GiB`, `512`."""

from __future__ import annotations

import re
from decimal import Decimal

_UNITS = {
    "": 1,
    "b": 1,
    "kb": 1000,
    "mb": 1000**2,
    "gb": 1000**3,
    "tb": 1000**4,
    "kib": 1024,
    "mib": 1024**2,
    "gib": 1024**3,
    "tib": 1024**4,
}
MAX_SIZE = 10**18  # bytes; estimates cap their counts at the same bound
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*")


def parse_size(text: str) -> int:
    """Bytes in `text`; decimal units (KB, MB, GB, TB) are powers of 1000, binary ones (KiB...) of 1024."""
    text = str(text)
    match = _SIZE.fullmatch(text) if len(text) <= 100 else None
    unit = match.group(2).lower() if match else None
    if match is None or unit not in _UNITS:
        shown = text if len(text) <= 100 else text[:40] + "..."
        raise ValueError(f"{shown!r} is not a size like 100MB, 1.5GiB or 4096")
    size = int(Decimal(match.group(1)) * _UNITS[unit])
    if size > MAX_SIZE:
        raise ValueError(f"{text!r} is more than {format_size(MAX_SIZE)}")
    return size


def format_size(size: int) -> str:
    """`12.3 GB`: decimal units, three significant digits."""
    for unit, scale in (
        ("EB", 1000**6),
        ("PB", 1000**5),
        ("TB", 1000**4),
        ("GB", 1000**3),
        ("MB", 1000**2),
        ("kB", 1000),
    ):
        if size >= scale:
            return f"{size / scale:,.3g} {unit}" if size / scale < 1000 else f"{size / scale:,.0f} {unit}"
    return f"{size} B"
