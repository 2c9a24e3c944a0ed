"""The configuration: finding it, checking it, and putting the command line on top.

Each linted file takes its settings from the nearest folder above it with a `.lint-cache.toml` or
`lint-cache.toml` (top-level keys), or a `pyproject.toml` with a `[tool.lint-cache]` table, in that
order of preference (as ruff does), or from the one file given with `--config`. `extend = "PATH"`
reads another configuration file first and overrides it. Options given on the command line (or to
flake8) win over the file; the rule selection is layered (`lint_cache.selection`). Paths in
`exclude` and `per-file-ignores` are relative to the folder of the file that sets them.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath
from typing import Any, Iterable, Iterator, Optional

from lint_cache import selection
from lint_cache.project.pinned_release import PinnedRelease, ProjectReleases
from lint_cache.project.server_config import CacheDataBudget, ServerConfigs
from lint_cache.settings import (
    DEFAULT_MAX_ESTIMATED_ENTRIES,
    Settings,
    SettingsError,
    parse_entry_limit,
    parse_size,
    parse_version,
    parse_widget_names,
    target_version,
)

SECTION = "tool.lint-cache"
# The files that configure a folder, most preferred first; the dedicated ones hold top-level keys.
DEDICATED_FILES = (".lint-cache.toml", "lint-cache.toml")
PYPROJECT = "pyproject.toml"
KEYS = (
    "extend",
    "streamlit-version",
    "select",
    "ignore",
    "extend-select",
    "extend-ignore",
    "per-file-ignores",
    "extend-per-file-ignores",
    "exclude",
    "extend-exclude",
    "max-estimated-entries",
    "entry-size",
    "extra-widgets",
)


class ConfigError(SettingsError):
    """A configuration file that cannot be read or holds a bad value; the message names the file."""


@dataclass(frozen=True)
class Options:
    """The settings given in one place, a config file or the command line; None where not given."""

    streamlit_version: Optional[str] = None
    select: Optional[tuple[str, ...]] = None
    ignore: Optional[tuple[str, ...]] = None
    extend_select: Optional[tuple[str, ...]] = None
    extend_ignore: Optional[tuple[str, ...]] = None
    max_estimated_entries: Optional[int] = None
    entry_size: Optional[int] = None
    extra_widgets: Optional[frozenset[str]] = None

    @property
    def selection(self) -> selection.Layer:
        return selection.Layer(self.select, self.ignore, self.extend_select, self.extend_ignore)


@dataclass(frozen=True)
class Config:
    """One configuration file's settings, checked, over those of the file it extends (`base`)."""

    path: Optional[Path]  # None: no config file applies
    options: Options = field(default_factory=Options)
    per_file_ignores: Optional[tuple[tuple[str, tuple[str, ...]], ...]] = None  # (glob, codes); None: not set
    exclude: Optional[tuple[str, ...]] = None  # None: not set here
    # The `extend-` forms add to what the chain sets, as ruff's do: every file of the chain counts.
    extend_per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    extend_exclude: tuple[str, ...] = ()
    base: Optional[Config] = None

    @property
    def root(self) -> Path:
        """The folder that relative globs start from."""
        return self.path.parent if self.path is not None else Path.cwd()

    @property
    def chain(self) -> tuple[Config, ...]:
        """This config and the ones it extends, the base first."""
        return (*(self.base.chain if self.base is not None else ()), self)

    @property
    def files(self) -> tuple[Path, ...]:
        return tuple(config.path for config in self.chain if config.path is not None)

    def _setter_of(self, name: str) -> Optional[Config]:
        """The config of the chain whose own `name` applies: the nearest one that sets it."""
        return next((config for config in reversed(self.chain) if getattr(config, name) is not None), None)

    def excludes(self, path: str, files: Optional[FileOptions] = None) -> bool:
        """Whether `exclude` or `extend-exclude` leaves `path` out; `files`, the command line's, win."""
        return any(matches(pattern, path, root) for pattern, root in self._excludes(files or NO_FILE_OPTIONS))

    def _excludes(self, files: FileOptions) -> Iterator[tuple[str, Path]]:
        if files.exclude is not None:
            yield from ((pattern, files.root) for pattern in files.exclude)
        else:
            setter = self._setter_of("exclude")
            if setter is not None:
                yield from ((pattern, setter.root) for pattern in setter.exclude)
        for config in self.chain:
            yield from ((pattern, config.root) for pattern in config.extend_exclude)
        yield from ((pattern, files.root) for pattern in files.extend_exclude)

    def ignored_in(self, path: str, files: Optional[FileOptions] = None) -> tuple[str, ...]:
        """The codes `per-file-ignores` and `extend-per-file-ignores` drop for `path`."""
        return tuple(
            code
            for pattern, codes, root in self._per_file_ignores(files or NO_FILE_OPTIONS)
            if matches(pattern, path, root)
            for code in codes
        )

    def _per_file_ignores(self, files: FileOptions) -> Iterator[tuple[str, tuple[str, ...], Path]]:
        if files.per_file_ignores is not None:
            yield from ((pattern, codes, files.root) for pattern, codes in files.per_file_ignores)
        else:
            setter = self._setter_of("per_file_ignores")
            if setter is not None:
                yield from ((pattern, codes, setter.root) for pattern, codes in setter.per_file_ignores)
        for config in self.chain:
            yield from ((pattern, codes, config.root) for pattern, codes in config.extend_per_file_ignores)
        yield from ((pattern, codes, files.root) for pattern, codes in files.extend_per_file_ignores)


