"""The source lines that reports quote (the `full` format) or measure (rdjson's byte columns, the
fingerprints), read once per file, as the file is now (after `--fix`, that is the fixed text)."""

from __future__ import annotations

from typing import Optional

from lint_cache.frontends.cli import notebooks
from lint_cache.project import files


class SourceLines:
    def __init__(self) -> None:
        self._lines: dict[tuple[str, int], Optional[list[str]]] = {}

    def lines(self, path: str, cell: int = 0) -> Optional[list[str]]:
        """The lines of `path` (of its code cell `cell` in a notebook), or None when unreadable."""
        key = (path, cell)
        if key not in self._lines:
            self._lines[key] = _read(path, cell)
        return self._lines[key]

    def line(self, path: str, line: int, cell: int = 0) -> Optional[str]:
        lines = self.lines(path, cell)
        if lines is None or not 1 <= line <= len(lines):
            return None
        return lines[line - 1]


def _read(path: str, cell: int) -> Optional[list[str]]:
    try:
        source = files.read(path)
        if cell:
            notebook = notebooks.Notebook.parse(source.data)
            return notebook.source_of(cell - 1).splitlines()
        text, _ = source.decode()
    except (files.UnreadableFile, notebooks.NotANotebook, IndexError):
        return None
    return text.splitlines()
