"""Jupyter notebooks (`.ipynb`): their code cells linted as one module, positions per cell, fixes
written back into the notebook's JSON.

The code cells are joined in order, so that `import streamlit as st` in one cell counts in the next,
with a comment line between cells that marks the boundary. IPython syntax is not Python: a line
magic or shell escape (`%pip install x`, `!ls`) becomes a `pass` statement that remembers it, a cell
magic (`%%bash`) makes the whole cell opaque; both are put back unchanged when fixes are written.
Cells are numbered as the notebook shows them, counting every cell, markdown included. A notebook
whose kernel is not Python is not linted, and the run says so.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, replace
from typing import Any, Optional

NOTEBOOK_SUFFIX = ".ipynb"

_BOUNDARY = "# lint-cache: notebook cell {}"
_BOUNDARY_LINE = re.compile(r"^# lint-cache: notebook cell (\d+)$")
_MAGIC = re.compile(r"^(?P<indent>[ \t]*)(?P<magic>[%!].*|\S.*\?\??)$")
_MAGIC_PLACEHOLDER = re.compile(r"^(?P<indent>[ \t]*)pass  # lint-cache: magic (?P<index>\d+)$")


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

    @classmethod
    def parse(cls, data: bytes) -> Notebook:
        try:
            document = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as error:
            raise NotANotebook(f"it is not valid notebook JSON: {error}") from None
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

    def _joined(self) -> str:
        parts = []
        for index in self.code_cells:
            parts.append(_BOUNDARY.format(index + 1) + "\n")
            source = self.source_of(index)
            lines = source.splitlines()
            opaque = bool(lines) and lines[0].lstrip().startswith("%%")
            for line in lines:
                match = None if opaque else _MAGIC.match(line)
                if opaque or (match and _is_ipython(match.group("magic"))):
                    indent = "" if opaque else match.group("indent")
                    parts.append(f"{indent}pass  # lint-cache: magic {len(self.magics)}\n")
                    self.magics.append(line)
                else:
                    parts.append(line + "\n")
        return "".join(parts)

    def place(self, text: str, line: int) -> tuple[int, int]:
        """(cell number, line in the cell) of `line` of the joined `text`; (0, line) before any cell."""
        cell, first = 0, 0
        for number, content in enumerate(text.splitlines()[:line], start=1):
            boundary = _BOUNDARY_LINE.match(content)
            if boundary:
                cell, first = int(boundary.group(1)), number
        return (cell, line - first) if cell else (0, line)

    def cell_sources(self, text: str) -> dict[int, str]:
        """Each code cell's source (by index in the notebook) from a joined `text`, IPython lines restored."""
        sources: dict[int, list[str]] = {}
        # Text a fix put above the first cell's boundary (none of ours does) goes into the first cell.
        before_first: list[str] = []
        current: Optional[list[str]] = None
        for line in text.splitlines():
            boundary = _BOUNDARY_LINE.match(line)
            if boundary:
                current = sources.setdefault(int(boundary.group(1)) - 1, before_first if current is None else [])
                continue
            if current is None:
                before_first.append(line)
                continue
            placeholder = _MAGIC_PLACEHOLDER.match(line)
            current.append(self.magics[int(placeholder.group("index"))] if placeholder else line)
        result = {}
        for index, lines in sources.items():
            original = self.source_of(index)
            joined = "\n".join(lines)
            result[index] = joined + "\n" if original.endswith("\n") and lines else joined
        return result

    def with_sources(self, sources: dict[int, str], original: bytes) -> bytes:
        """The notebook's JSON with the code cells' sources replaced, written as the original was
        (indentation, ASCII escaping, final newline), in the list-of-lines form nbformat uses."""
        for index, source in sources.items():
            cell = self.document["cells"][index]
            if self.source_of(index) == source:
                continue
            cell["source"] = source.splitlines(keepends=True) if isinstance(cell.get("source"), list) else source
        text = original.decode("utf-8-sig")
        indent = _indentation(text)
        dumped = json.dumps(self.document, indent=indent, ensure_ascii=text.isascii() and "\\u" in text)
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
                        _with_final_newline(before).splitlines(keepends=True),
                        _with_final_newline(source).splitlines(keepends=True),
                        fromfile=f"a/{path}:cell {index + 1}",
                        tofile=f"b/{path}:cell {index + 1}",
                    )
                )
        return "".join(parts)


def _is_ipython(line: str) -> bool:
    # `x?` is help only on a line of its own; a Python line never ends in `?`.
    return line.startswith(("%", "!")) or line.endswith("?")


def _indentation(text: str) -> Optional[int]:
    lines = text.splitlines()
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
    from lint_cache.engine import lint_text, syntax_error_diagnostic
    from lint_cache.fixes.fixer import fix_text
    from lint_cache.frontends.cli.runner import DIFF, FIX, REPORT, FileReport
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
        checked = lint_text(notebook.text, path, settings, with_fixes=False)
        return FileReport(
            path,
            in_cells(notebook, notebook.text, checked.diagnostics),
            dependencies=checked.dependencies,
            lookups=checked.lookups,
        )
    result = fix_text(notebook.text, path, settings, unsafe=unsafe_fixes)
    report = FileReport(path, in_cells(notebook, result.text, result.remaining), result.error, len(result.fixed))
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
            message = str(error) if isinstance(error, files.LeftAlone) else f"{path}: cannot write the fixed file: {error}"
            found = in_cells(notebook, notebook.text, result.fixed) + report.diagnostics
            return FileReport(path, sorted(found), message)
    return report