@dataclass(frozen=True)
class FileOptions:
    """The command line's `--exclude`, `--per-file-ignores` and their `--extend-` forms: relative to
    the working folder; `exclude` and `per-file-ignores` replace the configuration's, the `extend-`
    forms add to it (ruff's reading)."""

    exclude: Optional[tuple[str, ...]] = None
    extend_exclude: tuple[str, ...] = ()
    per_file_ignores: Optional[tuple[tuple[str, tuple[str, ...]], ...]] = None
    extend_per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    root: Path = field(default_factory=Path.cwd)


NO_FILE_OPTIONS = FileOptions(root=Path("/"))


NO_CONFIG = Config(path=None)


def matches(pattern: str, path: str, root: Path) -> bool:
    """ruff's reading of a path glob: one without a slash matches any file or folder name on the path
    (`legacy`, `*_test.py`); one with a slash matches the path from `root`, or a folder on it
    (`scripts/*.py`, `app/pages`, `/app.py`). `*` also crosses folders, and `**/` may match no folder."""
    rooted = pattern.startswith(("/", "./"))
    pattern = pattern.replace("**/", "").removeprefix("./").strip("/")
    absolute = Path(os.path.abspath(path))
    if "/" not in pattern and not rooted:
        return any(fnmatchcase(part, pattern) for part in absolute.parts)
    try:
        parts = PurePosixPath(absolute.relative_to(os.path.abspath(root))).parts
    except ValueError:
        return False  # outside the project: only name patterns can match it
    return any(fnmatchcase("/".join(parts[:end]), pattern) for end in range(1, len(parts) + 1))


def nearest(folder: Path) -> Config:
    """The config of the nearest folder at or above `folder` that has one, or NO_CONFIG."""
    for candidate_folder in (folder, *folder.parents):
        config = _configured_in(candidate_folder)
        if config is not None:
            return config
    return NO_CONFIG


def load(path: Path, extended_from: tuple[Path, ...] = ()) -> Config:
    """The checked settings of the file `path` names (`--config`, `extend`): a pyproject.toml's
    `[tool.lint-cache]` table, any TOML file's such table, or a dedicated file's top-level keys. A
    missing file, or one with no lint-cache settings, is an error."""
    if not _is_file(path, path):
        raise ConfigError(f"{path}: no such configuration file")
    document = _read_toml(path, mentioned=True)
    table = _section(document, path)
    if table is not None:
        return _checked(table, path, extended_from)
    if path.name == PYPROJECT or not document or "tool" in document:  # another tool's settings only
        raise ConfigError(f"{path}: no lint-cache settings in it (a [{SECTION}] table, or top-level keys)")
    return _checked(document, path, extended_from, dedicated=True)


