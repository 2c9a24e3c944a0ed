"""`.gitignore` and `.ignore` files, as folder walks honour them (ruff and ripgrep do the same).

The patterns of a folder's files apply to the paths below it, with git's syntax and precedence (the
last matching pattern wins, a deeper file wins over a shallower one, `.ignore` over `.gitignore`
in the same folder), read by `pathspec`. Inside a git repository the files from its root down
apply; outside one, those from the folder being walked down.
"""

from __future__ import annotations

import os
from pathlib import PurePath
from typing import Optional

import pathspec

NAMES = (".gitignore", ".ignore")  # in increasing precedence


class IgnoreFiles:
    def __init__(self) -> None:
        self._specs: dict[str, Optional[pathspec.PathSpec]] = {}
        self._repository_roots: dict[str, Optional[str]] = {}

    def ignored(self, path: str, is_folder: bool, top: Optional[str] = None) -> bool:
        """Whether the ignore files hide `path`; `top` is the folder a walk started from."""
        absolute = os.path.abspath(path)
        decision = False
        for folder in self._folders_over(absolute, top):
            spec = self._spec(folder)
            if spec is None:
                continue
            relative = PurePath(os.path.relpath(absolute, folder)).as_posix() + ("/" if is_folder else "")
            result = spec.check_file(relative)
            if result.include is not None:
                decision = result.include
        return decision

    def _folders_over(self, absolute: str, top: Optional[str]) -> list[str]:
        """The folders whose ignore files apply to `absolute`, outermost first."""
        parent = os.path.dirname(absolute)
        start = self._repository_root(parent) or (os.path.abspath(top) if top is not None else parent)
        folders = []
        folder = parent
        while True:
            folders.append(folder)
            if folder == start or os.path.dirname(folder) == folder:
                break
            folder = os.path.dirname(folder)
        if folders[-1] != start:  # `absolute` is not below `start` (a path given outside the walk)
            return [parent]
        return folders[::-1]

    def _repository_root(self, folder: str) -> Optional[str]:
        if folder not in self._repository_roots:
            if os.path.exists(os.path.join(folder, ".git")):
                root: Optional[str] = folder
            elif os.path.dirname(folder) == folder:
                root = None
            else:
                root = self._repository_root(os.path.dirname(folder))
            self._repository_roots[folder] = root
        return self._repository_roots[folder]

    def _spec(self, folder: str) -> Optional[pathspec.PathSpec]:
        if folder not in self._specs:
            lines: list[str] = []
            for name in NAMES:
                try:
                    with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as handle:
                        lines.extend(handle.read().splitlines())
                except OSError:  # absent or unreadable: it hides nothing
                    continue
            self._specs[folder] = pathspec.GitIgnoreSpec.from_lines(lines) if lines else None
        return self._specs[folder]
