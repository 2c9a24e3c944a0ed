"""Jupyter notebooks (`.ipynb`): their code cells linted as one module, positions per cell, fixes
written back into the notebook's JSON.

The code cells are joined in order, so that `import streamlit as st` in one cell counts in the next,
with a comment line between cells that marks the boundary. IPython syntax is not Python: a line
magic or shell escape (`%pip install x`, `!ls`) or a help line (`df?`) becomes a `pass` statement
that remembers it, a cell magic (`%%bash`) makes the whole cell opaque; both are put back unchanged
when fixes are written. Those comments carry a tag that no code cell of the notebook contains, so
that a cell's own comments are never taken for them. Lines are Python's: form feeds, U+2028 and
the like inside a string or a comment end no line. Fixes rewrite only the `source` of the cells
they change; every other byte of the JSON stays as it was.
Cells are numbered as the notebook shows them, counting every cell, markdown included. A notebook
whose kernel is not Python is not linted, and the run says so.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, replace
from typing import Any, Iterator, Optional

from lint_cache.frontends.cli.file_report import DIFF, FIX, REPORT, FileReport, fixed_codes

NOTEBOOK_SUFFIX = ".ipynb"

# The boundary and magic placeholders are comments, which a cell can contain too: each notebook's
# are made with a tag that none of its code cells contains (`_tag`), so that none is taken for ours.
_TAG = "lint-cache"
# IPython's help: `name?`, `name??`, `?name`, `??name` on a line of its own (`np.*load*?` included).
_HELP = re.compile(r"(?:\?{1,2}[\w.*]+|[\w.*]+\?{1,2})")
# Python's own line ends: other characters that `str.splitlines` splits at (form feed, U+2028,
# U+0085, \x1c...) are inside a line for Python, in a string or a comment.
_LINE_END = re.compile(r"\r\n|\r|\n")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def _lines(text: str) -> list[str]:
    """`text`'s lines, without their ends, split where Python ends a line."""
    lines = _LINE_END.split(text)
    return lines[:-1] if lines and lines[-1] == "" else lines


def _lines_with_ends(text: str) -> list[str]:
    return _LINE.findall(text)


class NotANotebook(Exception):
    """The file is not a notebook lint-cache can read; the message says why."""


def is_notebook(path: str) -> bool:
    return path.lower().endswith(NOTEBOOK_SUFFIX)


