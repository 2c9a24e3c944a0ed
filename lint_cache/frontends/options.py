"""The options that make the settings, declared once for every front end.

The CLI's `check` and `estimate` add them as `--name`; `simulate` adds the version alone; the flake8
plugin mirrors them as its own options (flake8 has its own --select/--ignore, so those stay CLI-only).
Each is a string on the command line and in flake8's config files, parsed here into `config.Options`.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, Optional

from lint_cache import config
from lint_cache.settings import SettingsError, parse_entry_limit, parse_size, parse_version, parse_widget_names


def _codes(value: list[str], option: str) -> tuple[str, ...]:
    return config.check_selectors(value, option)


@dataclass(frozen=True)
class SettingOption:
    name: str  # the flag without dashes, also the key in [tool.lint-cache]
    metavar: str
    help: str
    parse: Callable[..., Any]  # (value, option name) -> the config.Options value
    listed: bool = False  # a comma-separated list
    selection: bool = False  # --select/--ignore: the CLI's own (flake8 has these itself)

    @property
    def field(self) -> str:
        return self.name.replace("-", "_")

    @property
    def flag(self) -> str:
        return f"--{self.name}"

    def parsed(self, value: Any, prefix: str = "--") -> Any:
        """The value for `config.Options`; errors name the option as `prefix` + name."""
        if value is None:
            return None
        if self.listed and isinstance(value, str):
            value = [item.strip() for item in value.split(",") if item.strip()]
        return self.parse(value, prefix + self.name)


def _version(value: str, option: str) -> str:
    parse_version(value)  # checked now, while a bad value can still be a usage error
    return value


STREAMLIT_VERSION = SettingOption(
    "streamlit-version",
    "X.Y",
    "the Streamlit release to check against (default: streamlit-version in the configuration, else the "
    "release the project pins (a lock file, requirements*.txt, pyproject.toml, setup.cfg or environment.yml), "
    "else the installed one, else the newest known)",
    _version,
)

SETTING_OPTIONS: tuple[SettingOption, ...] = (
    STREAMLIT_VERSION,
    SettingOption("select", "CODES", "comma-separated codes or prefixes to report (default: STC)", _codes, True, True),
    SettingOption(
        "ignore",
        "CODES",
        "comma-separated codes or prefixes not to report, on top of the configuration's",
        _codes,
        True,
        True,
    ),
    SettingOption(
        "extend-select", "CODES", "codes or prefixes to report besides the selected ones", _codes, True, True
    ),
    SettingOption("extend-ignore", "CODES", "the same as --ignore (ruff's older spelling)", _codes, True, True),
    SettingOption(
        "max-estimated-entries",
        "N",
        "the cache size (in entries) above which blow-up is reported",
        parse_entry_limit,
    ),
    SettingOption("entry-size", "SIZE", "the size of one cached result, e.g. 100MB or 512KiB", parse_size),
    SettingOption(
        "extra-widgets",
        "NAMES",
        "comma-separated dotted names of custom component functions that count as widgets",
        parse_widget_names,
        listed=True,
    ),
)


def add_to_parser(parser: argparse.ArgumentParser, selection: bool = True) -> None:
    """The setting options of a subcommand; `selection` adds --select and --ignore."""
    for option in SETTING_OPTIONS:
        if option.selection and not selection:
            parser.set_defaults(**{option.field: None})
            continue
        parser.add_argument(option.flag, metavar=option.metavar, help=option.help)
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="read the settings from FILE (a pyproject.toml's [tool.lint-cache], or a lint-cache.toml) instead of "
        "the configuration nearest to each file",
    )
    parser.add_argument("--isolated", action="store_true", help="read no configuration file: defaults and options only")


def add_version_to_parser(parser: argparse.ArgumentParser, what: str) -> None:
    """--streamlit-version alone, for commands that take no other setting."""
    default = STREAMLIT_VERSION.help[STREAMLIT_VERSION.help.index(" (default") :]
    parser.add_argument(STREAMLIT_VERSION.flag, metavar=STREAMLIT_VERSION.metavar, help=what + default)


def given_options(values: Mapping[str, Any], prefix: str = "--", selection: bool = True) -> config.Options:
    """`config.Options` from raw option values by field name (None or absent: not given); without
    `selection`, --select and --ignore are not ours (flake8's own options)."""
    return config.Options(
        **{
            option.field: option.parsed(values.get(option.field), prefix)
            for option in SETTING_OPTIONS
            if selection or not option.selection
        }
    )


def _globs(value: Optional[str]) -> Optional[tuple[str, ...]]:
    return None if value is None else tuple(glob.strip() for glob in value.split(",") if glob.strip())


def _per_file_ignores(value: Optional[str], option: str) -> Optional[tuple[tuple[str, tuple[str, ...]], ...]]:
    """`tests/*:STC109,STC110,legacy.py:STC201` as config's (glob, codes) pairs, in the order given."""
    if value is None:
        return None
    by_glob: dict[str, list[str]] = {}
    glob: Optional[str] = None
    for item in (item.strip() for item in value.split(",")):
        if not item:
            continue
        if ":" in item:
            glob, _, item = item.rpartition(":")
            glob = glob.strip()
            if not glob:
                raise SettingsError(f"{option}: {item!r} has no glob before its ':'")
        if glob is None:
            raise SettingsError(f"{option}: expected GLOB:CODES, such as tests/*:STC109, got {value!r}")
        if item.strip():
            by_glob.setdefault(glob, []).append(item)
    return tuple((glob, config.check_selectors(codes, f"{option} {glob!r}")) for glob, codes in by_glob.items())


def file_options_from(args: argparse.Namespace) -> config.FileOptions:
    """--exclude, --per-file-ignores and their --extend- forms; absent on commands without them."""
    return config.FileOptions(
        exclude=_globs(getattr(args, "exclude", None)),
        extend_exclude=_globs(getattr(args, "extend_exclude", None)) or (),
        per_file_ignores=_per_file_ignores(getattr(args, "per_file_ignores", None), "--per-file-ignores"),
        extend_per_file_ignores=_per_file_ignores(
            getattr(args, "extend_per_file_ignores", None), "--extend-per-file-ignores"
        )
        or (),
    )


def resolver_from(args: argparse.Namespace, **front_end: Any) -> config.SettingsResolver:
    """Each file's settings: the command line's options over the configuration file's."""
    given = given_options(vars(args))
    config_file: Optional[str] = getattr(args, "config", None)
    isolated = getattr(args, "isolated", False)
    if isolated and config_file is not None:
        raise SettingsError("--isolated reads no configuration file: it cannot be used with --config")
    fixed = config.NO_CONFIG if isolated else None  # None: the configuration nearest to each file
    if config_file is not None:
        fixed = config.load(Path(config_file))
    return config.SettingsResolver(given, fixed, file_options_from(args), **front_end)
