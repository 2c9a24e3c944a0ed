"""Streamlit's facts as read from its own released wheels.

`releases.json` beside this module is written by `tools/releases/extract.py` (never by hand): each
fact is the list of ranges of minor releases in which it was seen, `[{"first": "1.0", "last":
"1.36"}]`. Its sections: `exports` (public name → kind → ranges), `cache_options` and
`cache_option_defaults` (decorator → option [→ literal default] → ranges), `widgets`,
`cached_widget_check`, `containers` (command → ranges), `widget_opt_in` (command → parameter whose
default is "ignore" → ranges), and `releases.read` (minor → the patch release read).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any, NamedTuple, Optional

from packaging.version import Version


class Range(NamedTuple):
    first: Version
    last: Version

    def __contains__(self, version: object) -> bool:
        return isinstance(version, Version) and self.first <= minor_of(version) <= self.last


def minor_of(version: Version) -> Version:
    return Version(f"{version.major}.{version.minor}")


@cache
def data() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("releases.json").read_text(encoding="utf-8")
    return json.loads(text)


def releases_read() -> tuple[Version, ...]:
    """The minor releases the data was read from, oldest first."""
    return tuple(sorted(Version(minor) for minor in data()["releases"]["read"]))


def _leaves(node: Any) -> list[dict[str, str]]:
    if isinstance(node, list):
        return node
    return [leaf for child in node.values() for leaf in _leaves(child)]


@cache
def ranges(kind: str, *path: str) -> tuple[Range, ...]:
    """The releases in which a fact holds, e.g. `ranges("exports", "experimental_rerun")` or
    `ranges("cache_options", "cache_data", "show_time")`. Below a path that goes on (an export's
    kinds, an option's defaults), the ranges of every fact under it are merged."""
    node: Any = data().get(kind, {})
    for part in path:
        if part not in node:
            return ()
        node = node[part]
    spans = sorted((Version(leaf["first"]), Version(leaf["last"])) for leaf in _leaves(node))
    merged: list[Range] = []
    read = releases_read()
    for first, last in spans:
        if merged and read.index(first) <= read.index(merged[-1].last) + 1:
            merged[-1] = Range(merged[-1].first, max(last, merged[-1].last))
        else:
            merged.append(Range(first, last))
    return tuple(merged)


def available(kind: str, name: str, version: Version) -> bool:
    return any(version in span for span in ranges(kind, name))


def first_release(kind: str, name: str) -> Optional[Version]:
    spans = ranges(kind, name)
    return spans[0].first if spans else None


def removed_in(kind: str, name: str) -> Optional[Version]:
    """The first release read after the fact's last range, or None while it still holds."""
    spans = ranges(kind, name)
    if not spans:
        return None
    read = releases_read()
    after = read.index(spans[-1].last) + 1
    return read[after] if after < len(read) else None


def cache_options(decorator: str) -> dict[str, tuple[Range, ...]]:
    """Each keyword option a cache decorator has taken, with the releases that take it."""
    return {option: ranges("cache_options", decorator, option) for option in data()["cache_options"].get(decorator, {})}


def export_kind(name: str, version: Version) -> Optional[str]:
    """What `st.<name>` is in a release: "function", "object", "class", "module" or "value"."""
    kinds = data()["exports"].get(name, {})
    return next(
        (kind for kind in sorted(kinds) if any(version in span for span in ranges("exports", name, kind))), None
    )
