"""The `lint-cache` command: `check`, `rule`, `estimate`, `simulate`.

Exit codes, as ruff's: 0 no findings, 1 findings, 2 a usage error or a file that could not be linted.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Optional, Sequence

from lint_cache import __version__, config, docs, estimate, files, notes, reporters, result_cache, simulate
from lint_cache.diagnostics import SAFE, Diagnostic
from lint_cache.display import printable, printable_lines
from lint_cache.result_cache import ResultCache
from lint_cache.rules import RULES, RULES_BY_CODE
from lint_cache.runner import DIFF, FIX, REPORT, FileReport, lint_paths
from lint_cache.settings import SettingsError, parse_entry_limit, parse_size, parse_widget_names

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


class UsageError(Exception):
    """A bad option value; printed as `lint-cache: error: ...`, exit 2."""


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except (UsageError, SettingsError) as error:
        print(f"lint-cache: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `lint-cache check | head`
        return EXIT_CLEAN


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lint-cache",
        description="Find Streamlit caching mistakes: widgets and side effects inside cached functions, "
        "deprecated decorators, unhashable parameters and cache blow-up.",
    )
    parser.add_argument("--version", action="version", version=f"lint-cache {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    check = commands.add_parser(
        "check", help="lint files and folders", description="Lint Python files for Streamlit caching mistakes."
    )
    check.add_argument("paths", nargs="*", default=["."], metavar="PATH", help="files or folders (default: .)")
    add_settings_arguments(check)
    check.add_argument(
        "--format", choices=sorted(reporters.FORMATS), default="concise", help="output format (default: concise)"
    )
    check.add_argument("--output", metavar="FILE", help="write the report to FILE instead of standard output")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    check.add_argument("--statistics", action="store_true", help="print a count per rule instead of each finding")
    fixing = check.add_mutually_exclusive_group()
    fixing.add_argument("--fix", action="store_true", help="apply the fixes that cannot change behaviour")
    fixing.add_argument("--diff", action="store_true", help="print the fixes as a unified diff; write nothing")
    check.add_argument("--unsafe-fixes", action="store_true", help="with --fix or --diff, apply unsafe fixes too")
    check.add_argument(
        "--jobs",
        type=_jobs,
        default=os.cpu_count() or 1,
        metavar="N",
        help="worker processes for parsing (default: the number of cores; never more than the cores, nor than "
        "one per 16 files)",
    )
    check.add_argument(
        "--no-cache",
        action="store_true",
        help=f"do not read or write the result cache ({result_cache.FOLDER_NAME}/ or $XDG_CACHE_HOME/lint-cache)",
    )
    check.set_defaults(run=run_check)

    rule = commands.add_parser("rule", help="explain a rule", description="Print a rule's documentation.")
    rule.add_argument("code", nargs="?", metavar="CODE", help="a rule code such as STC102")
    rule.add_argument("--all", action="store_true", help="list every rule")
    rule.set_defaults(run=run_rule)
    estimate.register(commands)
    simulate.register(commands)
    return parser


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError("needs at least 1")
    return jobs


def add_settings_arguments(parser: argparse.ArgumentParser, selection: bool = True) -> None:
    """The options that make the settings; `selection` adds --select and --ignore."""
    parser.add_argument(
        "--streamlit-version",
        metavar="X.Y",
        help="the Streamlit release to check against (default: the installed one, else the newest known)",
    )
    if selection:
        parser.add_argument(
            "--select", metavar="CODES", help="comma-separated codes or prefixes to report (default: STC)"
        )
        parser.add_argument("--ignore", metavar="CODES", help="comma-separated codes or prefixes not to report")
    else:
        parser.set_defaults(select=None, ignore=None)
    parser.add_argument(
        "--max-estimated-entries", metavar="N", help="the cache size (in entries) above which blow-up is reported"
    )
    parser.add_argument("--entry-size", metavar="SIZE", help="the size of one cached result, e.g. 100MB or 512KiB")
    parser.add_argument(
        "--extra-widgets",
        metavar="NAMES",
        help="comma-separated dotted names of custom component functions that count as widgets",
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="read [tool.lint-cache] from FILE instead of the nearest pyproject.toml above each file",
    )


def resolver_from(args: argparse.Namespace) -> config.Resolver:
    """Each file's settings: the command line's options over the configuration file's."""
    given = config.Options(
        streamlit_version=args.streamlit_version,
        select=parse_codes(args.select, "--select"),
        ignore=parse_codes(args.ignore, "--ignore"),
        max_estimated_entries=_parsed(parse_entry_limit, args.max_estimated_entries, "--max-estimated-entries"),
        entry_size=_parsed(parse_size, args.entry_size, "--entry-size"),
        extra_widgets=_parsed(parse_widget_names, _split(args.extra_widgets), "--extra-widgets"),
    )
    fixed = config.load(Path(args.config)) if args.config is not None else None
    return config.Resolver(given, fixed)


