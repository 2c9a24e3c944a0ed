"""The `lint-cache` command: `check`, `rule`.

Exit codes, as ruff's: 0 no findings, 1 findings, 2 a usage error or a file that could not be linted.
"""

from __future__ import annotations

import argparse
import sys
from typing import Optional, Sequence

from lint_cache import __version__, docs, files, reporters
from lint_cache.rules import RULES, RULES_BY_CODE
from lint_cache.runner import FileReport, lint_file
from lint_cache.settings import Settings, SettingsError, target_version

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
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    check.add_argument("--statistics", action="store_true", help="print a count per rule instead of each finding")
    check.set_defaults(run=run_check)

    rule = commands.add_parser("rule", help="explain a rule", description="Print a rule's documentation.")
    rule.add_argument("code", nargs="?", metavar="CODE", help="a rule code such as STC102")
    rule.add_argument("--all", action="store_true", help="list every rule")
    rule.set_defaults(run=run_rule)
    return parser


def add_settings_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--streamlit-version",
        metavar="X.Y",
        help="the Streamlit release to check against (default: the installed one, else the newest known)",
    )
    parser.add_argument("--select", metavar="CODES", help="comma-separated codes or prefixes to report (default: STC)")
    parser.add_argument("--ignore", metavar="CODES", help="comma-separated codes or prefixes not to report")


def settings_from(args: argparse.Namespace) -> Settings:
    version, source = target_version(args.streamlit_version)
    return Settings(
        streamlit_version=version,
        version_source=source,
        select=parse_codes(args.select, "--select") or ("STC",),
        ignore=parse_codes(args.ignore, "--ignore"),
    )


def parse_codes(text: Optional[str], option: str) -> tuple[str, ...]:
    if text is None:
        return ()
    codes = tuple(code.strip().upper() for code in text.split(",") if code.strip())
    for code in codes:
        if not any(rule.code.startswith(code) for rule in RULES):
            raise UsageError(f"{option}: {code} matches no rule (see `lint-cache rule --all`)")
    return codes


def run_check(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    paths, errors = files.discover(args.paths)
    reports = [lint_file(path, settings) for path in paths]
    return report(args, reports, errors)


def report(args: argparse.Namespace, reports: list[FileReport], errors: list[str]) -> int:
    errors = errors + [file_report.error for file_report in reports if file_report.error]
    diagnostics = sorted(d for file_report in reports for d in file_report.diagnostics)
    if args.statistics:
        sys.stdout.write(reporters.statistics(diagnostics))
    else:
        sys.stdout.write(reporters.FORMATS[args.format](diagnostics))
        if args.format == "concise":
            sys.stdout.write(summary(diagnostics, len(reports)))
    for error in errors:
        print(f"lint-cache: error: {error}", file=sys.stderr)
    if errors:
        return EXIT_ERROR
    if diagnostics and not args.exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN


def summary(diagnostics, checked: int) -> str:
    files_word = "file" if checked == 1 else "files"
    if not diagnostics:
        return f"All checks passed ({checked} {files_word} checked).\n"
    problems = "problem" if len(diagnostics) == 1 else "problems"
    return f"Found {len(diagnostics)} {problems} in {checked} {files_word} checked.\n"


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
