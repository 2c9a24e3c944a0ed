"""The Streamlit release a project deploys, read from its own requirement files (design §1.8).

Walking up from a linted file's folder to the repository root, the first folder that pins
Streamlit decides. In one folder a lock file wins (what is installed), then `requirements*.txt`
(with its `-r` / `-c` includes), `pyproject.toml` (`[project]` dependencies and optional
dependencies, `[dependency-groups]`, `[tool.poetry]` dependencies and groups), `setup.cfg` and
`environment.yml` (its pip entries). A specifier stands for the newest release lint-cache knows
that satisfies it, which is what pip would install. Nothing here runs or imports the project.
"""

from __future__ import annotations

import codecs
import configparser
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Union

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from lint_cache.knowledge import streamlit_api

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

LOCK_FILES = ("uv.lock", "poetry.lock", "pdm.lock", "Pipfile.lock")
REPOSITORY_MARKERS = (".git", ".hg", ".svn")
MAX_FILE_SIZE = 8 * 1024 * 1024  # a requirement file larger than this is not one
# The version clauses of one Streamlit requirement (`>=1.30,!=1.31.0,<2`): projects write a handful.
# Finding the newest release that satisfies them tests every release against every clause.
MAX_SPECIFIER_CLAUSES = 100
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class PinnedRelease:
    """The release a project pins, and where: `version` is capped at the newest release known."""

    version: Version
    source: Path  # the file that pins it
    requirement: str  # as written there, e.g. "streamlit[snowflake]==1.35.0"
    beyond_known: bool = False  # the pin is newer than the newest release lint-cache knows

    @property
    def release(self) -> str:
        """`1.35`: rules read minor releases, and the summary names them so."""
        return f"{self.version.major}.{self.version.minor}"


class UnreadableRequirements(ValueError):
    """A requirement file that cannot be read or parsed; the message names it."""


def newest_satisfying(specifier: SpecifierSet) -> Optional[Version]:
    """The newest release lint-cache knows (or that the specifier itself names) that `specifier`
    allows, as pip would pick it; None when none does."""
    named = []
    for clause in specifier:
        try:
            named.append(Version(clause.version.replace(".*", "")))
        except InvalidVersion:
            continue
    candidates = [*streamlit_api.KNOWN_RELEASES, *named]
    allowed = [version for version in candidates if not version.is_prerelease and version in specifier]
    return max(allowed, default=None)


# A release named by a file or a reference rather than a specifier: a wheel or sdist of Streamlit
# (`./streamlit-1.41.1-py2.py3-none-any.whl`, `https://.../streamlit-1.41.1.tar.gz`) or a tag of its
# repository (`git+https://github.com/streamlit/streamlit@1.41.1#subdirectory=lib`).
_ARCHIVE = re.compile(
    r"(?:^|[/\\=\s])streamlit(?:[-_]nightly)?-(?P<version>\d+\.\d+(?:\.\d+)?(?:\.?dev\d+)?)[-.]", re.I
)
_GIT_TAG = re.compile(r"git\+\S*/streamlit(?:\.git)?@v?(?P<version>\d+\.\d+(?:\.\d+)?)(?:[#\s]|$)", re.I)


def _named_release(text: str) -> Optional[SpecifierSet]:
    """`==X` for a Streamlit archive or repository tag that `text` names, else None."""
    match = _ARCHIVE.search(text) or _GIT_TAG.search(text)
    if match is None:
        return None
    try:
        return SpecifierSet(f"=={match.group('version')}")
    except InvalidSpecifier:
        return None


