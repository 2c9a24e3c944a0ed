"""Applying fixes to a file's text: libcst edits, one pass at a time.

A pass applies the fixes whose edits overlap no earlier one's; the engine lints the new text and
runs the next pass (`engine.fix_text`), as ruff's linter does with its `fix` module. The result
must parse, and a second run must change nothing.
"""

from __future__ import annotations

import ast
import warnings
from typing import Optional

import libcst as cst

from lint_cache.diagnostics import Diagnostic
from lint_cache.source import positions


def fix_pass(module: cst.Module, text: str, wanted: list[Diagnostic]) -> tuple[list[Diagnostic], Optional[str]]:
    """One pass over `module`, parsed from `text`: the fixes among `wanted` whose edits overlap no
    earlier one's, and the code with them applied; None for the code when no fix has edits."""
    applied, edits = _non_overlapping(module, text, wanted)
    if not edits:
        return applied, None
    return applied, _keep_final_line_break(text, module.visit(_ApplyEdits(edits)).code)


def apply_fix(module: cst.Module, diagnostic: Diagnostic) -> Optional[str]:
    """The code of `module` with one diagnostic's fix applied (an editor's quick fix), or None when
    the fix has no edits here or would leave invalid Python. Run it through `deep.run_with_room`."""
    edits = dict(diagnostic.fix.edits()) if diagnostic.fix is not None else {}
    if not edits:
        return None
    fixed = module.visit(_ApplyEdits(edits)).code
    return None if breaks(fixed) is not None else fixed


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


def breaks(text: str) -> Optional[str]:
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
    return None if breaks(code) is not None else code
