"""The `lint-cache` command: `check`, `rule`, `estimate`, `simulate`, `upgrade`, `server`, `clean`.

Exit codes, as ruff's: 0 no findings, 1 findings, 2 a usage error or a file that could not be linted.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from typing import Optional, Sequence

from lint_cache import __version__, byte_sizes, config
from lint_cache.diagnostics import SAFE, UNSAFE, Diagnostic
from lint_cache.frontends import (
    exit_codes,
    notes,
    options,
    output_formats,
    reporters,
    result_cache,
    rule_docs,
    terminal,
)
from lint_cache.frontends.cli import check_options, estimate_command, simulate_command, upgrade_command
from lint_cache.frontends.cli.runner import DIFF, FIX, REPORT, FileReport, lint_paths
from lint_cache.frontends.display import printable, printable_lines
from lint_cache.frontends.replacements import FixFinder
from lint_cache.frontends.result_cache import ResultCache
from lint_cache.frontends.source_lines import SourceLines
from lint_cache.knowledge import streamlit_api
from lint_cache.project import files
from lint_cache.project.ignore_files import IgnoreFiles
from lint_cache.rules import RULES, RULES_BY_CODE, RULES_BY_NAME
from lint_cache.settings import Settings, SettingsError


class UsageError(Exception):
    """A bad option value; printed as `lint-cache: error: ...`, exit 2."""


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        # The command's own usage, not the top level's: `check --colour` should show check's options.
        args.command_parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    try:
        return args.run(args)
    except (UsageError, SettingsError) as error:
        print(f"lint-cache: error: {printable_lines(str(error))}", file=sys.stderr)
        return exit_codes.ERROR
    except KeyboardInterrupt:
        return exit_codes.INTERRUPTED
    except BrokenPipeError:  # `lint-cache check | head`
        return exit_codes.CLEAN


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lint-cache",
        description="Find Streamlit caching mistakes: widgets and side effects inside cached functions, "
        "deprecated decorators, unhashable parameters and cache blow-up.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"lint-cache {__version__} (knows Streamlit {streamlit_api.known_range()})",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    check = commands.add_parser(
        "check", help="lint files and folders", description="Lint Python files for Streamlit caching mistakes."
    )
    check.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders (default: .), folders searched for *.py, *.pyi and *.ipynb; - for the text on "
        "standard input",
    )
    check.add_argument(
        "--stdin-filename",
        metavar="PATH",
        help="the path of the text on standard input: its settings apply and findings are reported under it",
    )
    options.add_to_parser(check.add_argument_group("settings"))
    check_options.add_output_arguments(check)
    check_options.add_fix_arguments(check)
    check_options.add_file_arguments(check)
    check_options.add_performance_arguments(check, _jobs)
    check.set_defaults(run=run_check)

    rule = commands.add_parser("rule", help="explain a rule", description="Print a rule's documentation.")
    rule.add_argument(
        "code", nargs="?", metavar="RULE", help="a rule's code or name, such as STC102 or widget-in-cache"
    )
    rule.add_argument("--all", action="store_true", help="list every rule")
    rule.set_defaults(run=run_rule)
    estimate_command.register(commands)
    simulate_command.register(commands)
    upgrade_command.register(commands)

    server = commands.add_parser(
        "server",
        help="run the language server (needs lint-cache[lsp])",
        description="Serve diagnostics, quick fixes and rule pages to an editor over the Language Server "
        "Protocol on standard input and output. Each document takes the settings `lint-cache check` "
        "would use for its path; the options below win over the configuration files.",
    )
    options.add_to_parser(server)
    server.add_argument(
        "--max-message-size",
        type=_message_size,
        default=None,
        metavar="SIZE",
        help="the largest message the server reads from the editor, e.g. 64MiB (the default); a larger "
        "one is skipped unread, with a message in the editor's log",
    )
    server.set_defaults(run=run_server)

    clean = commands.add_parser(
        "clean",
        help="remove the result cache",
        description="Remove the result cache of the working folder (or $XDG_CACHE_HOME/lint-cache), as "
        "`ruff clean` does; the signing key in your own cache folder stays.",
    )
    clean.set_defaults(run=run_clean)
    for command in commands.choices.values():
        command.set_defaults(command_parser=command)
    return parser


def run_clean(args: argparse.Namespace) -> int:
    import shutil

    folder = result_cache.default_folder()
    if not folder.is_dir() or folder.is_symlink():
        print(f"No result cache at {folder}.", file=sys.stderr)
        return exit_codes.CLEAN
    shutil.rmtree(folder)
    print(f"Removed the result cache at {folder}.", file=sys.stderr)
    return exit_codes.CLEAN


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError("needs at least 1")
    return jobs


def run_check(args: argparse.Namespace) -> int:
    args.fix = args.fix or args.fix_only
    if args.unsafe_fixes and not (args.fix or args.diff):
        raise UsageError("--unsafe-fixes needs --fix or --diff")
    if args.show_fixes and not (args.fix or args.diff):
        raise UsageError("--show-fixes lists what --fix or --diff mends: give one of them")
    if args.output is not None and (
        args.output.endswith(files.PYTHON_SUFFIXES) or os.path.realpath(args.output).endswith(files.PYTHON_SUFFIXES)
    ):
        # A file name such as `--output=app.py` committed to a repository must not overwrite code.
        raise UsageError(f"--output {printable(args.output)}: refusing to write the report over a Python file")
    resolver = options.resolver_from(args)
    mode = FIX if args.fix else DIFF if args.diff else REPORT
    ignore_files = IgnoreFiles() if args.respect_gitignore else None
    if "-" in args.paths or args.stdin_filename is not None:
        return run_stdin(args, resolver, mode)
    paths, errors = files.discover(
        args.paths or ["."], excluded=resolver.excludes, ignore_files=ignore_files, force_exclude=args.force_exclude
    )
    if args.show_files or args.show_settings:
        return report_paths(args, paths, errors, resolver)
    if not paths and not errors:
        # Everything named was excluded, or holds no Python file: say so rather than "All checks passed".
        print("lint-cache: warning: No Python files found under the given paths", file=sys.stderr)
    # Fixes are always computed afresh: the cache holds findings, not the edits that mend them.
    cache = None if args.no_cache or mode != REPORT else ResultCache(result_cache.default_folder())
    tasks = [(path, resolver.settings_for(path)) for path in paths]
    for note in resolver.notes:
        print(f"lint-cache: note: {note}", file=sys.stderr)
    note_unknown_versions(settings for _, settings in tasks)
    for note in notes.settings_notes(resolver.given.select, (settings for _, settings in tasks)):
        print(f"lint-cache: note: {note}", file=sys.stderr)
    reports = lint_paths(tasks, mode, args.unsafe_fixes, args.jobs, cache)
    for file_report in reports:
        if file_report.note:
            print(f"lint-cache: note: {file_report.note}", file=sys.stderr)
    if mode == DIFF:
        if args.show_fixes:
            sys.stderr.write(fixes_by_file(reports, heading="Would fix"))
        return report_diff(reports, errors, args.quiet)
    if args.add_noqa:
        return report_added_noqa(reports, errors)
    return report(args, reports, errors, resolver, releases([settings for _, settings in tasks]))


def note_unknown_versions(all_settings) -> None:
    """A note on stderr for each Streamlit release outside the range lint-cache knows."""
    for version in sorted({settings.streamlit_version for settings in all_settings}):
        if streamlit_api.outside_known(version):
            print(f"lint-cache: note: {streamlit_api.outside_known_note(version)}", file=sys.stderr)


def report_paths(
    args: argparse.Namespace, paths: list[str], errors: list[str], resolver: config.SettingsResolver
) -> int:
    """--show-files and --show-settings."""
    from lint_cache.frontends.cli import show

    for error in errors:
        print(f"lint-cache: error: {printable_lines(error)}", file=sys.stderr)
    if args.show_settings:
        if not paths:
            raise UsageError("--show-settings needs a file to show the settings of")
        write_report(show.show_settings(paths[0], resolver), args.output)
    else:
        write_report(show.show_files(paths), args.output)
    return exit_codes.ERROR if errors else exit_codes.CLEAN


def report_added_noqa(reports: list[FileReport], errors: list[str]) -> int:
    from lint_cache.frontends.cli import add_noqa

    errors = errors + [file_report.error for file_report in reports if file_report.error]
    added, skipped, failures = add_noqa.add_to_files(
        (file_report.path, file_report.diagnostics) for file_report in reports if not file_report.error
    )
    errors += failures
    print(f"Added {added} noqa comment{'' if added == 1 else 's'}.", file=sys.stderr)
    if skipped:
        print(
            f"lint-cache: note: {skipped} line{' was' if skipped == 1 else 's were'} left alone: the line ends "
            "inside a string, after a backslash, or in a notebook",
            file=sys.stderr,
        )
    for error in errors:
        print(f"lint-cache: error: {printable_lines(error)}", file=sys.stderr)
    return exit_codes.ERROR if errors else exit_codes.CLEAN


def run_stdin(args: argparse.Namespace, resolver: config.SettingsResolver, mode: str) -> int:
    """Check the text on standard input; with --fix, write the fixed text to standard output and
    the report to standard error."""
    from lint_cache.frontends.cli import standard_input  # it parses whatever it is given: the engine

    if args.paths not in ([], ["-"]):
        raise UsageError("standard input (`-`, or --stdin-filename) cannot be combined with other paths")
    path = args.stdin_filename or "-"
    data = sys.stdin.buffer.read()
    if resolver.excludes(path):  # editors name every file: the configuration's exclude holds
        reports, output = [], data if mode == FIX else b""
    else:
        file_report, output = standard_input.lint(data, path, resolver.settings_for(path), mode, args.unsafe_fixes)
        reports = [file_report]
    if mode == DIFF:
        return report_diff(reports, [])
    if mode == FIX:
        sys.stdout.buffer.write(output)
        sys.stdout.flush()
    checked_as = releases([resolver.settings_for(path)])
    return report(args, reports, [], resolver, checked_as, sys.stderr if mode == FIX else sys.stdout)


def run_server(args: argparse.Namespace) -> int:
    options.resolver_from(args)  # a bad option is an error now, not in the editor later
    try:
        from lint_cache.frontends.lsp import server
    except ImportError as error:
        if error.name is None or error.name.partition(".")[0] not in ("pygls", "lsprotocol", "cattrs"):
            raise
        raise UsageError(
            f"`lint-cache server` needs the language server extra ({error.name} is not installed): "
            "pip install 'lint-cache[lsp]'"
        ) from None
    return server.serve(lambda: options.resolver_from(args), args.max_message_size)


def _message_size(text: str) -> int:
    try:
        size = byte_sizes.parse_size(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if size < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive size")
    return size


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


def run_rule(args: argparse.Namespace) -> int:
    if args.all or args.code is None:
        for rule in RULES:
            print(f"{rule.code}  {rule.name:<32}  {rule.summary}")
        return exit_codes.CLEAN
    rule = RULES_BY_CODE.get(args.code.upper()) or RULES_BY_NAME.get(args.code.lower())
    page = rule_docs.rule_page(rule.code) if rule is not None else None
    if page is None:
        raise UsageError(f"unknown rule {args.code!r} (see `lint-cache rule --all`)")
    sys.stdout.write(page if page.endswith("\n") else page + "\n")
    return exit_codes.CLEAN