@dataclass
class Notebook:
    document: dict[str, Any]
    code_cells: list[int]  # indices in document["cells"] of the code cells, in order
    magics: list[str]  # the IPython lines replaced by placeholders, by placeholder index
    text: str  # the code cells joined, as Python
    tag: str = _TAG  # of the placeholders, in no code cell of this notebook

    @classmethod
    def parse(cls, data: bytes) -> Notebook:
        try:
            document = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as error:
            raise NotANotebook(f"it is not valid notebook JSON: {error}") from None
        except RecursionError:
            raise NotANotebook("its JSON is nested too deeply to read") from None
        cells = document.get("cells") if isinstance(document, dict) else None
        if not isinstance(cells, list) or not all(isinstance(cell, dict) for cell in cells):
            raise NotANotebook("it has no list of cells (nbformat 4)")
        code_cells = [index for index, cell in enumerate(cells) if cell.get("cell_type") == "code"]
        for index in code_cells:
            source = cells[index].get("source", "")
            if not isinstance(source, str) and not (
                isinstance(source, list) and all(isinstance(part, str) for part in source)
            ):
                raise NotANotebook(f"cell {index + 1} has a source that is not text")
        notebook = cls(document, code_cells, [], "")
        notebook.tag = notebook._tag()
        notebook.text = notebook._joined()
        return notebook

    def language(self) -> Optional[str]:
        """The kernel's language as the metadata gives it, lower-cased, or None."""
        metadata = self.document.get("metadata")
        if not isinstance(metadata, dict):
            return None
        for key, field_name in (("kernelspec", "language"), ("language_info", "name")):
            table = metadata.get(key)
            if isinstance(table, dict) and isinstance(table.get(field_name), str):
                return table[field_name].lower()
        return None

    def source_of(self, index: int) -> str:
        source = self.document["cells"][index].get("source", "")
        return source if isinstance(source, str) else "".join(source)

    def _tag(self) -> str:
        """`lint-cache`, or `lint-cache-2`, `-3`...: the first that no code cell contains, so that a
        comment of the notebook's own is never taken for a cell boundary or a magic."""
        sources = "\n".join(self.source_of(index) for index in self.code_cells)
        tag, number = _TAG, 1
        while tag in sources:
            number += 1
            tag = f"{_TAG}-{number}"
        return tag

    def _boundary(self, index: int) -> str:
        return f"# {self.tag}: notebook cell {index + 1}"

    def _boundary_index(self, line: str) -> Optional[int]:
        """The cell index (in the notebook) of a boundary line, or None."""
        prefix = f"# {self.tag}: notebook cell "
        if line.startswith(prefix) and line[len(prefix) :].isdigit():
            index = int(line[len(prefix) :]) - 1
            cells = self.document["cells"]
            return index if 0 <= index < len(cells) and cells[index].get("cell_type") == "code" else None
        return None

    def _magic_index(self, line: str) -> Optional[int]:
        marker = f"pass  # {self.tag}: magic "
        stripped = line.lstrip(" \t")
        if stripped.startswith(marker) and stripped[len(marker) :].isdigit():
            number = int(stripped[len(marker) :])
            return number if number < len(self.magics) else None
        return None

    def _joined(self) -> str:
        parts = []
        for index in self.code_cells:
            parts.append(self._boundary(index) + "\n")
            lines = _lines(self.source_of(index))
            opaque = bool(lines) and lines[0].lstrip().startswith("%%")
            for line in lines:
                stripped = line.lstrip(" \t")
                if opaque or _is_ipython(stripped):
                    indent = "" if opaque else line[: len(line) - len(stripped)]
                    parts.append(f"{indent}pass  # {self.tag}: magic {len(self.magics)}\n")
                    self.magics.append(line)
                else:
                    parts.append(line + "\n")
        return "".join(parts)

    def place(self, text: str, line: int) -> tuple[int, int]:
        """(cell number, line in the cell) of `line` of the joined `text`; (0, line) before any cell.
        A line on a boundary (a finding about the whole text) is the cell's first line."""
        cell, first = 0, 0
        for number, content in enumerate(_lines(text)[:line], start=1):
            boundary = self._boundary_index(content)
            if boundary is not None:
                cell, first = boundary + 1, number
        return (cell, max(line - first, 1)) if cell else (0, line)

    def cell_sources(self, text: str) -> dict[int, str]:
        """Each code cell's source (by index in the notebook) from a joined `text`, IPython lines
        restored; a cell the text leaves as it was keeps its source exactly (its line ends too)."""
        sources: dict[int, list[str]] = {}
        # Text a fix put above the first cell's boundary (none of ours does) goes into the first cell.
        before_first: list[str] = []
        current: Optional[list[str]] = None
        for line in _lines(text):
            boundary = self._boundary_index(line)
            if boundary is not None:
                current = sources.setdefault(boundary, before_first if current is None else [])
                continue
            if current is None:
                before_first.append(line)
                continue
            magic = self._magic_index(line)
            current.append(self.magics[magic] if magic is not None else line)
        result = {}
        for index, lines in sources.items():
            original = self.source_of(index)
            joined = "\n".join(lines)
            joined = joined + "\n" if original.endswith(("\n", "\r")) and lines else joined
            if joined == _LINE_END.sub("\n", original):
                result[index] = original  # unchanged: not even its line ends are rewritten
                continue
            ends = _LINE_END.findall(original)
            if ends and all(end == ends[0] for end in ends) and ends[0] != "\n":
                joined = joined.replace("\n", ends[0])  # a CRLF cell stays CRLF
            result[index] = joined
        return result

    def with_sources(self, sources: dict[int, str], original: bytes) -> bytes:
        """The notebook's JSON with the code cells' sources replaced: only the `source` values of
        the cells that changed are written anew, in the form each had (a string, or nbformat's list
        of lines laid out as it was); every other byte stays as it was."""
        text = original.decode("utf-8-sig")
        ascii_only = text.isascii() and "\\u" in text
        changed = {index: source for index, source in sources.items() if self.source_of(index) != source}
        spans = _source_spans(text) if changed else {}
        if any(index not in spans for index in changed):
            return self._dumped(changed, original)  # a cell without a `source` key (never ours to fix)
        pieces, at = [], 0
        for index in sorted(changed, key=lambda index: spans[index][0]):
            start, end = spans[index]
            pieces += [text[at:start], _dumped_source(changed[index], text[start:end], ascii_only)]
            at = end
        pieces.append(text[at:])
        return (b"\xef\xbb\xbf" if original.startswith(b"\xef\xbb\xbf") else b"") + "".join(pieces).encode("utf-8")

    def _dumped(self, changed: dict[int, str], original: bytes) -> bytes:
        """The whole document written anew, as nbformat writes it: the fallback of `with_sources`."""
        for index, source in changed.items():
            cell = self.document["cells"][index]
            cell["source"] = _lines_with_ends(source) if isinstance(cell.get("source"), list) else source
        text = original.decode("utf-8-sig")
        dumped = json.dumps(self.document, indent=_indentation(text), ensure_ascii=text.isascii() and "\\u" in text)
        if text.endswith("\n"):
            dumped += "\n"
        return (b"\xef\xbb\xbf" if original.startswith(b"\xef\xbb\xbf") else b"") + dumped.encode("utf-8")

    def diff(self, sources: dict[int, str], path: str) -> str:
        parts = []
        for index, source in sources.items():
            before = self.source_of(index)
            if before != source:
                parts.extend(
                    difflib.unified_diff(
                        _lines_with_ends(_with_final_newline(before)),
                        _lines_with_ends(_with_final_newline(source)),
                        fromfile=f"a/{path}:cell {index + 1}",
                        tofile=f"b/{path}:cell {index + 1}",
                    )
                )
        return "".join(parts)