def _configured_in(folder: Path) -> Optional[Config]:
    """The config of `folder`'s configuration file, or None when it has none. A dedicated file
    configures its folder even when empty; a pyproject.toml only with a `[tool.lint-cache]` table."""
    for name in DEDICATED_FILES:
        candidate = folder / name
        if candidate.is_file():
            return _checked(_read_toml(candidate, mentioned=True), candidate, dedicated=True)
    candidate = folder / PYPROJECT
    if not candidate.is_file():
        return None
    table = _section(_read_toml(candidate), candidate)
    return None if table is None else _checked(table, candidate)


def _read_toml(path: Path, mentioned: bool = False) -> dict[str, Any]:
    """The TOML document of `path`; {} for a file found by searching (not `mentioned` with --config)
    whose text cannot configure lint-cache: a pyproject.toml of another tool's making is never
    parsed, so it can neither slow nor break lint-cache or flake8."""
    # Imported here: the flake8 plugin loads this module on every flake8 run, most without a pyproject.toml.
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the file: {error.strerror or error}") from None
    if not mentioned and not _may_configure_lint_cache(data):
        return {}  # whatever else the file holds, and even if it is broken, it is not ours to judge
    try:
        return tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except (RecursionError, MemoryError):
        raise ConfigError(f"{path}: not valid TOML: arrays or tables nested too deeply to read") from None


def _may_configure_lint_cache(data: bytes) -> bool:
    """Whether the bytes can hold a `lint-cache` key (also written with escapes in a quoted key)."""
    return b"lint-cache" in data or b"lint\\u" in data or b"lint\\U" in data


def _section(document: dict[str, Any], path: Path) -> Optional[dict[str, Any]]:
    table = document.get("tool", {})
    if not isinstance(table, dict) or "lint-cache" not in table:
        return None
    if not isinstance(table["lint-cache"], dict):
        raise ConfigError(f"{path}: [{SECTION}] must be a table")
    return table["lint-cache"]


def _checked(
    table: dict[str, Any], path: Path, extended_from: tuple[Path, ...] = (), dedicated: bool = False
) -> Config:
    where = "" if dedicated else f" [{SECTION}]"
    for key in table:
        if key not in KEYS:
            raise ConfigError(f"{path}:{where} unknown key {key!r}{_suggestion(key)}")
    base = _base(table.get("extend"), path, extended_from)
    try:
        return Config(
            path=path,
            options=Options(
                streamlit_version=_version(table.get("streamlit-version")),
                select=_selectors(table, "select"),
                ignore=_selectors(table, "ignore"),
                extend_select=_selectors(table, "extend-select"),
                extend_ignore=_selectors(table, "extend-ignore"),
                max_estimated_entries=_optional(parse_entry_limit, table.get("max-estimated-entries")),
                entry_size=_optional(parse_size, table.get("entry-size")),
                extra_widgets=_optional(parse_widget_names, _strings(table, "extra-widgets")),
            ),
            per_file_ignores=_optional(_per_file_ignores, table.get("per-file-ignores")),
            exclude=_strings(table, "exclude"),
            extend_per_file_ignores=_optional(
                lambda value: _per_file_ignores(value, "extend-per-file-ignores"), table.get("extend-per-file-ignores")
            )
            or (),
            extend_exclude=_strings(table, "extend-exclude") or (),
            base=base,
        )
    except SettingsError as error:
        raise ConfigError(f"{path}:{where} {error}") from None