def _streamlit_specifier(line: str) -> Optional[tuple[SpecifierSet, str]]:
    """The specifier of a requirement line that names streamlit and applies here, else None. A
    local archive or a URL names its release in its file name or tag."""
    if "streamlit" not in line.lower():  # no spelling of the name lacks it; most lines are other packages
        return None
    # packaging's requirement parser and markers (15 ms) only when a line may name streamlit.
    from packaging.markers import InvalidMarker, UndefinedComparison, UndefinedEnvironmentName
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        requirement = Requirement(line)
    except InvalidRequirement:
        # A bare path or URL (`./streamlit-1.41.1-py3-none-any.whl`, `git+https://...@1.41.1`).
        named = _named_release(line.split(" #")[0].strip())
        return (named, line.strip()) if named is not None else None
    if not _is_streamlit(requirement.name):
        return None
    if requirement.url:
        named = _named_release(requirement.url)
        if named is None:
            return None  # a URL that names no release: nothing to check against
        requirement.specifier = named
    if requirement.marker is not None:
        try:
            if not requirement.marker.evaluate():
                return None
        except (InvalidMarker, UndefinedComparison, UndefinedEnvironmentName):
            pass  # a marker we cannot judge: the pin still says what the project deploys
    return requirement.specifier, line.strip()


def _is_streamlit(name: str) -> bool:
    """`streamlit`, or `streamlit-nightly`, whose builds precede a release (checked as that release)."""
    if "streamlit" not in name.lower():
        return False
    from packaging.utils import canonicalize_name

    return canonicalize_name(name) in ("streamlit", "streamlit-nightly")


def _requirement_lines(path: Path, seen: set[Path]) -> Iterator[str]:
    """The requirement lines of a requirements file and the files it includes (`-r`, `-c`), each
    include's lines where it is named. A loop, not recursion: a chain of includes thousands deep
    is read like any other."""
    stack = [_own_lines(path, seen)]
    while stack:
        line = next(stack[-1], None)
        if line is None:
            stack.pop()
        elif isinstance(line, Path):
            stack.append(_own_lines(line, seen))
        else:
            yield line


def _own_lines(path: Path, seen: set[Path]) -> Iterator[Union[str, Path]]:
    """The requirement lines of one file, and the files it includes (as paths, to be read there)."""
    resolved = path.resolve()
    if resolved in seen:
        return  # an include cycle
    seen.add(resolved)
    text = _read_text(path)
    # Backslash-continued lines join, as pip reads them; comments start at a `#` after a space.
    for raw in re.sub(r"\\\r?\n", " ", text).splitlines():
        line = re.sub(r"(^|\s)#.*", "", raw).strip()
        if not line:
            continue
        include = re.match(r"^(?:-r|--requirement|-c|--constraint)(?:\s+|=)(\S+)", line)
        if include:
            target = path.parent / include.group(1)
            try:
                found = target.is_file()
            except (OSError, ValueError) as error:  # a name too long for the file system, a NUL
                raise UnreadableRequirements(
                    f"{path}: {include.group(0)}: cannot be read ({getattr(error, 'strerror', None) or error})"
                ) from None
            if found:
                yield target
            continue
        if not line.startswith("-"):  # --index-url, -e and the like name no release
            yield re.sub(r"\s--hash[=\s]\S+", "", line)


def _read_text(path: Path, max_bytes: int = MAX_FILE_SIZE, limit: str = "8 MB") -> str:
    try:
        if path.stat().st_size > max_bytes:
            raise UnreadableRequirements(f"{path}: larger than {limit}, not read")
        data = path.read_bytes()
        # pip reads requirement files in UTF-16 and UTF-32 too when they start with a byte-order mark.
        for bom, encoding in _BOMS:
            if data.startswith(bom):
                return data[len(bom) :].decode(encoding)
        return data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UnreadableRequirements(f"{path}: cannot be read ({error})") from None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(_read_text(path))
    except (tomllib.TOMLDecodeError, RecursionError) as error:
        raise UnreadableRequirements(f"{path}: not valid TOML ({error})") from None


def _from_lines(lines: Iterable[str], path: Path) -> Optional[PinnedRelease]:
    for line in lines:
        found = _streamlit_specifier(line)
        if found is not None:
            return _pinned(found[0], found[1], path)
    return None


