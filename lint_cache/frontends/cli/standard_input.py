"""`lint-cache check --stdin-filename PATH -`: the text on standard input, checked with PATH's
settings and reported under PATH, for editors and tools that lint unsaved buffers. With --fix the
fixed text is the output, as ruff does: the caller writes it to standard output."""

from __future__ import annotations

import traceback

from lint_cache.engine import fix_text
from lint_cache.frontends.cli.file_report import DIFF, FIX, REPORT, FileReport, fixed_codes
from lint_cache.frontends.cli.runner import lint_source, unified_diff
from lint_cache.project import files
from lint_cache.settings import Settings


def lint(data: bytes, path: str, settings: Settings, mode: str, unsafe_fixes: bool) -> tuple[FileReport, bytes]:
    """The report on `data`, and with FIX the fixed bytes (the same bytes when nothing was
    fixed or the text cannot be decoded: the output replaces the buffer, so it is never empty
    by mistake). With DIFF the report carries the diff."""
    source = files.SourceFile(path, data)
    unchanged = data if mode == FIX else b""
    if mode == REPORT:
        return lint_source(source, settings), unchanged
    try:
        text, encoding = source.decode()
    except files.UnreadableFile:
        return lint_source(source, settings), unchanged  # STC001 with the reason
    try:
        result = fix_text(text, path, settings, unsafe=unsafe_fixes)
    except Exception:  # a bug in a rule: reported with exit status 2, the text handed back as it was
        return FileReport(path, error=f"{path}: internal error, please report it:\n{traceback.format_exc()}"), unchanged
    report = FileReport(path, result.remaining, result.error, fixed_codes=fixed_codes(result.fixed))
    if mode == DIFF:
        report.diff = unified_diff(path, text, result.text)
        return report, b""
    return report, data if result.text == text else result.text.encode(encoding)