def _base(extend: Any, path: Path, extended_from: tuple[Path, ...]) -> Optional[Config]:
    """The config `extend` names, relative to the folder of the file that says it."""
    if extend is None:
        return None
    if not isinstance(extend, str) or not extend.strip():
        raise ConfigError(f"{path}: extend: expected the path of a configuration file, got {extend!r}")
    target = Path(os.path.normpath(path.parent / os.path.expanduser(extend)))
    chain = (*extended_from, path)
    if any(os.path.abspath(target) == os.path.abspath(seen) for seen in chain):
        cycle = " -> ".join(str(seen) for seen in (*chain, target))
        raise ConfigError(f"{path}: extend: the configuration files extend each other in a cycle: {cycle}")
    if len(chain) >= MAX_EXTEND_CHAIN:
        raise ConfigError(
            f"{path}: extend: a chain of more than {MAX_EXTEND_CHAIN} configuration files extending one another "
            f"(MAX_EXTEND_CHAIN), from {chain[0]}"
        )
    if not _is_file(target, f"{path}: extend: {target}"):
        raise ConfigError(f"{path}: extend: {target}: no such configuration file")
    return load(target, chain)


# Configuration files that extend one another beyond this many are refused: a real project has two
# or three, and each link is a recursion of the loader.
MAX_EXTEND_CHAIN = 64


def _is_file(path: Path, where: object) -> bool:
    """`path.is_file()`, a ConfigError (saying `where`) when the path cannot even be looked at: a
    name too long for the file system, a NUL byte."""
    try:
        return path.is_file()
    except (OSError, ValueError) as error:
        raise ConfigError(f"{where}: cannot read the file: {getattr(error, 'strerror', None) or error}") from None


def _suggestion(key: str) -> str:
    import difflib

    close = difflib.get_close_matches(key.replace("_", "-"), KEYS, n=1)
    if close:
        return f" (did you mean {close[0]!r}?)"
    return f"; the keys are {', '.join(KEYS)}"


def _optional(parse, value):
    return None if value is None else parse(value)


def _version(value: Any) -> Optional[str]:
    if value is None:
        return None
    if not isinstance(value, str):
        # TOML reads 1.40 as the number 1.4: only a string keeps the version the user wrote.
        raise SettingsError(f'streamlit-version: write the version as a string, e.g. "1.40", not {value!r}')
    parse_version(value)
    return value


def _strings(table: dict[str, Any], key: str) -> Optional[tuple[str, ...]]:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise SettingsError(f"{key}: expected a list of strings, got {value!r}")
    return tuple(value)


def _selectors(table: dict[str, Any], key: str) -> Optional[tuple[str, ...]]:
    codes = _strings(table, key)
    return None if codes is None else check_selectors(codes, key)


def _per_file_ignores(value: Any, key: str = "per-file-ignores") -> tuple[tuple[str, tuple[str, ...]], ...]:
    expected = 'a table of "glob" = ["CODE", ...]'
    if not isinstance(value, dict):
        raise SettingsError(f"{key}: expected {expected}, got {value!r}")
    checked = []
    for pattern, codes in value.items():
        if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
            raise SettingsError(f"{key}: expected {expected}, got {pattern!r} = {codes!r}")
        checked.append((pattern, check_selectors(codes, f"{key} {pattern!r}")))
    return tuple(checked)


def check_selectors(codes: Iterable[str], where: str) -> tuple[str, ...]:
    """Codes or code prefixes, upper-cased; each must match a rule."""
    from lint_cache.rules import RULES  # the rules import libcst: only when there is something to check

    checked = tuple(code.strip().upper() for code in codes if code.strip())
    for code in checked:
        if not any(rule.code.startswith(code) for rule in RULES):
            raise SettingsError(f"{where}: {code} matches no rule (see `lint-cache rule --all`)")
    return checked


