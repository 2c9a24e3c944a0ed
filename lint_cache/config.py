"""`[tool.lint-cache]` in `pyproject.toml`: finding it, checking it, and putting the command line on top.

Each linted file takes its settings from the nearest `pyproject.toml` above it that has a
`[tool.lint-cache]` table (as ruff does), or from the one file given with `--config`. Options given on
the command line (or to flake8) win over the file. Paths in `exclude` and `per-file-ignores` are
relative to the folder of the file that sets them.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath
from typing import Any, Iterable, Optional

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
KEYS = (
    "streamlit-version",
    "select",
    "ignore",
    "per-file-ignores",
    "exclude",
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
    max_estimated_entries: Optional[int] = None
    entry_size: Optional[int] = None
    extra_widgets: Optional[frozenset[str]] = None


@dataclass(frozen=True)
class Config:
    """One `[tool.lint-cache]` table, checked."""

    path: Optional[Path]  # None: no config file applies
    options: Options = field(default_factory=Options)
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (glob, codes)
    exclude: tuple[str, ...] = ()

    @property
    def root(self) -> Path:
        """The folder that relative globs start from."""
        return self.path.parent if self.path is not None else Path.cwd()

    def excludes(self, path: str) -> bool:
        return any(matches(pattern, path, self.root) for pattern in self.exclude)

    def ignored_in(self, path: str) -> tuple[str, ...]:
        """The codes `per-file-ignores` drops for `path`."""
        return tuple(
            code for pattern, codes in self.per_file_ignores if matches(pattern, path, self.root) for code in codes
        )


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
    """The config of the nearest `pyproject.toml` at or above `folder` with a `[tool.lint-cache]`
    table, or NO_CONFIG."""
    for candidate_folder in (folder, *folder.parents):
        config = _configured_in(candidate_folder)
        if config is not None:
            return config
    return NO_CONFIG


def load(path: Path) -> Config:
    """The checked `[tool.lint-cache]` table of `path` (a pyproject.toml, or any TOML file with that
    table); a file without the table configures nothing."""
    table = _section(_read_toml(path, mentioned=True), path)
    return Config(path=path) if table is None else _checked(table, path)


def _configured_in(folder: Path) -> Optional[Config]:
    """The config of `folder`'s pyproject.toml, or None when it has no `[tool.lint-cache]` table."""
    candidate = folder / "pyproject.toml"
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


def _checked(table: dict[str, Any], path: Path) -> Config:
    for key in table:
        if key not in KEYS:
            raise ConfigError(f"{path}: [{SECTION}] unknown key {key!r}{_suggestion(key)}")
    try:
        return Config(
            path=path,
            options=Options(
                streamlit_version=_version(table.get("streamlit-version")),
                select=_selectors(table, "select"),
                ignore=_selectors(table, "ignore"),
                max_estimated_entries=_optional(parse_entry_limit, table.get("max-estimated-entries")),
                entry_size=_optional(parse_size, table.get("entry-size")),
                extra_widgets=_optional(parse_widget_names, _strings(table, "extra-widgets")),
            ),
            per_file_ignores=_per_file_ignores(table.get("per-file-ignores", {})),
            exclude=_strings(table, "exclude") or (),
        )
    except SettingsError as error:
        raise ConfigError(f"{path}: [{SECTION}] {error}") from None


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


def _per_file_ignores(value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    expected = 'a table of "glob" = ["CODE", ...]'
    if not isinstance(value, dict):
        raise SettingsError(f"per-file-ignores: expected {expected}, got {value!r}")
    checked = []
    for pattern, codes in value.items():
        if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
            raise SettingsError(f"per-file-ignores: expected {expected}, got {pattern!r} = {codes!r}")
        checked.append((pattern, check_selectors(codes, f"per-file-ignores {pattern!r}")))
    return tuple(checked)


def check_selectors(codes: Iterable[str], where: str) -> tuple[str, ...]:
    """Codes or code prefixes, upper-cased; each must match a rule."""
    from lint_cache.rules import RULES  # the rules import libcst: only when there is something to check

    checked = tuple(code.strip().upper() for code in codes if code.strip())
    for code in checked:
        if not any(rule.code.startswith(code) for rule in RULES):
            raise SettingsError(f"{where}: {code} matches no rule (see `lint-cache rule --all`)")
    return checked


def build_settings(given: Options, configured: Options, **front_end) -> Settings:
    """Settings from the options given to the front end, falling back on the configured ones, then on
    the defaults. `front_end` sets fields that only the front end decides (for flake8: `line_noqa`)."""

    def pick(name: str, default: Any) -> Any:
        for options in (given, configured):
            value = getattr(options, name)
            if value is not None:
                return value
        return default

    if given.streamlit_version is not None:
        version, source = target_version(given.streamlit_version, "option")
    else:
        version, source = target_version(configured.streamlit_version, "config")
    return Settings(
        streamlit_version=version,
        version_source=source,
        select=pick("select", ("STC",)),
        ignore=pick("ignore", ()),
        max_estimated_entries=pick("max_estimated_entries", DEFAULT_MAX_ESTIMATED_ENTRIES),
        entry_size=pick("entry_size", None),
        extra_widgets=pick("extra_widgets", frozenset()),
        **front_end,
    )


class Resolver:
    """Each file's config and settings: the `fixed` config (`--config FILE`) if any, else the nearest
    one above the file; the options given to the front end win over it."""

    def __init__(self, given: Options = Options(), fixed: Optional[Config] = None, **front_end):
        self.given = given
        self.fixed = fixed
        self.front_end = front_end
        self._by_folder: dict[Path, Config] = {}
        self._settings: dict[Config, Settings] = {}

    def config_for(self, path: str) -> Config:
        if self.fixed is not None:
            return self.fixed
        absolute = Path(os.path.abspath(path))
        return self._nearest(absolute if absolute.is_dir() else absolute.parent)

    def _nearest(self, folder: Path) -> Config:
        # Memoized per folder, so that a tree of files reads each pyproject.toml once.
        if folder not in self._by_folder:
            config = _configured_in(folder)
            if config is None:
                config = self._nearest(folder.parent) if folder.parent != folder else NO_CONFIG
            self._by_folder[folder] = config
        return self._by_folder[folder]

    def excludes(self, path: str) -> bool:
        return self.config_for(path).excludes(path)

    def settings_for(self, path: str) -> Settings:
        config = self.config_for(path)
        if config not in self._settings:
            self._settings[config] = build_settings(self.given, config.options, **self.front_end)
        ignored = config.ignored_in(path)
        if not ignored:
            return self._settings[config]
        settings = self._settings[config]
        return replace(settings, per_file_ignore=settings.per_file_ignore + ignored)
