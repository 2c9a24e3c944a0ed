"""What `lint-cache check` prints: the findings in the chosen format with the summary line, or the
diff of the fixes; `lint-cache upgrade` prints its findings the same way."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from typing import Optional

from lint_cache import config
from lint_cache.diagnostics import SAFE, UNSAFE, Diagnostic
from lint_cache.frontends import exit_codes, output_formats, reporters, terminal
from lint_cache.frontends.cli.file_report import FileReport
from lint_cache.frontends.display import printable, printable_lines
from lint_cache.frontends.replacements import FixFinder
from lint_cache.frontends.source_lines import SourceLines
from lint_cache.rules import RULES_BY_CODE
from lint_cache.settings import Settings


def report(
    args: argparse.Namespace,
    reports: list[FileReport],
    errors: list[str],
    resolver: config.SettingsResolver,
    checked_as: str = "",
    stream=None,
) -> int:
    errors = errors + [file_report.error for file_report in reports if file_report.error]
    diagnostics = sorted(
        (d for file_report in reports for d in file_report.diagnostics), key=lambda d: (d.path, d.cell, d)
    )
    fixed = sum(file_report.fixed for file_report in reports)
    checked = sum(1 for file_report in reports if not file_report.note)
    fix_only = getattr(args, "fix_only", False)
    remaining = len(diagnostics)
    if fix_only:
        diagnostics = []  # --fix-only reports what was fixed, not what is left
    to_terminal = args.output is None and terminal.is_terminal(sys.stdout)
    output_format = args.output_format or ("full" if to_terminal else "concise")
    if args.statistics:
        as_json = output_format == "json"
        text = output_formats.statistics_json(diagnostics) if as_json else reporters.statistics(diagnostics)
    else:
        painter = terminal.Painter(
            output_format in output_formats.HUMAN
            and terminal.wants_color(args.color, sys.stdout if args.output is None else None)
        )
        fixes = FixFinder(resolver.settings_for) if output_format in output_formats.WITH_FIXES else None
        context = output_formats.Context(painter, SourceLines(), fixes)
        text = output_formats.FORMATS[output_format](diagnostics, context)
        if getattr(args, "show_fixes", False) and output_format in output_formats.HUMAN:
            text += fixes_by_file(reports)
        if output_format in output_formats.HUMAN and not args.quiet:
            fix_command = getattr(args, "fix_command", "lint-cache check --fix")
            if fix_only:
                text += fix_only_summary(checked, fixed, remaining, checked_as, len(errors))
            else:
                text += summary(
                    diagnostics, checked, fixed, len(reports) - checked, checked_as, len(errors), fix_command
                )
    try:
        write_report(text, args.output, stream)
    except OSError as error:
        errors.append(f"{args.output}: cannot write the report: {error.strerror or error}")
    for error in errors:
        print(f"lint-cache: error: {printable_lines(error)}", file=sys.stderr)
    if errors:
        return exit_codes.ERROR
    if diagnostics and not args.exit_zero:
        return exit_codes.FINDINGS
    return exit_codes.CLEAN


def write_report(text: str, output: Optional[str], stream=None) -> None:
    if output is None:
        (stream or sys.stdout).write(text)
        return
    folder = os.path.dirname(output)
    if folder:
        os.makedirs(folder, exist_ok=True)
    with open(output, "w", encoding="utf-8") as stream:
        stream.write(text)


def report_diff(reports: list[FileReport], errors: list[str], quiet: bool = False) -> int:
    errors = errors + [file_report.error for file_report in reports if file_report.error]
    for file_report in reports:
        sys.stdout.write(file_report.diff)
    fixes = sum(file_report.fixed for file_report in reports if file_report.diff)
    changed = sum(1 for file_report in reports if file_report.diff)
    if not quiet:
        print(
            f"{fixes} fix{'es' if fixes != 1 else ''} in {changed} file{'s' if changed != 1 else ''} would be applied.",
            file=sys.stderr,
        )
    for error in errors:
        print(f"lint-cache: error: {printable_lines(error)}", file=sys.stderr)
    if errors:
        return exit_codes.ERROR
    return exit_codes.FINDINGS if changed else exit_codes.CLEAN


MAX_ORIGINS_NAMED = 3  # more places than this and the summary counts them (`--show-settings` names each)


def releases(settings: list[Settings]) -> str:
    """`Streamlit 1.35 from requirements.txt`: each release the files were checked as, once, with
    where it came from; `1.35 from a/requirements.txt, 1.67 from b/pyproject.toml` when they differ,
    and `1.67 from 12 files` for a release that many requirement or configuration files give."""
    origins = list(dict.fromkeys(release_origin(each) for each in settings))
    if len(origins) <= MAX_ORIGINS_NAMED:
        return "Streamlit " + ", ".join(origins) if origins else ""
    by_release: dict[str, list[str]] = {}
    for origin in origins:
        by_release.setdefault(origin.split(" ", 1)[0].rstrip(","), []).append(origin)
    described = [
        group[0] if len(group) == 1 else f"{release} from {len(group)} places"
        for release, group in sorted(by_release.items(), key=lambda item: -len(item[1]))
    ]
    if len(described) > MAX_ORIGINS_NAMED:
        others = len(described) - MAX_ORIGINS_NAMED
        described = [*described[:MAX_ORIGINS_NAMED], f"{others} other release{'s' if others > 1 else ''}"]
    return "Streamlit " + ", ".join(described)


def release_origin(settings: Settings) -> str:
    version = settings.streamlit_version
    release = f"{version.major}.{version.minor}" if settings.version_source == "requirement" else str(version)
    if settings.version_source == "option":
        return f"{release} from --streamlit-version"
    if settings.version_source == "from-option":
        return f"{release} from --from"
    if settings.version_source == "installed":
        return f"{release} installed"
    if settings.version_source == "default":
        return f"{release}, the newest release known"
    return f"{release} from {_shown_path(settings.version_file)}" if settings.version_file else release


def _shown_path(path: str) -> str:
    relative = os.path.relpath(path)
    return relative if not relative.startswith("..") else path


def summary(
    diagnostics: list[Diagnostic],
    checked: int,
    fixed: int,
    not_linted: int = 0,
    checked_as: str = "",
    errors: int = 0,
    fix_command: str = "lint-cache check --fix",
) -> str:
    checked_note = f"{checked} file{'' if checked == 1 else 's'} checked" + (f", {fixed} fixed" if fixed else "")
    if not_linted:
        checked_note += f", {not_linted} not linted: see the notes above"
    if checked_as:
        checked_note += f", {checked_as}"
    if errors:  # something was not checked or not written
        checked_note += f"; {errors} error{'' if errors == 1 else 's'}, see stderr"
    if not diagnostics:
        # Never "All checks passed" when a file was left out or an error stopped one: passing says
        # nothing about it.
        passed = "No problems found" if not_linted or errors else "All checks passed"
        return f"{passed} ({checked_note}).\n"
    problems = "problem" if len(diagnostics) == 1 else "problems"
    text = f"Found {len(diagnostics)} {problems} ({checked_note})"
    fixable = sum(1 for d in diagnostics if d.fix_safety == SAFE)
    hidden = sum(1 for d in diagnostics if d.fix_safety == UNSAFE)
    if fixable:
        text += f"; {fixable} fixable with `{fix_command}`"
    if hidden:
        # ruff's "hidden fixes": fixes that may change behaviour, applied only when asked for.
        unsafe_command = f"{fix_command} --unsafe-fixes"
        more = f" ({hidden} more with `{unsafe_command}`)"
        text += more if fixable else f"; {hidden} fixable with `{unsafe_command}`"
    return text + ".\n"


def fix_only_summary(checked: int, fixed: int, remaining: int, checked_as: str, errors: int) -> str:
    checked_note = f"{checked} file{'' if checked == 1 else 's'} checked"
    if checked_as:
        checked_note += f", {checked_as}"
    if errors:
        checked_note += f"; {errors} error{'' if errors == 1 else 's'}, see stderr"
    left = f", {remaining} left: run `lint-cache check` to see them" if remaining else ""
    return f"Fixed {fixed} problem{'' if fixed == 1 else 's'}{left} ({checked_note}).\n"


def fixes_by_file(reports: list[FileReport], heading: str = "Fixed") -> str:
    """--show-fixes: `app.py:` then `  2 × STC201 deprecated-st-cache` for each rule a fix mended."""
    lines = []
    for file_report in sorted(reports, key=lambda file_report: file_report.path):
        if not file_report.fixed_codes:
            continue
        lines.append(f"{printable(file_report.path)}:")
        counts = Counter(file_report.fixed_codes)
        for code in sorted(counts):
            rule = RULES_BY_CODE.get(code)
            lines.append(f"  {counts[code]} × {code} {rule.name if rule else ''}".rstrip())
    if not lines:
        return f"{heading} 0 problems.\n" if reports else ""
    total = sum(file_report.fixed for file_report in reports)
    return f"{heading} {total} problem{'' if total == 1 else 's'}:\n" + "\n".join(lines) + "\n"
