"""`check --show-files` and `check --show-settings`: what a run would check, and with which settings."""

from __future__ import annotations

import json
import os

from lint_cache import config
from lint_cache.knowledge import streamlit_api

VERSION_SOURCES = {
    "option": "from --streamlit-version",
    "config": "from the configuration",
    "installed": "the installed Streamlit",
    "default": "the newest release lint-cache knows; no Streamlit is installed",
}


def show_files(paths: list[str]) -> str:
    return "".join(f"{os.path.abspath(path)}\n" for path in paths)


def show_settings(path: str, resolver: config.SettingsResolver) -> str:
    """The resolved settings of `path`, as TOML a reader can copy into a configuration."""
    found = resolver.config_for(path)
    settings = resolver.settings_for(path)
    files = [str(os.path.abspath(file)) for file in found.files]
    version = settings.streamlit_version
    lines = [
        f"# Settings for {os.path.abspath(path)}",
        f"# Configuration files: {', '.join(reversed(files)) if files else 'none (the defaults)'}"
        + (" (each extends the next)" if len(files) > 1 else ""),
        f"# lint-cache knows Streamlit {streamlit_api.known_range()}",
        f'streamlit-version = "{version}"  # {VERSION_SOURCES.get(settings.version_source, settings.version_source)}'
        + (f"; {streamlit_api.outside_known_note(version)}" if streamlit_api.outside_known(version) else ""),
        f"select = {_toml_list(settings.select)}  # every rule the selection options leave on",
        f"per-file-ignores = {_toml_list(settings.per_file_ignore)}  # for this file",
        f"exclude = {_toml_list(_exclude(found))}",
        f"max-estimated-entries = {settings.max_estimated_entries}",
        f"entry-size = {settings.entry_size if settings.entry_size is not None else 0}  # bytes; 0: not set",
        f"extra-widgets = {_toml_list(sorted(settings.extra_widgets))}",
        "# server.maxCacheDataSize (Streamlit's, bounds every cache_data entry from 1.67): "
        + (settings.cache_data_budget_source or "not set in a .streamlit/config.toml above the file"),
    ]
    return "\n".join(lines) + "\n"


def _exclude(found: config.Config) -> tuple[str, ...]:
    for link in reversed(found.chain):
        if link.exclude is not None:
            return link.exclude
    return ()


def _toml_list(items) -> str:
    return "[" + ", ".join(json.dumps(item) for item in items) + "]"
