"""Sizes in bytes, written as people write them: `100MB`, `1.5 GiB`, `512`."""

from __future__ import annotations

import re

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
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*")


def parse_size(text: str) -> int:
    """Bytes in `text`; decimal units (KB, MB, GB, TB) are powers of 1000, binary ones (KiB...) of 1024."""
    match = _SIZE.fullmatch(str(text))
    unit = match.group(2).lower() if match else None
    if match is None or unit not in _UNITS:
        raise ValueError(f"{text!r} is not a size like 100MB, 1.5GiB or 4096")
    return int(float(match.group(1)) * _UNITS[unit])


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
