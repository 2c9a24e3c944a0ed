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
import sys
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Iterator, Optional

from lint_cache import __version__
from lint_cache.source import prefilter

if TYPE_CHECKING:
    from flake8.options.manager import OptionManager

    from lint_cache.config import SettingsResolver
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
    resolver: ClassVar[Optional[SettingsResolver]] = None
    notes_said: ClassVar[int] = 0

    def __init__(self, tree: ast.AST, lines: list[str], filename: str) -> None:
        # `tree` is unused: flake8 sorts plugins by the parameters they take, and AST plugins run
        # once per file. The check needs libcst's tree, parsed from `lines`.
        self.lines = lines
        self.filename = filename

    @classmethod
    def add_options(cls, manager: OptionManager) -> None:
        # The CLI's setting options (lint_cache.frontends.options) but --select/--ignore, which flake8
        # has itself. Strings, converted in parse_options: flake8 hands config-file values over
        # unconverted, and there a bad value can be reported as a usage error instead of a traceback.
        from lint_cache.frontends.options import SETTING_OPTIONS

        for option in SETTING_OPTIONS:
            if not option.selection:
                manager.add_option(
                    option.flag,
                    metavar=option.metavar,
                    parse_from_config=True,
                    comma_separated_list=option.listed,
                    help=f"lint-cache: {option.help}",
                )

    @classmethod
    def parse_options(cls, manager: OptionManager, options: argparse.Namespace, filenames: list[str]) -> None:
        from lint_cache import config
        from lint_cache.frontends.options import given_options
        from lint_cache.settings import SettingsError

        # Every value is checked now, while a bad one can still be a usage error; the settings are
        # built when the first file needs them (finding the installed Streamlit costs a lookup).
        try:
            given = given_options(vars(options), prefix="", selection=False)
            cls.resolver = config.SettingsResolver(given, config.nearest(Path.cwd()), **FLAKE8_SETTINGS)
        except SettingsError as error:
            manager.parser.error(f"lint-cache: {error}")

    def run(self) -> Iterator[Flake8Error]:
        text = "".join(self.lines)
        if not prefilter.may_cache(text) and not prefilter.may_use_imported_decorator(text):
            return
        try:
            diagnostics = self._check(text)
        except Exception:  # a bug of ours must not abort the user's flake8 run
            LOG.debug("lint-cache failed on %s", self.filename, exc_info=True)
            return
        for diagnostic in diagnostics:
            yield diagnostic.line, diagnostic.column - 1, f"{diagnostic.code} {diagnostic.message}", type(self)

    def _check(self, text: str) -> list[Diagnostic]:
        from lint_cache.config import SettingsResolver
        from lint_cache.engine import check_source

        if self.resolver is None:  # parse_options not called (flake8's legacy API): build it once, not per file
            type(self).resolver = SettingsResolver(**FLAKE8_SETTINGS)
        resolver = self.resolver
        if resolver.excludes(self.filename):
            return []
        settings = resolver.settings_for(self.filename)
        for note in resolver.notes[type(self).notes_said :]:  # each note once per flake8 process
            print(f"lint-cache: note: {note}", file=sys.stderr)
        type(self).notes_said = len(resolver.notes)
        return check_source(text, self.filename, settings)
