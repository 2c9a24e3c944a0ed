"""The flake8 plugin: lint-cache's findings as flake8's `STC` codes, from the same `check_source`.

flake8 runs every installed plugin on every file of every project, so this module stays cheap: it
imports neither libcst nor the engine until a file passes the text prefilter. It never aborts a
flake8 run: a file that libcst cannot parse or an internal error yields nothing (flake8 reports
syntax errors itself, as E999). flake8 applies `# noqa` and its own select/ignore/per-file-ignores.

Settings: the plugin's options (`--streamlit-version`, `--max-estimated-entries`, `--entry-size`,
`--extra-widgets`, also read from flake8's config files) over `[tool.lint-cache]` of the
pyproject.toml nearest to the folder flake8 runs in, the way flake8 finds its own config.
"""

from __future__ import annotations

import argparse
import ast
import logging
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Iterator, Optional

from lint_cache import __version__, prefilter

if TYPE_CHECKING:
    from flake8.options.manager import OptionManager

    from lint_cache.config import Resolver
    from lint_cache.diagnostics import Diagnostic

LOG = logging.getLogger(__name__)

# Settings only flake8 decides: flake8 applies noqa comments itself (so only it could tell an unused
# one, STC002), and reports syntax errors as E999 (STC001 would repeat them).
FLAKE8_SETTINGS = {"line_noqa": False, "per_file_ignore": ("STC001", "STC002")}

Flake8Error = tuple[int, int, str, type]


class Plugin:
    name = "lint-cache"
    version = __version__

    # Set once per flake8 process by parse_options.
    resolver: ClassVar[Optional[Resolver]] = None

    def __init__(self, tree: ast.AST, lines: list[str], filename: str) -> None:
        # `tree` is unused: flake8 sorts plugins by the parameters they take, and AST plugins run
        # once per file. The check needs libcst's tree, parsed from `lines`.
        self.lines = lines
        self.filename = filename

    @classmethod
    def add_options(cls, manager: OptionManager) -> None:
        # Strings, converted in parse_options: flake8 hands config-file values over unconverted, and
        # there a bad value can be reported as a usage error instead of a traceback.
        manager.add_option(
            "--streamlit-version",
            metavar="X.Y",
            parse_from_config=True,
            help="lint-cache: the Streamlit release to check against "
            "(default: [tool.lint-cache], else the installed one, else the newest known)",
        )
        manager.add_option(
            "--max-estimated-entries",
            metavar="N",
            parse_from_config=True,
            help="lint-cache: the cache size (in entries) above which blow-up is reported",
        )
        manager.add_option(
            "--entry-size",
            metavar="SIZE",
            parse_from_config=True,
            help="lint-cache: the size of one cached result, e.g. 100MB",
        )
        manager.add_option(
            "--extra-widgets",
            metavar="NAMES",
            parse_from_config=True,
            comma_separated_list=True,
            help="lint-cache: dotted names of custom component functions that count as widgets",
        )

    @classmethod
    def parse_options(cls, manager: OptionManager, options: argparse.Namespace, filenames: list[str]) -> None:
        from lint_cache import config
        from lint_cache.settings import (
            SettingsError,
            parse_entry_limit,
            parse_size,
            parse_version,
            parse_widget_names,
        )

        def parsed(parse, value, *option):
            return None if value is None else parse(value, *option)

        # Every value is checked now, while a bad one can still be a usage error; the settings are
        # built when the first file needs them (finding the installed Streamlit costs a lookup).
        try:
            parsed(parse_version, options.streamlit_version)
            given = config.Options(
                streamlit_version=options.streamlit_version,
                max_estimated_entries=parsed(parse_entry_limit, options.max_estimated_entries, "max-estimated-entries"),
                entry_size=parsed(parse_size, options.entry_size, "entry-size"),
                extra_widgets=parsed(parse_widget_names, options.extra_widgets, "extra-widgets"),
            )
            cls.resolver = config.Resolver(given, config.nearest(Path.cwd()), **FLAKE8_SETTINGS)
        except SettingsError as error:
            manager.parser.error(f"lint-cache: {error}")

    def run(self) -> Iterator[Flake8Error]:
        text = "".join(self.lines)
        if not prefilter.may_cache(text):
            return
        try:
            diagnostics = self._check(text)
        except Exception:  # a bug of ours must not abort the user's flake8 run
            LOG.debug("lint-cache failed on %s", self.filename, exc_info=True)
            return
        for diagnostic in diagnostics:
            yield diagnostic.line, diagnostic.column - 1, f"{diagnostic.code} {diagnostic.message}", type(self)

    def _check(self, text: str) -> list[Diagnostic]:
        from lint_cache.config import Resolver
        from lint_cache.engine import check_source

        if self.resolver is None:  # parse_options not called (flake8's legacy API): build it once, not per file
            type(self).resolver = Resolver(**FLAKE8_SETTINGS)
        resolver = self.resolver
        if resolver.excludes(self.filename):
            return []
        return check_source(text, self.filename, resolver.settings_for(self.filename))