def _pinned(specifier: SpecifierSet, written: str, path: Path) -> Optional[PinnedRelease]:
    if len(specifier) > MAX_SPECIFIER_CLAUSES:
        raise UnreadableRequirements(
            f"{path}: its Streamlit requirement has {len(specifier):,} version clauses, more than the "
            f"{MAX_SPECIFIER_CLAUSES} lint-cache reads (MAX_SPECIFIER_CLAUSES)"
        )
    version = newest_satisfying(specifier) or _preceded_release(specifier)
    if version is None:
        return None
    if version > streamlit_api.LATEST_KNOWN:
        return PinnedRelease(streamlit_api.LATEST_KNOWN, path, written, beyond_known=True)
    return PinnedRelease(version, path, written)


def _preceded_release(specifier: SpecifierSet) -> Optional[Version]:
    """The release a pinned pre-release or nightly build precedes (`==1.41.1.dev20241201`: 1.41.1)."""
    for clause in specifier:
        if clause.operator in ("==", "==="):
            try:
                pinned = Version(clause.version)
            except InvalidVersion:
                continue
            if pinned.is_prerelease or pinned.is_devrelease:
                return Version(pinned.base_version)
    return None


def _locked(version: Any, path: Path) -> Optional[PinnedRelease]:
    """A lock file's exact version ("1.35.0", or Pipfile.lock's "==1.35.0")."""
    if not isinstance(version, str):
        return None
    text = version.strip().lstrip("=")
    try:
        return _pinned(SpecifierSet(f"=={text}"), f"streamlit {text}", path)
    except InvalidSpecifier:
        return None


def read_lock_file(path: Path) -> Optional[PinnedRelease]:
    if path.name == "Pipfile.lock":
        try:
            document = json.loads(_read_text(path))
        except (ValueError, RecursionError) as error:
            raise UnreadableRequirements(f"{path}: not valid JSON ({error})") from None
        for section in ("default", "develop"):
            packages = document.get(section) if isinstance(document, dict) else None
            entries = (
                [packages.get(name) for name in ("streamlit", "streamlit-nightly")]
                if isinstance(packages, dict)
                else []
            )
            entry = next((entry for entry in entries if entry is not None), None)
            if isinstance(entry, dict):
                return _locked(entry.get("version"), path)
        return None
    # uv.lock, poetry.lock and pdm.lock: [[package]] tables with a name and a version. Lock files run
    # to megabytes; only the table that names streamlit is parsed (it is a TOML document by itself).
    for table in re.split(r"^\[\[package\]\][ \t]*\r?$", _read_text(path), flags=re.MULTILINE)[1:]:
        if "streamlit" not in table:
            continue
        try:
            document = tomllib.loads("[[package]]" + table)
        except (tomllib.TOMLDecodeError, RecursionError) as error:
            raise UnreadableRequirements(f"{path}: not valid TOML ({error})") from None
        packages = document.get("package", [])
        for package in packages if isinstance(packages, list) else []:
            if isinstance(package, dict) and _is_streamlit(str(package.get("name", ""))):
                return _locked(package.get("version"), path)
    return None


def read_requirements_txt(path: Path) -> Optional[PinnedRelease]:
    return _from_lines(_requirement_lines(path, set()), path)


