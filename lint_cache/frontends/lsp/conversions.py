"""Between lint-cache's places and the Language Server Protocol's.

lint-cache reports 1-based lines and 1-based columns counted in characters (code points); LSP
counts 0-based lines and columns in code units of the negotiated encoding, UTF-16 unless the
client offers another. A character outside the Basic Multilingual Plane (an emoji) is one code
point but two UTF-16 code units, so every column before it shifts by one. Lines end at `\\n`,
`\\r\\n` or `\\r`, as LSP says (not at the other breaks `str.splitlines` knows, such as `\\x0c`).
"""

from __future__ import annotations

import bisect
import re

from lsprotocol import types

from lint_cache.diagnostics import ERROR, Diagnostic
from lint_cache.frontends import reporters

SOURCE = "lint-cache"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def code_units(text: str, encoding: str) -> int:
    """The length of `text` in code units of `encoding` ("utf-8", "utf-16" or "utf-32")."""
    if encoding == types.PositionEncodingKind.Utf8:
        return len(text.encode("utf-8", "surrogatepass"))
    if encoding == types.PositionEncodingKind.Utf32:
        return len(text)
    return len(text) + sum(1 for character in text if ord(character) > 0xFFFF)


def characters(text: str, units: int, encoding: str) -> int:
    """How many characters of `text` its first `units` code units hold (a unit inside a
    character counts as the whole character: clients may split a surrogate pair)."""
    if encoding == types.PositionEncodingKind.Utf32:
        return min(units, len(text))
    counted = 0
    for index, character in enumerate(text):
        if counted >= units:
            return index
        counted += code_units(character, encoding)
    return len(text)


class Lines:
    """A document's text with the offset where each of its lines starts."""

    def __init__(self, text: str, encoding: str = types.PositionEncodingKind.Utf16):
        self.text = text
        self.encoding = encoding
        self.starts = [0] + [match.end() for match in _LINE_BREAK.finditer(text)]

    def line(self, index: int) -> str:
        """Line `index` (0-based) without its line break."""
        start = self.starts[index]
        end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def position(self, line: int, column: int) -> types.Position:
        """The LSP position of lint-cache's 1-based line and 1-based column (clamped to the text)."""
        index = min(max(line - 1, 0), len(self.starts) - 1)
        content = self.line(index)
        return types.Position(index, code_units(content[: min(max(column - 1, 0), len(content))], self.encoding))

    def offset(self, position: types.Position) -> int:
        """The character offset in the text of an LSP position (clamped to its line)."""
        if position.line >= len(self.starts):
            return len(self.text)
        content = self.line(position.line)
        return self.starts[position.line] + characters(content, position.character, self.encoding)

    def position_at(self, offset: int) -> types.Position:
        """The LSP position of a character offset in the text."""
        index = bisect.bisect_right(self.starts, offset) - 1
        return types.Position(index, code_units(self.text[self.starts[index] : offset], self.encoding))

    def range(self, diagnostic: Diagnostic) -> types.Range:
        start = self.position(diagnostic.line, diagnostic.column)
        if diagnostic.end_line < diagnostic.line or (
            diagnostic.end_line == diagnostic.line and diagnostic.end_column <= diagnostic.column
        ):
            # A place without extent (STC001): the rest of the line, so that editors can show it.
            end = types.Position(start.line, code_units(self.line(start.line), self.encoding))
            return types.Range(start, end if end.character > start.character else start)
        return types.Range(start, self.position(diagnostic.end_line, diagnostic.end_column))

    def edit_to(self, new_text: str) -> types.TextEdit:
        """One edit that turns this text into `new_text`: the part between their common start and
        common end replaced."""
        old = self.text
        prefix = 0
        limit = min(len(old), len(new_text))
        while prefix < limit and old[prefix] == new_text[prefix]:
            prefix += 1
        if prefix and old[prefix - 1] == "\r" and prefix < len(old) and old[prefix] == "\n":
            prefix -= 1  # never split a \r\n line break
        suffix = 0
        while suffix < limit - prefix and old[len(old) - 1 - suffix] == new_text[len(new_text) - 1 - suffix]:
            suffix += 1
        end = len(old) - suffix
        if suffix and old[end - 1] == "\r" and old[end] == "\n":
            suffix -= 1
            end += 1
        return types.TextEdit(
            types.Range(self.position_at(prefix), self.position_at(end)),
            new_text[prefix : len(new_text) - suffix],
        )


def rule_page_address(code: str) -> str:
    return reporters.rule_page_url(code)


def severity(diagnostic: Diagnostic) -> types.DiagnosticSeverity:
    """The rules decide: a finding is an error when it fails at run time on the target release
    (each rule's SEVERITY, or the finding's own for version-dependent ones), else a warning."""
    return types.DiagnosticSeverity.Error if diagnostic.severity == ERROR else types.DiagnosticSeverity.Warning


def to_lsp(diagnostic: Diagnostic, lines: Lines, uri: str) -> types.Diagnostic:
    """The LSP diagnostic; one without a code is about lint-cache itself (a bad configuration).
    Related information points at the places that explain it (the widget inside a helper)."""
    related = [
        types.DiagnosticRelatedInformation(
            types.Location(uri, types.Range(lines.position(line, column), lines.position(end_line, end_column))), what
        )
        for line, column, end_line, end_column, what in diagnostic.related
    ]
    return types.Diagnostic(
        range=lines.range(diagnostic),
        message=diagnostic.message,
        severity=severity(diagnostic),
        code=diagnostic.code or None,
        code_description=types.CodeDescription(href=rule_page_address(diagnostic.code)) if diagnostic.code else None,
        source=SOURCE,
        related_information=related or None,
    )


def contains(outer: types.Range, position: types.Position) -> bool:
    return (
        (outer.start.line, outer.start.character)
        <= (position.line, position.character)
        <= (
            outer.end.line,
            outer.end.character,
        )
    )


def overlaps(a: types.Range, b: types.Range) -> bool:
    return (a.start.line, a.start.character) <= (b.end.line, b.end.character) and (
        b.start.line,
        b.start.character,
    ) <= (a.end.line, a.end.character)
