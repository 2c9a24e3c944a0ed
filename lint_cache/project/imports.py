"""Where an import of the project's own modules leads, as Streamlit runs the app (design §1.8).

`streamlit run app.py` puts the script's folder on `sys.path`, and pages under `pages/` run with the
same path, so `from lib.caching import cached` in `pages/2_Chart.py` resolves from the app's root.
Packages import their siblings relatively, and a `src/` layout puts its packages under `src/`.
Only files inside the project are ever returned: never the standard library, a virtual
environment or site-packages, and nothing is imported or run.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Optional

# Folders whose presence marks the top of a project; the search for import roots stops there.
PROJECT_MARKERS = (".git", ".hg", ".svn", "pyproject.toml", "setup.cfg", "setup.py", "requirements.txt")
# Folders never searched for the project's modules.
NOT_PROJECT_FOLDERS = frozenset({"site-packages", "dist-packages", "node_modules", "__pycache__"})


@lru_cache(maxsize=4096)
def _is_dir(path: Path) -> bool:
    return path.is_dir()


@lru_cache(maxsize=16384)
def _is_file(path: Path) -> bool:
    return path.is_file()


def project_root(folder: Path) -> Path:
    """The nearest folder at or above `folder` that marks a project (a repository, a pyproject.toml,
    a requirements file); `folder` itself when there is none."""
    return _marked_folder(str(folder)) or folder


@lru_cache(maxsize=4096)
def _marked_folder(folder: str) -> Optional[Path]:
    # Each folder is looked at once, its parent's answer shared by all its children: pages of one
    # app, and folders outside any repository, walk up to the root only once.
    if any(os.path.exists(os.path.join(folder, marker)) for marker in PROJECT_MARKERS):
        return Path(folder)
    parent = os.path.dirname(folder)
    return _marked_folder(parent) if parent != folder else None


@lru_cache(maxsize=4096)
def import_roots(folder: Path) -> tuple[Path, ...]:
    """The folders a module in `folder` imports absolute names from, most specific first: its own
    folder (the entry script's), the app's root for a page in `pages/`, the folder above its
    package, the project's root and the root's `src/`."""
    roots = [folder]
    if folder.name == "pages":
        roots.append(folder.parent)
    package = folder
    while _is_file(package / "__init__.py") and package.parent != package:
        package = package.parent
    roots.append(package)
    top = project_root(folder)
    roots += [top, top / "src"]
    return tuple(dict.fromkeys(root for root in roots if _is_dir(root)))


def _module_file(base: Path, parts: list[str]) -> Optional[Path]:
    """`base/a/b.py` or `base/a/b/__init__.py` for parts ["a", "b"]."""
    if any(part in NOT_PROJECT_FOLDERS or not part.isidentifier() for part in parts):
        return None
    target = base.joinpath(*parts)
    if _is_file(target.with_name(target.name + ".py")):
        return target.with_name(target.name + ".py")
    if _is_file(target / "__init__.py"):
        return target / "__init__.py"
    return None


def module_file(importer: str, module: str, level: int = 0) -> Optional[Path]:
    """The project file that `from <level dots><module> import ...` in `importer` loads, or None
    when it is not one of the project's own modules (the standard library, an installed package)."""
    folder = Path(os.path.abspath(importer)).parent
    if any(part in NOT_PROJECT_FOLDERS for part in folder.parts) or _is_file(folder / "pyvenv.cfg"):
        return None
    parts = [part for part in module.split(".") if part] if module else []
    if level:
        base = folder
        for _ in range(level - 1):
            base = base.parent
        if not parts:  # `from . import x`: the package itself
            return base / "__init__.py" if _is_file(base / "__init__.py") else None
        return _module_file(base, parts)
    if not parts or parts[0] == "streamlit":  # Streamlit itself is never one of the project's modules
        return None
    for root in import_roots(folder):
        found = _module_file(root, parts)
        if found is not None and found != Path(os.path.abspath(importer)):
            return found
    return None
