"""Settings every front end hands to `check_source`, and how the target Streamlit version is chosen."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from packaging.version import InvalidVersion, Version

from lint_cache import streamlit_api

DEFAULT_MAX_ESTIMATED_ENTRIES = 1000


class SettingsError(ValueError):
    """A setting with a bad value; the message says which and why."""


@dataclass(frozen=True)
class Settings:
    streamlit_version: Version = streamlit_api.LATEST_KNOWN
    # Where the version came from, for messages: "option", "config", "installed" or "default".
    version_source: str = "default"
    select: tuple[str, ...] = ("STC",)
    ignore: tuple[str, ...] = ()
    max_estimated_entries: int = DEFAULT_MAX_ESTIMATED_ENTRIES
    entry_size: Optional[int] = None  # bytes per cached result, for the memory estimate
    # Dotted names of functions that are custom components (so: widgets), e.g.
    # "streamlit_cookies_manager.CookieManager".
    extra_widgets: frozenset[str] = field(default_factory=frozenset)

    def selects(self, code: str) -> bool:
        """True when `code` is selected and not ignored; the longer matching prefix wins, as in ruff."""
        selected = max((len(prefix) for prefix in self.select if code.startswith(prefix)), default=-1)
        ignored = max((len(prefix) for prefix in self.ignore if code.startswith(prefix)), default=-1)
        return selected > ignored


def parse_version(text: str) -> Version:
    try:
        parsed = Version(str(text).strip())
    except InvalidVersion:
        raise SettingsError(f"streamlit-version: {text!r} is not a version like 1.35 or 1.35.0") from None
    if parsed.major != 1 and parsed.major != 0:
        raise SettingsError(f"streamlit-version: {text!r} is not a Streamlit release (0.x or 1.x)")
    return parsed


def target_version(explicit: Optional[str], source: str = "option") -> tuple[Version, str]:
    """The Streamlit version to lint for: the explicit one, else the installed one, else the newest known."""
    if explicit is not None:
        return parse_version(explicit), source
    installed = streamlit_api.installed_streamlit_version()
    if installed is not None:
        return installed, "installed"
    return streamlit_api.LATEST_KNOWN, "default"
