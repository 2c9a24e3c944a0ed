"""The `lint-cache` command: `check`, `rule`, `estimate`, `simulate`, `upgrade`, `server`, `clean`.

Exit codes, as ruff's: 0 no findings, 1 findings, 2 a usage error or a file that could not be linted.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Optional, Sequence

from lint_cache import __version__, byte_sizes, config
from lint_cache.frontends import exit_codes, notes, options, result_cache, rule_docs
from lint_cache.frontends.cli import check_options, estimate_command, simulate_command, upgrade_command
from lint_cache.frontends.cli.check_report import fixes_by_file, releases, report, report_diff, write_report
from lint_cache.frontends.cli.file_report import DIFF, FIX, REPORT, FileReport
from lint_cache.frontends.cli.runner import lint_paths
from lint_cache.frontends.display import printable, printable_lines
from lint_cache.frontends.result_cache import ResultCache
from lint_cache.knowledge import streamlit_api
from lint_cache.project import files
from lint_cache.project.ignore_files import IgnoreFiles
from lint_cache.rules import RULES, RULES_BY_CODE, RULES_BY_NAME
from lint_cache.settings import SettingsError


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
