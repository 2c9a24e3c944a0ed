"""Linting files: read, prefilter, check, and turn every failure into a message instead of a traceback."""

from __future__ import annotations

import difflib
import traceback
from dataclasses import dataclass, field
from typing import Optional

from lint_cache import files, prefilter
from lint_cache.diagnostics import Diagnostic
from lint_cache.engine import check_source, syntax_error_diagnostic
from lint_cache.fixer import fix_text
from lint_cache.settings import Settings

# What to do with fixes: report only, write them, or show them as a diff.
REPORT, FIX, DIFF = "report", "fix", "diff"


@dataclass
class FileReport:
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    error: Optional[str] = None  # the file could not be linted or fixed: unreadable, or an internal error
    fixed: int = 0  # findings mended by fixes (written with FIX, shown with DIFF)
    diff: str = ""


def lint_file(path: str, settings: Settings, mode: str = REPORT, unsafe_fixes: bool = False) -> FileReport:
    try:
        source = files.read(path)
    except files.UnreadableFile as error:
        return FileReport(path, error=f"{path}: cannot read the file: {error}")
    if not prefilter.may_cache_bytes(source.data):
        return FileReport(path)
    try:
        text, encoding = source.decode()
    except files.UnreadableFile as error:
        diagnostic = syntax_error_diagnostic(path, 1, 1, f"cannot decode the file: {error}", settings)
        return FileReport(path, [diagnostic] if diagnostic else [])
    try:
        if mode == REPORT:
            return FileReport(path, check_source(text, path, settings))
        return _fix_file(source, text, encoding, settings, mode, unsafe_fixes)
    except files.ChangedOnDisk as error:
        return FileReport(path, error=str(error))
    except OSError as error:
        return FileReport(path, error=f"{path}: cannot write the fixed file: {error}")
    except Exception:  # a bug in a rule must not stop the run: it is reported, with exit status 2
        return FileReport(
            path,
            error=f"{path}: internal error, please report it with this file:\n{traceback.format_exc().rstrip()}",
        )


def _fix_file(
    source: files.SourceFile, text: str, encoding: str, settings: Settings, mode: str, unsafe_fixes: bool
) -> FileReport:
    result = fix_text(text, source.path, settings, unsafe=unsafe_fixes)
    report = FileReport(source.path, result.remaining, result.error, fixed=len(result.fixed))
    if result.text == text:
        return report
    if mode == DIFF:
        report.diff = "".join(
            difflib.unified_diff(
                text.splitlines(keepends=True),
                result.text.splitlines(keepends=True),
                fromfile=f"a/{source.path}",
                tofile=f"b/{source.path}",
            )
        )
    else:
        files.replace_contents(source.path, result.text.encode(encoding), expected=source.data)
    return report
