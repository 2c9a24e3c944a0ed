"""STC002 unused-noqa: a `# noqa: STCnnn` comment whose codes silence nothing on their line.

The engine reports it once the other rules have run (it needs to know which noqa codes were used),
and only where noqa comments are honoured: flake8 applies noqa itself, so the plugin leaves it off.
Only codes of lint-cache's rules that are on for the file count: other tools' codes (`E501`) and
codes of rules turned off are left alone.
"""

from __future__ import annotations

import re
from typing import Callable, Iterator, Optional

import libcst as cst

from lint_cache.diagnostics import Finding, Fix

CODE = "STC002"
NAME = "unused-noqa"
SUMMARY = "A `# noqa: STCnnn` comment that silences nothing"

# The engine's noqa pattern, with the codes; `OWN_PREFIX` marks lint-cache's codes.
OWN_PREFIX = "STC"
_CODE_SEPARATOR = re.compile(r"[,\s]+")
_MAY_HAVE_OWN_NOQA = re.compile(r"noqa\s*:[^\n]*STC", re.IGNORECASE)


def may_apply(text: str) -> bool:
    """Cheap test on the text: could it hold a noqa comment with one of our codes?"""
    return _MAY_HAVE_OWN_NOQA.search(text) is not None


def findings(
    module: cst.Module,
    noqa: re.Pattern,
    lines_of: Callable[[list[cst.Comment]], dict[cst.Comment, int]],
    used: set[tuple[int, str]],
    selected: Callable[[str], bool],
) -> Iterator[Finding]:
    """One finding per noqa comment with unused codes of ours. `lines_of` gives the comments' lines;
    `used` holds (line, listed code) pairs that silenced a finding; `selected(code)` says whether a
    listed code or prefix names a rule that is on."""
    candidates = []
    for holder, comment in _comments(module):
        match = noqa.search(comment.value)
        if match is not None and match.group("codes") is not None:
            candidates.append((holder, comment, match))
    lines = lines_of([comment for _, comment, _ in candidates]) if candidates else {}
    for holder, comment, match in candidates:
        line = lines[comment]
        listed = [code for code in _CODE_SEPARATOR.split(match.group("codes").strip()) if code]
        unused = [
            code
            for code in listed
            if code.upper().startswith(OWN_PREFIX) and selected(code.upper()) and (line, code.upper()) not in used
        ]
        if not unused:
            continue
        kept = [code for code in listed if code not in unused]
        names = ", ".join(unused)
        plural = "s" if len(unused) > 1 else ""
        yield Finding(
            comment,
            f"`# noqa: {names}` silences nothing on this line (no {names} finding here): remove the code{plural}",
            fix=_removal(holder, comment, match, kept, f"Remove the unused noqa code{plural} {names}"),
        )


def _comments(module: cst.Module) -> list[tuple[cst.CSTNode, cst.Comment]]:
    collector = _CommentCollector()
    module.visit(collector)
    return collector.found


class _CommentCollector(cst.CSTVisitor):
    """The comments that mention noqa, each with the node that holds it (the one the fix replaces)."""

    def __init__(self) -> None:
        self.found: list[tuple[cst.CSTNode, cst.Comment]] = []

    def visit_TrailingWhitespace(self, node: cst.TrailingWhitespace) -> None:
        self._add(node)

    def visit_EmptyLine(self, node: cst.EmptyLine) -> None:
        self._add(node)

    def _add(self, holder) -> None:
        if holder.comment is not None and "noqa" in holder.comment.value.lower():
            self.found.append((holder, holder.comment))


def _removal(holder, comment: cst.Comment, match: re.Match, kept: list[str], description: str) -> Fix:
    """The comment without the unused codes; without `noqa` when none is left; gone when nothing is."""
    before, after = comment.value[: match.start()], comment.value[match.end() :]
    if kept:
        new_value: Optional[str] = f"{before}# noqa: {', '.join(kept)}{after}"
    else:
        rest = (before + after.lstrip(" -:")).strip()
        new_value = None if rest in ("", "#") else (rest if rest.startswith("#") else f"# {rest}")

    def edits():
        if new_value is not None:
            return [(holder, holder.with_changes(comment=cst.Comment(new_value)))]
        if isinstance(holder, cst.EmptyLine):
            return [(holder, None)]
        return [(holder, holder.with_changes(whitespace=cst.SimpleWhitespace(""), comment=None))]

    return Fix(description, safe=True, edits=edits)