def _is_ipython(stripped: str) -> bool:
    """Whether a line (without its indentation) is IPython's: a magic, a shell escape, or help
    (`x?` on a line of its own; a comment that ends in `?` is Python)."""
    return stripped.startswith(("%", "!")) or _HELP.fullmatch(stripped.rstrip()) is not None


_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")


def _items(text: str, at: int) -> Iterator[tuple[Optional[str], int, int]]:
    """The members of the JSON object (`{`) or elements of the array (`[`) at `at`: (key or None,
    start, end) of each value. The text is known to be valid JSON (it was parsed)."""
    closing = "}" if text[at] == "{" else "]"
    at = _SPACE.match(text, at + 1).end()
    while text[at] != closing:
        key = None
        if closing == "}":
            key, at = _DECODER.raw_decode(text, at)
            at = _SPACE.match(text, at).end() + 1  # the colon
            at = _SPACE.match(text, at).end()
        _, end = _DECODER.raw_decode(text, at)
        yield key, at, end
        at = _SPACE.match(text, end).end()
        if text[at] == ",":
            at = _SPACE.match(text, at + 1).end()


def _source_spans(text: str) -> dict[int, tuple[int, int]]:
    """Where each cell's `source` value is in the notebook's JSON text, by cell index (the last of
    duplicate keys, as `json.loads` reads them)."""
    start = _SPACE.match(text).end()
    cells = None
    for key, value_start, _ in _items(text, start):
        if key == "cells":
            cells = value_start
    spans: dict[int, tuple[int, int]] = {}
    if cells is None or text[cells] != "[":
        return spans
    for index, (_, cell_start, _) in enumerate(_items(text, cells)):
        for key, value_start, value_end in _items(text, cell_start):
            if key == "source":
                spans[index] = (value_start, value_end)
    return spans


