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


# Paths are strings here: pathlib's objects cost more to make and hash than the lookups they serve,
# and every page of a run asks for the same few modules.
@lru_cache(maxsize=4096)
def _is_dir(path: str) -> bool:
    return os.path.isdir(path)


@lru_cache(maxsize=16384)
def _is_file(path: str) -> bool:
    return os.path.isfile(path)


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
def import_roots(folder: str) -> tuple[str, ...]:
    """The folders a module in `folder` imports absolute names from, most specific first: its own
    folder (the entry script's), the app's root for a page in `pages/`, the folder above its
    package, the project's root and the root's `src/`."""
    roots = [folder]
    if os.path.basename(folder) == "pages":
        roots.append(os.path.dirname(folder))
    package = folder
    while _is_file(os.path.join(package, "__init__.py")) and os.path.dirname(package) != package:
        package = os.path.dirname(package)
    roots.append(package)
    top = str(project_root(Path(folder)))
    roots += [top, os.path.join(top, "src")]
    return tuple(dict.fromkeys(root for root in roots if _is_dir(root)))


def _module_file(base: str, parts: list[str]) -> Optional[str]:
    """`base/a/b.py` or `base/a/b/__init__.py` for parts ["a", "b"]."""
    if any(part in NOT_PROJECT_FOLDERS or not part.isidentifier() for part in parts):
        return None
    target = os.path.join(base, *parts)
    if _is_file(target + ".py"):
        return target + ".py"
    if _is_file(os.path.join(target, "__init__.py")):
        return os.path.join(target, "__init__.py")
    return None


@lru_cache(maxsize=4096)
def _outside_project(folder: str) -> bool:
    """Whether `folder` belongs to an installed package or a virtual environment."""
    return any(part in NOT_PROJECT_FOLDERS for part in folder.split(os.sep)) or _is_file(
        os.path.join(folder, "pyvenv.cfg")
    )


def module_file(importer: str, module: str, level: int = 0, allow_self: bool = False) -> Optional[str]:
    """The project file that `from <level dots><module> import ...` in `importer` loads, or None
    when it is not one of the project's own modules (the standard library, an installed package).
    An absolute import never leads back to `importer` itself unless `allow_self`."""
    importer = os.path.abspath(importer)
    found = _located(os.path.dirname(importer), module, level)
    if found != importer or allow_self or level:
        return found
    # `import app` in app.py: the next root's module, if any.
    parts = module.split(".")
    for root in import_roots(os.path.dirname(importer)):
        found = _module_file(root, parts)
        if found is not None and found != importer:
            return found
    return None


@lru_cache(maxsize=16384)
def _located(folder: str, module: str, level: int) -> Optional[str]:
    """`module_file` for an importer in `folder`, where finding the importer itself is allowed: the
    pages of one folder ask this for the same few modules (the result cache asks it for every
    import of every file it answers for)."""
    if _outside_project(folder):
        return None
    parts = [part for part in module.split(".") if part] if module else []
    if level:
        base = folder
        for _ in range(level - 1):
            base = os.path.dirname(base)
        if not parts:  # `from . import x`: the package itself
            init = os.path.join(base, "__init__.py")
            return init if _is_file(init) else None
        return _module_file(base, parts)
    if not parts or parts[0] == "streamlit":  # Streamlit itself is never one of the project's modules
        return None
    for root in import_roots(folder):
        found = _module_file(root, parts)
        if found is not None:
            return found
    return None


def forget() -> None:
    """Look at the disk afresh: the answers above are kept for the process, and a long-lived one
    (the language server) sees modules, packages and project markers come and go."""
    for cached in (_is_dir, _is_file, _marked_folder, import_roots, _outside_project, _located):
        cached.cache_clear()


def resolve(importer: str, module: str, level: int) -> Optional[str]:
    """The project file an import in `importer` loads, as the linter resolves it: `module_file`,
    where an absolute import that finds `importer` itself goes on to the next root's module (a
    module does not import itself). The result cache asks again with this to check an entry."""
    found = module_file(importer, module, level, allow_self=True)
    if found == os.path.abspath(importer):
        return module_file(importer, module, level)
    return found


def resolved_alike(lookups: list, path: str) -> bool:
    """Whether every import resolution in `lookups` (`ProjectModules.lookups`: importer, module,
    level, answer) gives the same answer today, for the file at `path` (the importer "") and the
    modules it read. Entries that are not such resolutions count as changed."""
    for lookup in lookups:
        if not (isinstance(lookup, list) and len(lookup) == 4):
            return False
        importer, module, level, answer = lookup
        if not (
            isinstance(importer, str)
            and isinstance(module, str)
            and type(level) is int
            and 0 <= level < 1000
            and (answer is None or isinstance(answer, str))
        ):
            return False
        try:
            if resolve(importer or path, module, level) != answer:
                return False
        except (OSError, ValueError):
            return False
    return True
