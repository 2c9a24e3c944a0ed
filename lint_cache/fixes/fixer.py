"""Applying fixes to a file's text: libcst edits, in passes, until nothing fixable is left.

Fixes whose edits overlap are applied in separate passes (each pass re-lints the new text), as
ruff does. The result must parse, and a second run must change nothing.
"""

from __future__ import annotations

import ast
import warnings
from dataclasses import dataclass, field, replace
from typing import Optional

import libcst as cst

from lint_cache.diagnostics import Diagnostic
from lint_cache.engine import isolated_worthy, lint_text, run_isolated, without_fixes
from lint_cache.settings import Settings
from lint_cache.source import deep_code, positions

MAX_PASSES = 10


@dataclass
class FixResult:
    text: str
    fixed: list[Diagnostic] = field(default_factory=list)  # what the applied fixes mended
    remaining: list[Diagnostic] = field(default_factory=list)  # what is still there afterwards
    error: Optional[str] = None  # the fixes would have broken the file; nothing was changed


def fix_text(text: str, path: str, settings: Settings, unsafe: bool = False) -> FixResult:
    """The text with the fixes applied (unsafe ones too when asked), and what is left. A large file
    is fixed in a child process, as `check_source` checks it."""
    if isolated_worthy(text):
        return _fix_isolated(text, path, settings, unsafe)
    return deep_code.run_with_room(lambda: _fix_text(text, path, settings, unsafe))


def _fix_isolated(text: str, path: str, settings: Settings, unsafe: bool) -> FixResult:
    def work() -> FixResult:
        result = deep_code.run_with_room(lambda: _fix_text(text, path, settings, unsafe))
        return replace(result, fixed=without_fixes(result.fixed), remaining=without_fixes(result.remaining))

    outcome = run_isolated(work, path, settings)
    return outcome if isinstance(outcome, FixResult) else FixResult(text, [], outcome)


def _fix_text(text: str, path: str, settings: Settings, unsafe: bool) -> FixResult:
    original = text
    fixed: list[Diagnostic] = []
    for _ in range(MAX_PASSES):
        result = lint_text(text, path, settings)
        wanted = [d for d in result.diagnostics if d.fix is not None and (d.fix.safe or unsafe)]
        if not wanted or result.module is None:
            return FixResult(text, fixed, result.diagnostics)
        applied, edits = _non_overlapping(result.module, text, wanted)
        if not edits:
            return FixResult(text, fixed, result.diagnostics)
        new_text = _keep_final_line_break(text, result.module.visit(_ApplyEdits(edits)).code)
        problem = _breaks(new_text)
        if problem is not None:
            return FixResult(original, [], lint_text(original, path, settings).diagnostics, problem)
        if new_text == text:
            return FixResult(text, fixed, result.diagnostics)
        text = new_text
        fixed.extend(applied)
    return FixResult(text, fixed, lint_text(text, path, settings).diagnostics)


def apply_fix(module: cst.Module, diagnostic: Diagnostic) -> Optional[str]:
    """The code of `module` with one diagnostic's fix applied (an editor's quick fix), or None when
    the fix has no edits here or would leave invalid Python. Run it through `deep.run_with_room`."""
    edits = dict(diagnostic.fix.edits()) if diagnostic.fix is not None else {}
    if not edits:
        return None
    fixed = module.visit(_ApplyEdits(edits)).code
    return None if _breaks(fixed) is not None else fixed


def _keep_final_line_break(before: str, after: str) -> str:
    """libcst drops the last `\r` of a file whose lines end in `\r` alone: it is put back."""
    if before.endswith("\r") and not after.endswith(("\r", "\n")):
        return after + "\r"
    return after


def _non_overlapping(module: cst.Module, text: str, wanted: list[Diagnostic]) -> tuple[list[Diagnostic], dict]:
    """The fixes to apply in this pass: those whose edited regions overlap no earlier one's."""
    fixes = [(diagnostic, diagnostic.fix.edits()) for diagnostic in wanted]
    places = positions.spans(module, text, (node for _, fix_edits in fixes for node, _ in fix_edits))
    taken: list[tuple[tuple[int, int], tuple[int, int]]] = []
    applied: list[Diagnostic] = []
    edits: dict[cst.CSTNode, Optional[cst.CSTNode]] = {}
    for diagnostic, fix_edits in fixes:
        regions = [_region(places[node]) for node, _ in fix_edits]
        if not fix_edits or any(_overlap(region, other) for region in regions for other in taken):
            continue
        taken.extend(regions)
        applied.append(diagnostic)
        edits.update(fix_edits)
    return applied, edits


def _region(where: positions.Span) -> tuple[tuple[int, int], tuple[int, int]]:
    return (where.start_line, where.start_column), (where.end_line, where.end_column)


def _overlap(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _breaks(text: str) -> Optional[str]:
    """Why the fixed text is not valid Python, or None. A safety net: fixes are built to be valid."""
    try:
        cst.parse_module(text)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(text)
    except (cst.ParserSyntaxError, SyntaxError) as error:
        return f"the fixes would leave invalid Python ({error}); the file was not changed"
    return None


class _ApplyEdits(cst.CSTTransformer):
    def __init__(self, edits: dict[cst.CSTNode, Optional[cst.CSTNode]]):
        self.edits = edits

    def on_leave(self, original_node, updated_node):
        if original_node in self.edits:
            replacement = self.edits[original_node]
            return cst.RemoveFromParent() if replacement is None else replacement
        return updated_node


def edited_code(module: cst.Module, edits: list) -> Optional[str]:
    """The code of `module` with one fix's edits applied, or None when the result would not parse."""
    code = module.visit(_ApplyEdits(dict(edits))).code
    return None if _breaks(code) is not None else code