def _dumped_source(source: str, before: str, ascii_only: bool) -> str:
    """`source` as JSON in the form of the value `before` it replaces: a string, or a list of lines
    with the same layout (the space after `[`, between lines and before `]`)."""
    if not before.startswith("["):
        return json.dumps(source, ensure_ascii=ascii_only)
    lines = [json.dumps(line, ensure_ascii=ascii_only) for line in _lines_with_ends(source)]
    elements = list(_items(before, 0))
    if not lines:
        return "[]"
    if not elements:
        return "[" + ", ".join(lines) + "]"
    first_start, last_end = elements[0][1], elements[-1][2]
    opening, closing = before[1:first_start], before[last_end:-1]
    separator = before[elements[0][2] : elements[1][1]] if len(elements) > 1 else "," + (opening or " ")
    return "[" + opening + separator.join(lines) + closing + "]"


def _indentation(text: str) -> Optional[int]:
    lines = text.split("\n")
    if len(lines) < 2:
        return None
    return len(lines[1]) - len(lines[1].lstrip(" "))


def _with_final_newline(text: str) -> str:
    return text if not text or text.endswith("\n") else text + "\n"


def in_cells(notebook: Notebook, text: str, diagnostics: list) -> list:
    """The diagnostics of the joined `text` with their lines counted in their cells."""
    placed = []
    for diagnostic in diagnostics:
        cell, line = notebook.place(text, diagnostic.line)
        end_line = diagnostic.end_line - (diagnostic.line - line) if diagnostic.end_line else 0
        placed.append(replace(diagnostic, line=line, end_line=end_line, cell=cell))
    return placed


def lint_notebook(source, settings, mode: str, unsafe_fixes: bool):
    """`runner.lint_source` for a notebook: a FileReport with the code cells' findings, the fixes
    written into the JSON (FIX) or shown per cell (DIFF)."""
    from lint_cache.engine import check_file, fix_text, syntax_error_diagnostic
    from lint_cache.project import files

    path = source.path
    try:
        notebook = Notebook.parse(source.data)
    except NotANotebook as error:
        diagnostic = syntax_error_diagnostic(path, 1, 1, f"cannot read the notebook: {error}", settings)
        return FileReport(path, [diagnostic] if diagnostic else [])
    language = notebook.language()
    if language not in (None, "python"):
        return FileReport(path, note=f"{path}: not linted: the notebook's language is {language}, not Python")
    if mode == REPORT:
        # check_file: a notebook of much code is checked in a child process, as a .py file is
        diagnostics, dependencies, lookups = check_file(notebook.text, path, settings, with_fixes=False)
        return FileReport(
            path, in_cells(notebook, notebook.text, diagnostics), dependencies=dependencies, lookups=lookups
        )
    result = fix_text(notebook.text, path, settings, unsafe=unsafe_fixes)
    report = FileReport(
        path, in_cells(notebook, result.text, result.remaining), result.error, fixed_codes=fixed_codes(result.fixed)
    )
    if result.text == notebook.text:
        return report
    sources = notebook.cell_sources(result.text)
    if mode == DIFF:
        report.diff = notebook.diff(sources, path)
    elif mode == FIX:
        try:
            files.replace_contents(path, notebook.with_sources(sources, source.data), expected=source.data)
        except (files.LeftAlone, OSError) as error:
            # Nothing was written: the notebook still has every finding the fixes would have mended.
            message = (
                str(error) if isinstance(error, files.LeftAlone) else f"{path}: cannot write the fixed file: {error}"
            )
            found = in_cells(notebook, notebook.text, result.fixed) + report.diagnostics
            return FileReport(path, sorted(found), message)
    return report