def build_settings(
    given: Options,
    configured: Iterable[Options] = (),
    pinned: Optional[PinnedRelease] = None,
    config_path: Optional[Path] = None,
    **front_end,
) -> Settings:
    """Settings from the options given to the front end, falling back on the configured ones (an
    `extend` chain, the base first), then on the defaults; the rule selection layers them all. The
    Streamlit release: the option, the configuration, the project's `pinned` requirement, the
    installed Streamlit, the newest release known. `front_end` sets fields that only the front end
    decides (for flake8: `line_noqa`)."""
    from lint_cache.rules import RULES

    configured = tuple(configured)
    nearest_first = (given, *reversed(configured))

    def pick(name: str, default: Any) -> Any:
        for options in nearest_first:
            value = getattr(options, name)
            if value is not None:
                return value
        return default

    version_file = None
    if given.streamlit_version is not None:
        version, source = target_version(given.streamlit_version, "option")
    else:
        configured_version = pick("streamlit_version", None)
        if configured_version is not None:
            version, source = target_version(configured_version, "config")
            version_file = str(config_path) if config_path is not None else None
        elif pinned is not None:
            version, source, version_file = pinned.version, "requirement", str(pinned.source)
        else:
            version, source = target_version(None)
    layers = (selection.DEFAULT, *(options.selection for options in configured), given.selection)
    return Settings(
        streamlit_version=version,
        version_source=source,
        version_file=version_file,
        select=selection.enabled(layers, (rule.code for rule in RULES)),
        ignore=(),
        max_estimated_entries=pick("max_estimated_entries", DEFAULT_MAX_ESTIMATED_ENTRIES),
        entry_size=pick("entry_size", None),
        extra_widgets=pick("extra_widgets", frozenset()),
        **front_end,
    )


class SettingsResolver:
    """Each file's config and settings: the `fixed` config (`--config FILE`) if any, else the nearest
    one above the file; the options given to the front end win over it."""

    def __init__(
        self,
        given: Options = Options(),
        fixed: Optional[Config] = None,
        files: Optional[FileOptions] = None,
        **front_end,
    ):
        self.given = given
        self.fixed = fixed
        self.files = files or FileOptions()
        self.front_end = front_end
        self._by_folder: dict[Path, Config] = {}
        self._settings: dict[tuple[Config, Optional[PinnedRelease], Optional[CacheDataBudget]], Settings] = {}
        self.releases = ProjectReleases()
        self.server_configs = ServerConfigs(note=self.releases.note)
        self._folder_of: dict[str, Path] = {}

    @property
    def notes(self) -> list[str]:
        """What the front end should say once on stderr: requirement files skipped, pins past the
        newest release known."""
        return self.releases.notes

    def config_for(self, path: str) -> Config:
        if self.fixed is not None:
            return self.fixed
        return self._nearest(self._folder(path))

    def _folder(self, path: str) -> Path:
        """The folder whose configuration and requirements apply to `path`: itself, or its parent.
        Each file is asked for three times (exclusion, configuration, release): found once."""
        if path not in self._folder_of:
            absolute = Path(os.path.abspath(path))
            try:
                is_folder = absolute.is_dir()
            except (OSError, ValueError):  # a name the file system refuses (too long): not a folder
                is_folder = False
            self._folder_of[path] = absolute if is_folder else absolute.parent
        return self._folder_of[path]

    def _nearest(self, folder: Path) -> Config:
        # Memoized per folder, so that a tree of files reads each pyproject.toml once.
        if folder not in self._by_folder:
            config = _configured_in(folder)
            if config is None:
                config = self._nearest(folder.parent) if folder.parent != folder else NO_CONFIG
            self._by_folder[folder] = config
        return self._by_folder[folder]

    def excludes(self, path: str) -> bool:
        return self.config_for(path).excludes(path, self.files)

    def pinned_release(self, path: str) -> Optional[PinnedRelease]:
        """The release the project around `path` pins, or None."""
        return self.releases.for_folder(self._folder(path))

    def settings_for(self, path: str) -> Settings:
        config = self.config_for(path)
        chain = tuple(link.options for link in config.chain)
        # The requirement files are read only when neither the option nor the configuration decides.
        decided = self.given.streamlit_version is not None or any(o.streamlit_version is not None for o in chain)
        pinned = None if decided else self.pinned_release(path)
        budget = self.server_configs.budget_for(self._folder(path))
        key = (config, pinned, budget)
        if key not in self._settings:
            settings = build_settings(self.given, chain, pinned, config.path, **self.front_end)
            if budget is not None:
                settings = replace(settings, cache_data_budget=budget.size, cache_data_budget_source=budget.described)
            self._settings[key] = settings
        settings = self._settings[key]
        ignored = config.ignored_in(path, self.files)
        if not ignored:
            return settings
        return replace(settings, per_file_ignore=settings.per_file_ignore + ignored)
