"""Settings every front end hands to `check_source`, and how the target Streamlit version is chosen."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Optional, Union

from packaging.version import InvalidVersion, Version

from lint_cache import byte_sizes
from lint_cache.knowledge import streamlit_api

DEFAULT_MAX_ESTIMATED_ENTRIES = 1000


class SettingsError(ValueError):
    """A setting with a bad value; the message says which and why."""


@dataclass(frozen=True)
class Settings:
    streamlit_version: Version = streamlit_api.LATEST_KNOWN
    # Where the version came from, for messages: "option", "config", "requirement" (the project's
    # pinned release), "installed" or "default"; `version_file` names the config or requirement file.
    version_source: str = "default"
    version_file: Optional[str] = None
    select: tuple[str, ...] = ("STC",)
    ignore: tuple[str, ...] = ()
    max_estimated_entries: int = DEFAULT_MAX_ESTIMATED_ENTRIES
    entry_size: Optional[int] = None  # bytes per cached result, for the memory estimate
    # Dotted names of functions that are custom components (so: widgets), e.g.
    # "streamlit_cookies_manager.CookieManager".
    extra_widgets: frozenset[str] = field(default_factory=frozenset)
    # Codes dropped for the one file being linted whatever `select` says: its per-file-ignores and
    # its `# lint-cache: noqa: CODES` comment.
    per_file_ignore: tuple[str, ...] = ()
    # Honour noqa comments on the reported line. Off under flake8, which applies them itself.
    line_noqa: bool = True
    # `server.maxCacheDataSize` of the project's .streamlit/config.toml (or its environment variable),
    # in bytes, and as written where it was read: one byte budget over every in-memory cache_data entry (1.67).
    cache_data_budget: Optional[int] = None
    cache_data_budget_source: Optional[str] = None

    def selects(self, code: str) -> bool:
        """True when `code` is selected and not ignored; the longer matching prefix wins, as in ruff.
        A per-file ignore wins over any selection."""
        if any(code.startswith(prefix) for prefix in self.per_file_ignore):
            return False
        selected = max((len(prefix) for prefix in self.select if code.startswith(prefix)), default=-1)
        ignored = max((len(prefix) for prefix in self.ignore if code.startswith(prefix)), default=-1)
        return selected > ignored


def parse_version(text: str) -> Version:
    not_a_version = SettingsError(f"streamlit-version: {_shown(text)!r} is not a version like 1.35 or 1.35.0")
    if len(str(text)) > 40:  # no release number is longer; a very long one costs Python's int()
        raise not_a_version
    try:
        parsed = Version(str(text).strip())
    except (InvalidVersion, ValueError):
        raise not_a_version from None
    if parsed.major != 1 and parsed.major != 0:
        raise SettingsError(f"streamlit-version: {text!r} is not a Streamlit release (0.x or 1.x)")
    return parsed


def _shown(value: object) -> object:
    """`value` for a message; a very long string cut short."""
    return value if not isinstance(value, str) or len(value) <= 40 else value[:40] + "..."


def target_version(explicit: Optional[str], source: str = "option") -> tuple[Version, str]:
    """The Streamlit version to lint for: the explicit one, else the installed one, else the newest known."""
    if explicit is not None:
        return parse_version(explicit), source
    installed = streamlit_api.installed_streamlit_version()
    if installed is not None:
        return installed, "installed"
    return streamlit_api.LATEST_KNOWN, "default"


def parse_size(value: Union[str, int], setting: str = "entry-size") -> int:
    """`entry-size`: bytes from `2048`, `"100MB"`, `"1.5 GiB"` (units as `byte_sizes.parse_size` reads them)."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise SettingsError(f"{setting}: {value!r} is not a size like 100MB, 1.5GiB or 4096")
    try:
        size = byte_sizes.parse_size(str(value))
    except ValueError as error:
        raise SettingsError(f"{setting}: {error}") from None
    if size < 1:
        raise SettingsError(f"{setting}: {value!r} is not a positive size")
    return size


def parse_entry_limit(value: Union[str, int], setting: str = "max-estimated-entries") -> int:
    """`max-estimated-entries`: a whole number of cache entries, at least 1."""
    not_a_count = SettingsError(f"{setting}: {_shown(value)!r} is not a whole number of entries")
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise not_a_count
    try:
        limit = int(value) if len(str(value)) <= 30 else None
    except ValueError:
        raise not_a_count from None
    if limit is None:
        raise SettingsError(f"{setting}: {_shown(value)!r} is more than lint-cache can count (10^30)")
    if limit < 1:
        raise SettingsError(f"{setting}: {value!r} must be at least 1")
    return limit


_DOTTED_NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")


def parse_widget_names(names: Iterable[str], setting: str = "extra-widgets") -> frozenset[str]:
    """`extra-widgets`: dotted names of custom component functions, `package.module.function`."""
    parsed = set()
    for name in names:
        if not isinstance(name, str) or _DOTTED_NAME.fullmatch(name.strip()) is None:
            raise SettingsError(
                f"{setting}: {name!r} is not a dotted name like streamlit_cookies_manager.CookieManager "
                "(the module it is imported from, then the function)"
            )
        parsed.add(name.strip())
    return frozenset(parsed)
