"""The code actions the server offers: each finding's fix, fixing every finding of the document,
and silencing a finding with `# noqa`."""

from __future__ import annotations

import io
import re
import tokenize
from typing import Optional

from lsprotocol import types

from lint_cache.diagnostics import SAFE, Diagnostic
from lint_cache.frontends.lsp.conversions import Lines, to_lsp
from lint_cache.rules import syntax_error

FIX_ALL = f"{types.CodeActionKind.SourceFixAll.value}.lint-cache"
FIX_ALL_TITLE = "Fix all lint-cache problems"

# A noqa comment that lists codes, read as flake8 reads it (`noqa: STC101`, `NOQA:E501,STC2`).
_NOQA_WITH_CODES = re.compile(r"#\s*noqa:\s?(?P<codes>[A-Z][0-9A-Z]*(?:[,\s]+[A-Z][0-9A-Z]*)*)", re.IGNORECASE)


class Document:
    """Where edits go: the document's address and the version the edits were computed for."""

    def __init__(self, uri: str, version: Optional[int], lines: Lines, versioned_edits: bool):
        self.uri = uri
        self.version = version
        self.lines = lines
        self.versioned_edits = versioned_edits  # the client takes documentChanges

    def edit(self, text_edit: types.TextEdit) -> types.WorkspaceEdit:
        if self.versioned_edits:
            identifier = types.OptionalVersionedTextDocumentIdentifier(uri=self.uri, version=self.version)
            return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(identifier, [text_edit])])
        return types.WorkspaceEdit(changes={self.uri: [text_edit]})


def requested(kind: str, only: Optional[list[str]]) -> bool:
    """Whether the client asked for actions of `kind`: `only` lists kinds and their parents
    ("source" asks for "source.fixAll.lint-cache")."""
    return only is None or any(kind == wanted or kind.startswith(f"{wanted}.") for wanted in only)


def quick_fix(document: Document, diagnostic: Diagnostic, description: str, fixed: str) -> types.CodeAction:
    """The diagnostic's own fix (`fixed`: the text with it applied); safe fixes are the preferred
    action, unsafe ones say so."""
    safe = diagnostic.fix_safety == SAFE
    title = f"{description} ({diagnostic.code})"
    if not safe:
        title += " (unsafe fix: may change behaviour)"
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[to_lsp(diagnostic, document.lines, document.uri)],
        is_preferred=safe,
        edit=document.edit(document.lines.edit_to(fixed)),
    )


def fix_all(document: Document, fixed: str) -> types.CodeAction:
    """Every safe fix (`fixed`: the text with them applied in passes, as `lint-cache check --fix` does)."""
    return types.CodeAction(title=FIX_ALL_TITLE, kind=FIX_ALL, edit=document.edit(document.lines.edit_to(fixed)))


def ignore_on_line(document: Document, diagnostic: Diagnostic) -> Optional[types.CodeAction]:
    """Add `# noqa: CODE` to the reported line, or the code to the `# noqa` already there."""
    if diagnostic.code in ("", syntax_error.CODE):
        return None  # a bad configuration, or a file that does not parse: no comment silences those
    text_edit = noqa_edit(document.lines, diagnostic.line - 1, diagnostic.code)
    if text_edit is None:
        return None
    return types.CodeAction(
        title=f"Ignore {diagnostic.code} on this line",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[to_lsp(diagnostic, document.lines, document.uri)],
        edit=document.edit(text_edit),
    )


def noqa_edit(lines: Lines, index: int, code: str) -> Optional[types.TextEdit]:
    """The edit that makes line `index` (0-based) silence `code`, or None where a comment cannot
    end the line (inside a string that goes on, or before a backslash continuation)."""
    ends = _line_ends(lines.text)
    if ends is None or index in ends.inside_tokens:
        return None
    content = lines.line(index)
    start = lines.starts[index]
    comment = ends.comments.get(index)
    if comment is not None:
        column, comment_text = comment
        match = _NOQA_WITH_CODES.search(comment_text)
        if match is not None:
            at = start + column + match.end("codes")
            return types.TextEdit(types.Range(lines.position_at(at), lines.position_at(at)), f", {code}")
    elif content.rstrip().endswith("\\"):
        return None
    kept = len(content.rstrip())
    return types.TextEdit(
        types.Range(lines.position_at(start + kept), lines.position_at(start + len(content))), f"  # noqa: {code}"
    )


class _LineEnds:
    def __init__(self) -> None:
        self.comments: dict[int, tuple[int, str]] = {}  # line (0-based) -> (column, comment)
        self.inside_tokens: set[int] = set()  # lines whose end lies inside a token (a string)


def _line_ends(text: str) -> Optional[_LineEnds]:
    ends = _LineEnds()
    try:
        for token in tokenize.generate_tokens(io.StringIO(text, newline=None).readline):
            if token.type == tokenize.COMMENT:
                ends.comments[token.start[0] - 1] = (token.start[1], token.string)
            elif token.end[0] > token.start[0] and token.type not in (tokenize.NL, tokenize.NEWLINE):
                ends.inside_tokens.update(range(token.start[0] - 1, token.end[0] - 1))
    except (tokenize.TokenError, SyntaxError):
        return None
    return ends
