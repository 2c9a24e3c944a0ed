"""The Streamlit server configuration a project ships that changes what its caches hold:
`server.maxCacheDataSize` (1.67), one LRU budget in serialized bytes over every in-memory
st.cache_data entry of the process (not st.cache_resource).

Streamlit reads `.streamlit/config.toml` from the folder it is started in (the app's); as with the
pinned release, the nearest one above a file applies, up to the repository's root. The environment
variable `STREAMLIT_SERVER_MAX_CACHE_DATA_SIZE` wins when set, as it does for Streamlit.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from lint_cache.project.pinned_release import REPOSITORY_MARKERS

try:
    import tomllib
except ImportError:  # Python < 3.11
    import tomli as tomllib

ENVIRONMENT_VARIABLE = "STREAMLIT_SERVER_MAX_CACHE_DATA_SIZE"
CONFIG_FILE = Path(".streamlit") / "config.toml"
MAX_CONFIG_BYTES = 1024 * 1024  # a config.toml larger than this is not read
# The size Streamlit 1.67 accepts (byte_util.py): a number and a binary unit, b to tib, or "0" / 0 for
# no budget. Units are powers of 1024 whatever their spelling.
_SIZE = re.compile(r"(?P<value>(?:\d+(?:\.\d*)?|\.\d+)) ?(?P<unit>b|(?:k|ki)b|(?:m|mi)b|(?:g|gi)b|(?:t|ti)b)", re.I)
_MULTIPLIERS = {"b": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}


@dataclass(frozen=True)
class CacheDataBudget:
    text: str  # as written: "2gb"
    size: int  # bytes
    source: str  # the config file, or the environment variable

    @property
    def described(self) -> str:
        """`"2gb" in app/.streamlit/config.toml`, for messages."""
        return f'"{self.text}" in {self.source}'


def parse_budget(value: object) -> Optional[int]:
    """Bytes of a `server.maxCacheDataSize` value; 0 for no budget; None when Streamlit refuses it."""
    if value == 0 or value == "0":
        return 0
    match = _SIZE.fullmatch(value) if isinstance(value, str) and len(value) <= 100 else None
    if match is None:
        return None
    whole, _, fraction = match.group("value").partition(".")
    size = int(f"{whole or '0'}{fraction}") * _MULTIPLIERS[match.group("unit")[0].lower()] // 10 ** len(fraction)
    return size if size >= 1 else None


class ServerConfigs:
    """The cache budget for each folder, memoized, so a tree reads each config.toml once. Notes (a
    file that cannot be read, a value Streamlit refuses) are collected, each said once."""

    def __init__(self, environment: Optional[dict] = None, note: Optional[Callable[[str], None]] = None):
        self._environment = os.environ if environment is None else environment
        self._by_folder: dict[Path, Optional[CacheDataBudget]] = {}
        self._note = note or (lambda text: None)

    def budget_for(self, folder: Path) -> Optional[CacheDataBudget]:
        if ENVIRONMENT_VARIABLE in self._environment:
            return self._budget(self._environment[ENVIRONMENT_VARIABLE], f"${ENVIRONMENT_VARIABLE}")
        if folder not in self._by_folder:
            found = self._read(folder / CONFIG_FILE)
            at_root = folder.parent == folder or any((folder / marker).exists() for marker in REPOSITORY_MARKERS)
            if found is _ABSENT:
                found = None if at_root else self.budget_for(folder.parent)
            self._by_folder[folder] = found
        return self._by_folder[folder]

    def _read(self, path: Path):
        try:
            if not path.is_file():
                return _ABSENT
            if path.stat().st_size > MAX_CONFIG_BYTES:
                self._note(f"{path}: larger than {MAX_CONFIG_BYTES} bytes, not read")
                return None
            with open(path, "rb") as handle:
                document = tomllib.load(handle)
        except (OSError, ValueError, RecursionError) as error:  # tomllib's errors are ValueErrors
            self._note(f"{path}: not read ({type(error).__name__}: {str(error)[:200]})")
            return None
        server = document.get("server")
        if not isinstance(server, dict) or "maxCacheDataSize" not in server:
            return None  # this file decides: the config Streamlit reads has no budget
        return self._budget(server["maxCacheDataSize"], str(path))

    def _budget(self, value: object, source: str) -> Optional[CacheDataBudget]:
        size = parse_budget(value)
        if size is None:
            self._note(f"{source}: server.maxCacheDataSize = {str(value)[:40]!r} is not a size Streamlit accepts")
            return None
        return CacheDataBudget(str(value), size, source) if size > 0 else None


_ABSENT = object()
