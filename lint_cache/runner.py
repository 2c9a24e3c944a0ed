"""Linting files: read, prefilter, check, and turn every failure into a message instead of a traceback."""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from typing import Optional

from lint_cache import files, prefilter
from lint_cache.diagnostics import Diagnostic
from lint_cache.engine import check_source, syntax_error_diagnostic
from lint_cache.settings import Settings


@dataclass
class FileReport:
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    error: Optional[str] = None  # the file could not be linted: unreadable, or an internal error


def lint_file(path: str, settings: Settings) -> FileReport:
    try:
        source = files.read(path)
    except files.UnreadableFile as error:
        return FileReport(path, error=f"{path}: cannot read the file: {error}")
    if not prefilter.may_cache_bytes(source.data):
        return FileReport(path)
    try:
        text = source.text()
    except files.UnreadableFile as error:
        diagnostic = syntax_error_diagnostic(path, 1, 1, f"cannot decode the file: {error}", settings)
        return FileReport(path, [diagnostic] if diagnostic else [])
    try:
        return FileReport(path, check_source(text, path, settings))
    except Exception:  # noqa: BLE001 - a bug in a rule must not stop the run; it is reported, exit 2
        return FileReport(
            path,
            error=f"{path}: internal error, please report it with this file:\n{traceback.format_exc().rstrip()}",
        )