def parse_codes(text: Optional[str], option: str) -> Optional[tuple[str, ...]]:
    """The codes of a --select/--ignore option, checked; None when the option is not given."""
    if text is None:
        return None
    return config.check_selectors(_split(text), option)


def _split(text: Optional[str]) -> Optional[list[str]]:
    return None if text is None else [item.strip() for item in text.split(",") if item.strip()]


def _parsed(parse, value, option: str):
    return None if value is None else parse(value, option)


def run_check(args: argparse.Namespace) -> int:
    if args.unsafe_fixes and not (args.fix or args.diff):
        raise UsageError("--unsafe-fixes needs --fix or --diff")
    if args.output is not None and (
        args.output.endswith(files.PYTHON_SUFFIXES) or os.path.realpath(args.output).endswith(files.PYTHON_SUFFIXES)
    ):
        # A file name such as `--output=app.py` committed to a repository must not overwrite code.
        raise UsageError(f"--output {printable(args.output)}: refusing to write the report over a Python file")
    resolver = resolver_from(args)
    mode = FIX if args.fix else DIFF if args.diff else REPORT
    paths, errors = files.discover(args.paths, excluded=resolver.excludes)
    # Fixes are always computed afresh: the cache holds findings, not the edits that mend them.
    cache = None if args.no_cache or mode != REPORT else ResultCache(result_cache.default_folder())
    tasks = [(path, resolver.settings_for(path)) for path in paths]
    for note in notes.settings_notes(resolver.given.select, (settings for _, settings in tasks)):
        print(f"lint-cache: note: {note}", file=sys.stderr)
    reports = lint_paths(tasks, mode, args.unsafe_fixes, args.jobs, cache)
    if mode == DIFF:
        return report_diff(reports, errors)
    return report(args, reports, errors)


def report(args: argparse.Namespace, reports: list[FileReport], errors: list[str]) -> int:
    errors = errors + [file_report.error for file_report in reports if file_report.error]
    diagnostics = sorted(d for file_report in reports for d in file_report.diagnostics)
    fixed = sum(file_report.fixed for file_report in reports)
    if args.statistics:
        text = reporters.statistics(diagnostics)
    else:
        text = reporters.FORMATS[args.format](diagnostics)
        if args.format == "concise":
            text += summary(diagnostics, len(reports), fixed, len(errors))
    try:
        write_report(text, args.output)
    except OSError as error:
        errors.append(f"{args.output}: cannot write the report: {error.strerror or error}")
    for error in errors:
        print(f"lint-cache: error: {printable_lines(error)}", file=sys.stderr)
    if errors:
        return EXIT_ERROR
    if diagnostics and not args.exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN


def write_report(text: str, output: Optional[str]) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    folder = os.path.dirname(output)
    if folder:
        os.makedirs(folder, exist_ok=True)
    with open(output, "w", encoding="utf-8") as stream:
        stream.write(text)


def report_diff(reports: list[FileReport], errors: list[str]) -> int:
    errors = errors + [file_report.error for file_report in reports if file_report.error]
    for file_report in reports:
        sys.stdout.write(file_report.diff)
    fixes = sum(file_report.fixed for file_report in reports if file_report.diff)
    changed = sum(1 for file_report in reports if file_report.diff)
    print(
        f"{fixes} fix{'es' if fixes != 1 else ''} in {changed} file{'s' if changed != 1 else ''} would be applied.",
        file=sys.stderr,
    )
    for error in errors:
        print(f"lint-cache: error: {printable_lines(error)}", file=sys.stderr)
    if errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if changed else EXIT_CLEAN


def summary(diagnostics: list[Diagnostic], checked: int, fixed: int, errors: int = 0) -> str:
    checked_note = f"{checked} file{'' if checked == 1 else 's'} checked" + (f", {fixed} fixed" if fixed else "")
    if errors:  # something was not checked or not written: never "All checks passed"
        checked_note += f"; {errors} error{'' if errors == 1 else 's'}, see stderr"
    if not diagnostics:
        return f"{'No problems found' if errors else 'All checks passed'} ({checked_note}).\n"
    problems = "problem" if len(diagnostics) == 1 else "problems"
    text = f"Found {len(diagnostics)} {problems} ({checked_note})"
    fixable = sum(1 for d in diagnostics if d.fix_safety == SAFE)
    if fixable:
        text += f"; {fixable} fixable with `lint-cache check --fix`"
    return text + ".\n"


def run_rule(args: argparse.Namespace) -> int:
    if args.all or args.code is None:
        for rule in RULES:
            print(f"{rule.code}  {rule.name:<32}  {rule.summary}")
        return EXIT_CLEAN
    code = args.code.upper()
    rule = RULES_BY_CODE.get(code)
    page = docs.rule_page(code) if rule is not None else None
    if page is None:
        raise UsageError(f"unknown rule {args.code!r} (see `lint-cache rule --all`)")
    sys.stdout.write(page if page.endswith("\n") else page + "\n")
    return EXIT_CLEAN
