"""The flake8 plugin: lint-cache's findings as flake8's `STC` codes, from the same `check_source`.

flake8 runs every installed plugin on every file of every project, so this module stays cheap: it
imports neither libcst nor the engine until a file passes the text prefilter. It never aborts a
flake8 run: a file that libcst cannot parse or an internal error yields nothing (flake8 reports
syntax errors itself, as E999). flake8 applies `# noqa` and its own select/ignore/per-file-ignores.

Settings: the plugin's options (`--streamlit-version`, `--max-estimated-entries`, `--entry-size`,
`--extra-widgets`, also read from flake8's config files) over `[tool.lint-cache]` of the
pyproject.toml nearest to the folder flake8 runs in, the way flake8 finds its own config.

Results: the plugin reads and writes the result cache of `lint-cache check` (same folder, same
keys, same signing), so that flake8 over an unchanged tree parses nothing the second time and
imports no libcst. `--lint-cache-no-cache` turns it off.
"""

from __future__ import annotations

import argparse
import ast
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Iterator, Optional

from lint_cache import __version__
from lint_cache.source import prefilter

if TYPE_CHECKING:
    from flake8.options.manager import OptionManager

    from lint_cache.config import SettingsResolver
    from lint_cache.diagnostics import Diagnostic
    from lint_cache.frontends.result_cache import ResultCache

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
    use_result_cache: ClassVar[bool] = True
    # Each flake8 worker process has its own, saved when the process ends.
    _result_cache: ClassVar[Optional[tuple[int, Optional[ResultCache]]]] = None

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
        manager.add_option(
            "--lint-cache-no-cache",
            action="store_true",
            parse_from_config=True,
            help="lint-cache: do not read or write lint-cache's result cache",
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
        cls.use_result_cache = not getattr(options, "lint_cache_no_cache", False)

    def run(self) -> Iterator[Flake8Error]:
        text = "".join(self.lines)
        if not prefilter.may_cache(text) and not prefilter.may_use_project_caching(text):
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

        if self.resolver is None:  # parse_options not called (flake8's legacy API): build it once, not per file
            type(self).resolver = SettingsResolver(**FLAKE8_SETTINGS)
        resolver = self.resolver
        if resolver.excludes(self.filename):
            return []
        settings = resolver.settings_for(self.filename)
        for note in resolver.notes[type(self).notes_said :]:  # each note once per flake8 process
            print(f"lint-cache: note: {note}", file=sys.stderr)
        type(self).notes_said = len(resolver.notes)
        cache = self._cache()
        key = None
        if cache is not None:
            from lint_cache.frontends import result_cache

            # flake8 hands over text: its UTF-8 bytes are the file's own for most files; where they
            # are not (another encoding, CRLF) the key is just one that `lint-cache check` does not share.
            key = result_cache.key(text.encode("utf-8", "surrogatepass"), settings, self.filename)
            cached = cache.get(key, self.filename)
            if cached is not None:
                return cached
        from lint_cache.engine import check_file  # libcst and the rules: only when a file is parsed

        diagnostics, dependencies, lookups = check_file(text, self.filename, settings, with_fixes=False)
        if cache is not None and key is not None:
            cache.put(key, diagnostics, dependencies, lookups)
        return diagnostics

    @classmethod
    def _cache(cls) -> Optional[ResultCache]:
        """This process's result cache (None when turned off or unusable), opened on first use."""
        if not cls.use_result_cache:
            return None
        if cls._result_cache is None or cls._result_cache[0] != os.getpid():  # a forked worker opens its own
            from lint_cache.frontends.result_cache import ResultCache, default_folder

            cache = ResultCache(default_folder())
            cache.save_at_exit()
            cls._result_cache = (os.getpid(), cache)
        return cls._result_cache[1]