def poetry_specifier(constraint: str) -> Optional[SpecifierSet]:
    """Poetry's version constraint as a PEP 440 specifier: `^1.35`, `~1.35`, `1.35.0`, `*`, `>=1.30,<1.36`."""
    clauses = []
    for part in (piece.strip() for piece in re.split(r"[,\s]+(?=[<>=!~^*\d])", constraint.strip())):
        if not part or part == "*":
            continue
        if part[0] in "^~" and not part.startswith("~="):
            try:
                base = Version(part[1:].strip())
            except InvalidVersion:
                return None
            given = len(part[1:].strip().split("."))
            if part[0] == "^":  # up to the next change of the first non-zero component
                release = list(base.release) + [0] * (3 - len(base.release))
                index = next((i for i, number in enumerate(release[:given]) if number != 0), given - 1)
                upper = release[: index + 1]
            else:  # ~1.35 and ~1.35.2: up to the next minor; ~1: up to the next major
                upper = list(base.release[: 2 if given >= 2 else 1])
            upper[-1] += 1
            clauses += [f">={base}", "<" + ".".join(map(str, upper))]
        elif part[0].isdigit():
            clauses.append(f"=={part}")
        else:
            clauses.append(part)
    try:
        return SpecifierSet(",".join(clauses))
    except InvalidSpecifier:
        return None


def read_pyproject(path: Path) -> Optional[PinnedRelease]:
    document = _read_toml(path)
    project = document.get("project", {})
    lines: list[str] = []
    if isinstance(project, dict):
        lines += _strings(project.get("dependencies"))
        optional = project.get("optional-dependencies")
        for group in optional.values() if isinstance(optional, dict) else ():
            lines += _strings(group)
    groups = document.get("dependency-groups")  # PEP 735
    for group in groups.values() if isinstance(groups, dict) else ():
        lines += _strings(group)
    found = _from_lines(lines, path)
    if found is not None:
        return found
    poetry = document.get("tool", {}).get("poetry", {}) if isinstance(document.get("tool"), dict) else {}
    if not isinstance(poetry, dict):
        return None
    tables = [poetry.get("dependencies"), poetry.get("dev-dependencies")]
    poetry_groups = poetry.get("group")
    for group in poetry_groups.values() if isinstance(poetry_groups, dict) else ():
        tables.append(group.get("dependencies") if isinstance(group, dict) else None)
    for table in tables:
        if not isinstance(table, dict):
            continue
        for name, value in table.items():
            if not _is_streamlit(str(name)):
                continue
            constraint = value.get("version") if isinstance(value, dict) else value
            specifier = poetry_specifier(constraint) if isinstance(constraint, str) else None
            if specifier is not None:
                return _pinned(specifier, f"streamlit = {json.dumps(constraint)}", path)
    return None


def _strings(value: Any) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def read_setup_cfg(path: Path) -> Optional[PinnedRelease]:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(_read_text(path), source=str(path))
    except configparser.Error as error:
        raise UnreadableRequirements(f"{path}: not a valid setup.cfg ({error})") from None
    lines = parser.get("options", "install_requires", fallback="").splitlines()
    if parser.has_section("options.extras_require"):
        for _, value in parser.items("options.extras_require"):
            lines += value.splitlines()
    return _from_lines((line for line in lines if line.strip()), path)


# Conda environment files are a few kilobytes; PyYAML's pure-Python loader takes seconds a megabyte.
MAX_ENVIRONMENT_BYTES = 1024 * 1024
# A conda match spec: `[channel::]name[=version[=build]]` or `name version [build]`.
_CONDA_SPEC = re.compile(r"^(?:[\w.-]+::)?(?P<name>[\w.-]+)(?:\s*=\s*|\s+)(?P<version>[\d][\w.*+!]*)(?:[=\s].*)?$")


def read_environment_yml(path: Path) -> Optional[PinnedRelease]:
    import yaml  # PyYAML: only when a project has a conda environment file

    text = _read_text(path, MAX_ENVIRONMENT_BYTES, f"{MAX_ENVIRONMENT_BYTES} bytes (MAX_ENVIRONMENT_BYTES)")
    try:
        document = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml when built in
    except (yaml.YAMLError, RecursionError) as error:
        raise UnreadableRequirements(f"{path}: not valid YAML ({error})") from None
    dependencies = document.get("dependencies", []) if isinstance(document, dict) else []
    lines: list[str] = []
    # An alias (`pip: *shared`) is the list it names, not a copy: read once, however often it is
    # named, the lines stay as many as the file has.
    pip_lists_read: set[int] = set()
    for entry in dependencies if isinstance(dependencies, list) else []:
        if isinstance(entry, dict):
            pip = entry.get("pip")
            if id(pip) not in pip_lists_read:
                pip_lists_read.add(id(pip))
                lines += _strings(pip)
        elif isinstance(entry, str):
            lines.append(_conda_requirement(entry.strip()))
    return _from_lines(lines, path)


