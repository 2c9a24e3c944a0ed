"""The options of `lint-cache check` that are not settings, in the groups `--help` shows them in."""

from __future__ import annotations

import argparse
import os

from lint_cache.frontends import output_formats, result_cache, terminal


def add_output_arguments(check: argparse.ArgumentParser) -> None:
    group = check.add_argument_group("output")
    group.add_argument(
        "--output-format",
        "--format",
        dest="output_format",
        choices=list(output_formats.FORMATS),
        default=None,
        metavar="FORMAT",
        help=f"how to report findings: {', '.join(output_formats.FORMATS)} (default: full on a terminal, else "
        "concise); --format is an alias",
    )
    group.add_argument(
        "-o",
        "--output",
        "--output-file",
        dest="output",
        metavar="FILE",
        help="write the report to FILE instead of standard output (--output-file, as ruff names it, is an alias)",
    )
    group.add_argument(
        "--color",
        choices=terminal.COLOR_CHOICES,
        default=terminal.AUTO,
        help="colour the full and concise formats: auto (default: on a terminal, unless NO_COLOR is set or "
        "FORCE_COLOR asks for it), always or never",
    )
    group.add_argument("--statistics", action="store_true", help="print a count per rule instead of each finding")
    group.add_argument(
        "-q", "--quiet", action="store_true", help="print the findings and errors, without the summary line"
    )
    group.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")


def add_fix_arguments(check: argparse.ArgumentParser) -> None:
    group = check.add_argument_group("fixes")
    fixing = group.add_mutually_exclusive_group()
    fixing.add_argument("--fix", action="store_true", help="apply the fixes that cannot change behaviour")
    fixing.add_argument("--diff", action="store_true", help="print the fixes as a unified diff; write nothing")
    fixing.add_argument(
        "--add-noqa",
        action="store_true",
        help="add `# noqa: CODES` to every line with a finding, merged with the noqa comment already there",
    )
    fixing.add_argument(
        "--fix-only",
        action="store_true",
        help="apply the fixes that cannot change behaviour and report nothing else: exit 0 unless a file could "
        "not be fixed",
    )
    group.add_argument("--unsafe-fixes", action="store_true", help="with --fix or --diff, apply unsafe fixes too")
    group.add_argument(
        "--show-fixes",
        action="store_true",
        help="with --fix or --diff, list the findings the fixes mend, by file and rule",
    )


def add_file_arguments(check: argparse.ArgumentParser) -> None:
    group = check.add_argument_group("files")
    group.add_argument(
        "--no-respect-gitignore",
        dest="respect_gitignore",
        action="store_false",
        help="in folders, also check the files that .gitignore and .ignore files hide",
    )
    group.add_argument(
        "--force-exclude",
        action="store_true",
        help="let .gitignore and .ignore files hide paths named on the command line too",
    )
    group.add_argument(
        "--exclude",
        metavar="PATTERNS",
        help="comma-separated globs of files and folders to leave out, instead of the configuration's `exclude`",
    )
    group.add_argument(
        "--extend-exclude",
        metavar="PATTERNS",
        help="comma-separated globs to leave out besides the configuration's",
    )
    group.add_argument(
        "--per-file-ignores",
        metavar="PATTERN:CODES",
        help="codes not to report in the files a glob matches, instead of the configuration's `per-file-ignores`: "
        "`tests/*:STC109,STC110,legacy.py:STC201` (a code without a glob goes with the glob before it)",
    )
    group.add_argument(
        "--extend-per-file-ignores",
        metavar="PATTERN:CODES",
        help="the same, besides the configuration's `per-file-ignores`",
    )
    group.add_argument("--show-files", action="store_true", help="list the files that would be checked, and stop")
    group.add_argument(
        "--show-settings",
        action="store_true",
        help="print the settings the first file would be checked with (configuration files, Streamlit release, "
        "rules), and stop",
    )


def add_performance_arguments(check: argparse.ArgumentParser, jobs) -> None:
    """`jobs` parses the --jobs value."""
    group = check.add_argument_group("performance")
    group.add_argument(
        "--jobs",
        type=jobs,
        default=os.cpu_count() or 1,
        metavar="N",
        help="worker processes for parsing (default: the number of cores; never more than the cores, nor than "
        "one per 16 files)",
    )
    group.add_argument(
        "--no-cache",
        action="store_true",
        help=f"do not read or write the result cache ({result_cache.FOLDER_NAME}/ or $XDG_CACHE_HOME/lint-cache)",
    )
