"""Results of earlier runs, per file content, so that an unchanged tree is not parsed again.

An entry is keyed by a hash of the file's bytes and a fingerprint of what else decides the
findings: lint-cache's version and the settings. Diagnostics are stored without their path, so a
moved file is found too. A cache that is missing, corrupt or
unwritable is ignored: it can only ever save time, never change a result or stop a run.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import fields
from pathlib import Path
from typing import Optional

from lint_cache import __version__
from lint_cache.diagnostics import Diagnostic
from lint_cache.settings import Settings

FOLDER_NAME = ".lint_cache_cache"
_STORED_FIELDS = [item.name for item in fields(Diagnostic) if item.name not in ("path", "fix")]


def default_folder() -> Path:
    """`.lint_cache_cache` in the working folder; `$XDG_CACHE_HOME/lint-cache` when that is set."""
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) / "lint-cache" if xdg else Path(FOLDER_NAME)


# Settings fields that do not change findings: they only say where a value came from.
_NOT_ABOUT_FINDINGS = frozenset({"version_source", "version_file"})


def fingerprint(settings: Settings) -> str:
    """What, besides the file, decides its findings, in a stable form (a frozenset's order changes
    from one process to the next, so sets are sorted)."""
    described: dict[str, object] = {"lint-cache": __version__}
    for item in fields(settings):
        if item.name in _NOT_ABOUT_FINDINGS:
            continue
        value = getattr(settings, item.name)
        described[item.name] = sorted(value) if isinstance(value, (set, frozenset)) else str(value)
    return hashlib.blake2b(json.dumps(described, sort_keys=True).encode(), digest_size=16).hexdigest()


def key(data: bytes, settings: Settings) -> str:
    return f"{fingerprint(settings)}:{hashlib.blake2b(data, digest_size=20).hexdigest()}"


MAX_ENTRIES = 100_000  # beyond this the oldest entries go, so the file cannot grow without end


class ResultCache:
    def __init__(self, folder: Path):
        self.file = folder / "results.json"
        self.folder = folder
        self._entries: dict[str, list[dict]] = self._load()
        self._changed = False

    def _load(self) -> dict[str, list[dict]]:
        try:
            entries = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return entries if isinstance(entries, dict) else {}

    def get(self, key: str, path: str) -> Optional[list[Diagnostic]]:
        """The diagnostics stored under `key`, given `path`; None when there are none."""
        stored = self._entries.get(key)
        if not isinstance(stored, list):
            return None
        try:
            return [Diagnostic(path=path, **{name: item[name] for name in _STORED_FIELDS}) for item in stored]
        except (KeyError, TypeError):
            return None  # an entry from another layout: lint again

    def put(self, key: str, diagnostics: list[Diagnostic]) -> None:
        record = [{name: getattr(d, name) for name in _STORED_FIELDS} for d in diagnostics]
        if self._entries.get(key) != record:
            self._entries.pop(key, None)
            self._entries[key] = record  # newest last: the trimming in save() drops the oldest
            self._changed = True

    def save(self) -> None:
        """Write the entries atomically; any failure leaves the cache as it was."""
        if not self._changed:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# Created by lint-cache.\n*\n", encoding="utf-8")
            entries = dict(list(self._entries.items())[-MAX_ENTRIES:])
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".results-", suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(entries, stream)
            os.replace(temporary, self.file)
        except OSError:
            with contextlib.suppress(OSError, UnboundLocalError):
                os.unlink(temporary)