def _conda_requirement(entry: str) -> str:
    """A conda match spec as a requirement: `conda-forge::streamlit=1.31=py_0` and `streamlit 1.31`
    mean the release series 1.31 (`streamlit==1.31.*`), `streamlit=1.31.2` that release; anything
    with a comparison (`streamlit>=1.30`) is already one."""
    match = _CONDA_SPEC.match(entry)
    if match is None or "==" in entry or any(sign in entry for sign in "<>!"):
        return entry.split("::", 1)[-1]
    name, version = match.group("name"), match.group("version")
    exact = "*" in version or version.count(".") >= 2
    return f"{name}=={version}" if exact else f"{name}=={version}.*"


def _readers(folder: Path, files: frozenset[str]) -> Iterator[tuple[Path, Callable[[Path], Optional[PinnedRelease]]]]:
    """The requirement files of one folder (`files`: the names of its files), in the order in which
    they decide."""
    for name in LOCK_FILES:
        if name in files:
            yield folder / name, read_lock_file
    requirements = sorted(
        (name for name in files if name.startswith("requirements") and name.endswith(".txt")),
        key=lambda name: (name != "requirements.txt", name),
    )
    for name in requirements:
        yield folder / name, read_requirements_txt
    for name, read in (
        ("pyproject.toml", read_pyproject),
        ("setup.cfg", read_setup_cfg),
        ("environment.yml", read_environment_yml),
        ("environment.yaml", read_environment_yml),
    ):
        if name in files:
            yield folder / name, read


def _listing(folder: Path) -> tuple[frozenset[str], frozenset[str]]:
    """The names of a folder's files, and of all its entries: one look at the folder, where a
    lookup per candidate name cost a dozen system calls for each folder of a tree."""
    try:
        with os.scandir(folder) as entries:
            listed = [(entry.name, entry.is_file()) for entry in entries]
    except OSError:
        return frozenset(), frozenset()
    return frozenset(name for name, is_file in listed if is_file), frozenset(name for name, _ in listed)


def pinned_in(
    folder: Path, notes: Callable[[str], None], files: Optional[frozenset[str]] = None
) -> Optional[PinnedRelease]:
    """The release the requirement files of `folder` itself pin, or None."""
    for path, read in _readers(folder, _listing(folder)[0] if files is None else files):
        try:
            found = read(path)
        except UnreadableRequirements as error:
            notes(f"{error}; skipped while looking for the Streamlit release")
            continue
        if found is not None:
            return found
    return None


class ProjectReleases:
    """The pinned release for each folder, memoized, so a tree reads each requirement file once.
    Notes (files skipped, pins beyond the newest release known) are collected, each said once."""

    def __init__(self) -> None:
        self._by_folder: dict[Path, Optional[PinnedRelease]] = {}
        self.notes: list[str] = []

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def for_folder(self, folder: Path) -> Optional[PinnedRelease]:
        if folder not in self._by_folder:
            files, entries = _listing(folder)
            found = pinned_in(folder, self.note, files)
            at_root = any(marker in entries for marker in REPOSITORY_MARKERS) or folder.parent == folder
            if found is None and not at_root:
                found = self.for_folder(folder.parent)
            if found is not None and found.beyond_known:
                self.note(
                    f"{found.source}: `{found.requirement}` is newer than the newest Streamlit release lint-cache "
                    f"knows; checking as {streamlit_api.LATEST_KNOWN}"
                )
            self._by_folder[folder] = found
        return self._by_folder[folder]
