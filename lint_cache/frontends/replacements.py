"""Fixes as text replacements, for the formats that carry them: SARIF `fixes`, rdjson `suggestions`.

A fix is a set of libcst edits of the parsed module. Here each fix is applied on its own to the file
as it is, and the change becomes whole-line replacements (the lines it deletes, the lines it
inserts), which every consumer can apply without knowing how columns are counted. Files are read and
parsed again only for these formats, and only those with a fixable finding.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Callable, Optional

from lint_cache.diagnostics import Diagnostic
from lint_cache.frontends.cli import notebooks
from lint_cache.project import files
from lint_cache.settings import Settings
from lint_cache.source import deep_code


@dataclass(frozen=True)
class Replacement:
    start_line: int  # 1-based; the replaced lines are start_line .. end_line - 1 (none: an insertion)
    end_line: int
    text: str  # the lines inserted in their place, each with its newline


@dataclass(frozen=True)
class TextFix:
    description: str
    safe: bool
    replacements: tuple[Replacement, ...]


class FixFinder:
    """The TextFix of each fixable diagnostic, computed per file on first use."""

    def __init__(self, settings_for: Callable[[str], Settings]):
        self.settings_for = settings_for
        self._by_file: dict[str, dict[Diagnostic, TextFix]] = {}

    def fix_of(self, diagnostic: Diagnostic) -> Optional[TextFix]:
        if not diagnostic.fixable or diagnostic.cell:
            return None  # notebooks: a line replacement in the JSON would mean nothing to a reviewer
        if diagnostic.path not in self._by_file:
            self._by_file[diagnostic.path] = _text_fixes(diagnostic.path, self.settings_for(diagnostic.path))
        return self._by_file[diagnostic.path].get(diagnostic)


def _text_fixes(path: str, settings: Settings) -> dict[Diagnostic, TextFix]:
    if notebooks.is_notebook(path):
        return {}
    try:
        text, _ = files.read(path).decode()
    except files.UnreadableFile:
        return {}
    return deep_code.run_with_room(lambda: _fixes_of_text(text, path, settings))


def _fixes_of_text(text: str, path: str, settings: Settings) -> dict[Diagnostic, TextFix]:
    from lint_cache.engine import lint_text
    from lint_cache.fixes.fixer import edited_code

    result = lint_text(text, path, settings)
    fixes = {}
    for diagnostic in result.diagnostics:
        if diagnostic.fix is None or result.module is None:
            continue
        fixed = edited_code(result.module, diagnostic.fix.edits())
        if fixed is None or fixed == text:
            continue
        fixes[diagnostic] = TextFix(diagnostic.fix.description, diagnostic.fix.safe, line_replacements(text, fixed))
    return fixes


def line_replacements(before: str, after: str) -> tuple[Replacement, ...]:
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    return tuple(
        Replacement(first + 1, last + 1, "".join(new[new_first:new_last]))
        for tag, first, last, new_first, new_last in matcher.get_opcodes()
        if tag != "equal"
    )
