"""When a module's top level runs (design §1.11).

The entry script and each page run top to bottom on every rerun. A module they import runs once
per process: Python keeps it in `sys.modules`, so its module-level names are set once, by the first
session that imported it. A file reruns when it is a page (in a `pages/` folder, or the target of
`st.Page("...")` in one of the project's modules) or when none of the project's modules imports it
(an entry script); otherwise it runs once.

The project's files are read as text (never parsed or run): their import lines and `st.Page`
targets, once per project root and process, and only when a rule asks.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from lint_cache.project import imports
from lint_cache.project.files import SKIPPED_FOLDERS, read_regular
from lint_cache.source import prefilter

# A tree with more Python files than this is not indexed (every file counts as rerun): the walk stops
# there, so a file outside any project, in a folder like /tmp, costs a bounded look.
MAX_FILES = 5_000
MAX_FILE_BYTES = 1_000_000
_PLAIN_IMPORT = re.compile(r"^[ \t]*import[ \t]+([\w.]+(?:[ \t]*,[ \t]*[\w.]+)*)", re.M)
_PAGE_TARGET = re.compile(r"\bPage\(\s*(?:page\s*=\s*)?[rR]?[\"']([^\"'\n]+\.py)[\"']")


@dataclass
class ProjectImports:
    """Which of a project's files its modules import, and which are pages."""

    importers: dict[str, list[str]] = field(default_factory=dict)  # imported file -> files importing it
    pages: set[str] = field(default_factory=set)
    complete: bool = True  # False when the tree was too large to index


class RunModel:
    """Answers, per file, whether its top level runs on every rerun, from one index per project root."""

    def __init__(self) -> None:
        self._by_root: dict[Path, ProjectImports] = {}

    def reruns(self, path: str) -> tuple[bool, list[str]]:
        """(True when the file's top level runs on every rerun, the files the answer was read from)."""
        path = os.path.abspath(path)
        folder = os.path.dirname(path)
        if os.path.basename(folder) == "pages":
            return True, []
        index = self._index(imports.project_root(Path(folder)))
        if not index.complete or path in index.pages:
            return True, []
        importers = index.importers.get(path, [])
        return not importers, importers

    def _index(self, root: Path) -> ProjectImports:
        if root not in self._by_root:
            self._by_root[root] = _index_project(root)
        return self._by_root[root]


def _index_project(root: Path) -> ProjectImports:
    index = ProjectImports()
    files = []
    for path in _python_files(root):
        files.append(path)
        if len(files) > MAX_FILES:
            index.complete = False
            return index
    for importer in files:
        text = _read(importer)
        if text is None:
            continue
        for imported in _imported_files(importer, text):
            if imported != importer:
                index.importers.setdefault(imported, []).append(importer)
        if "Page(" in text:
            folder = os.path.dirname(importer)
            for target in _PAGE_TARGET.findall(text):
                index.pages.add(os.path.normpath(os.path.join(folder, target)))
    return index


def _python_files(root: Path):
    for folder, folders, names in os.walk(root):
        folders[:] = sorted(name for name in folders if not name.startswith(".") and name not in SKIPPED_FOLDERS)
        for name in sorted(names):
            if name.endswith(".py"):
                yield os.path.join(folder, name)


def _read(path: str):
    try:
        data = read_regular(path, MAX_FILE_BYTES)
    except OSError:  # unreadable, too large, or no regular file (a FIFO would block)
        return None
    return data.decode("utf-8", "replace") if b"import" in data else None


def _imported_files(importer: str, text: str):
    """The project files `importer`'s import lines load: `import a.b`, `from a import b` (module a, or
    the submodule a/b.py), relative imports."""
    for match in _PLAIN_IMPORT.finditer(text):
        for module in match.group(1).split(","):
            found = imports.module_file(importer, module.strip())
            if found is not None:
                yield found
    for module, level, name, _ in prefilter.imports(text):
        found = imports.module_file(importer, module, level)
        if found is not None:
            yield found
        if name and name != "*":
            submodule = imports.module_file(importer, f"{module}.{name}" if module else name, level)
            if submodule is not None:
                yield submodule
