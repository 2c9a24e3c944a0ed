"""`lint-cache upgrade`: what breaks when the app moves from the Streamlit release it deploys to a
newer one, the way pyupgrade and django-upgrade answer it for Python and Django.

Each file is checked twice: at the release it deploys (its pin, as `check` resolves it, or
`--from`) and at the target (`--to`, default the newest release known). A finding is an upgrade
problem when the target makes it worse: new there (a widget that worked through replay is inert, an
option that becomes a TypeError), or a warning that becomes an error. Findings the same at both
releases are not (`--all` shows every finding at the target). `--fix` applies only the fixes that
hold at both releases: the decorator replacements (memo → cache_data, singleton → cache_resource,
`st.cache` → cache_data / cache_resource) that the pinned release already offers, whose targets
exist in every later release.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from typing import Optional

from packaging.version import Version

from lint_cache.diagnostics import ERROR, Diagnostic
from lint_cache.frontends import exit_codes, options
from lint_cache.frontends.cli import check_options, check_report
from lint_cache.frontends.cli.file_report import DIFF, FIX, REPORT, FileReport
from lint_cache.frontends.cli.runner import lint_paths
from lint_cache.knowledge import releases, streamlit_api
from lint_cache.project import files
from lint_cache.settings import Settings, parse_version

# The fixes that hold at the pinned release and every later one (see the module's docstring).
BOTH_RELEASE_FIXES = ("STC201", "STC202")
FROM_OPTION = "from-option"  # a version source: the release given with --from


def register(commands) -> None:
    parser = commands.add_parser(
        "upgrade",
        help="what breaks when the app moves to a newer Streamlit",
        description="Report the findings that a newer Streamlit makes worse than the release each file "
        "deploys today (its pin, or --from): new at the target, or a warning that becomes an error.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: .)")
    parser.add_argument(
        "--to",
        metavar="X.Y",
        default=str(streamlit_api.LATEST_KNOWN),
        help=f"the release to move to (default: {streamlit_api.LATEST_KNOWN}, the newest known)",
    )
    parser.add_argument(
        "--from",
        dest="from_release",
        metavar="X.Y",
        help="the release deployed today (default: each file's pin, as `check` resolves it)",
    )
    parser.add_argument("--all", action="store_true", help="also show the findings that are the same at both")
    parser.add_argument(
        "--notes",
        action="store_true",
        help="print what changes for caching between --from (default 1.0) and --to, release by release, as "
        "read from the wheels, and check nothing",
    )
    options.add_to_parser(parser.add_argument_group("settings"))
    check_options.add_output_arguments(parser)
    fixing = parser.add_argument_group("fixes")
    fixing.add_argument("--fix", action="store_true", help="apply the fixes that hold at both releases")
    fixing.add_argument("--diff", action="store_true", help="print those fixes as a unified diff; write nothing")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    target = parse_version(args.to)
    if args.notes:
        sys.stdout.write(upgrade_notes(parse_version(args.from_release or "1.0"), target))
        return exit_codes.CLEAN
    resolver = options.resolver_from(args)
    paths, errors = files.discover(args.paths or ["."], excluded=resolver.excludes)
    deployed = [(path, _deployed(resolver.settings_for(path), args.from_release)) for path in paths]
    for note in resolver.notes:
        print(f"lint-cache: note: {note}", file=sys.stderr)
    if args.fix or args.diff:
        fixing = [(path, replace(settings, select=BOTH_RELEASE_FIXES)) for path, settings in deployed]
        fixing = [(path, settings) for path, settings in fixing if settings.streamlit_version < target]
        reports = lint_paths(fixing, DIFF if args.diff else FIX)
        if args.diff:
            return check_report.report_diff(reports, errors, args.quiet)
        fixed_by = {report.path: report.fixed_codes for report in reports}
    else:
        fixed_by = {}
    before = {report.path: report for report in lint_paths(deployed, REPORT)}
    at_target = lint_paths([(path, _at(settings, target)) for path, settings in deployed], REPORT)
    settings_of = dict(deployed)
    reports = [
        FileReport(
            report.path,
            upgrade_problems(before[report.path], report, settings_of[report.path], target, args.all),
            error=report.error or before[report.path].error,
            fixed_codes=fixed_by.get(report.path, ()),
            note=report.note,
        )
        for report in at_target
    ]
    checked_as = _releases([settings for _, settings in deployed], target)
    args.fix_command = "lint-cache upgrade --fix"
    status = check_report.report(args, reports, errors, resolver, checked_as)
    return status if status != exit_codes.CLEAN or not args.fix else exit_codes.CLEAN


def _deployed(settings: Settings, from_release: Optional[str]) -> Settings:
    if from_release is None:
        return settings
    release = parse_version(from_release)
    return replace(settings, streamlit_version=release, version_source=FROM_OPTION, version_file=None)


def _at(settings: Settings, target: Version) -> Settings:
    return replace(settings, streamlit_version=target, version_source="option", version_file=None)


def upgrade_problems(
    before: FileReport, after: FileReport, deployed: Settings, target: Version, show_all: bool
) -> list[Diagnostic]:
    """The target's findings that are worse than at the deployed release, each saying what happens
    at both: `[Streamlit 1.30: no finding → 1.67: error]`."""
    earlier = {_place(d): d for d in before.diagnostics}
    pinned, moved = _short(deployed.streamlit_version), _short(target)
    problems = []
    for d in after.diagnostics:
        old = earlier.get(_place(d))
        worse = old is None or (old.severity != ERROR and d.severity == ERROR)
        if not worse and not show_all:
            continue
        was = "no finding" if old is None else old.severity
        # Only the fixes `upgrade --fix` applies are offered here.
        offered = d.fix_safety if d.code in BOTH_RELEASE_FIXES else None
        message = f"{d.message} [Streamlit {pinned}: {was} → {moved}: {d.severity}]"
        problems.append(replace(d, message=message, fix_safety=offered))
    return problems


def _place(d: Diagnostic) -> tuple:
    return (d.path, d.cell, d.line, d.column, d.code)


def _short(version: Version) -> str:
    return f"{version.major}.{version.minor}"


def _releases(deployed: list[Settings], target: Version) -> str:
    return f"upgrading {check_report.releases(deployed)} to {_short(target)}"


def upgrade_notes(start: Version, end: Version) -> str:
    """What changes for caching from `start` to `end`, release by release, generated from the
    release data (`knowledge/releases.json`, read from the wheels): public names of `st` that
    appear or go away, and the cache decorators' options that each release adds or drops."""
    read = releases.releases_read()
    steps = [version for version in read if releases.minor_of(start) < version <= releases.minor_of(end)]
    lines = [
        f"Streamlit {_short(start)} → {_short(end)}: what changes for apps and their caches, read from the wheels",
        "",
    ]
    for before, after in zip([releases.minor_of(start), *steps], steps):
        changes = _changes(before, after)
        if changes:
            lines.append(f"{_short(after)}:")
            lines += [f"  - {change}" for change in changes]
    if len(lines) == 2:
        lines.append("nothing")
    return "\n".join(lines) + "\n"


def _changes(before: Version, after: Version) -> list[str]:
    changes = []
    gone, new = [], []
    for name in sorted(releases.data()["exports"]):
        if not name[0].islower():
            continue  # typing names and classes the module happened to import
        was, now = releases.available("exports", name, before), releases.available("exports", name, after)
        if was and not now:
            gone.append(f"st.{name}")
        elif now and not was:
            new.append(f"st.{name}")
    if gone:
        changes.append(f"removed (AttributeError from here on): {', '.join(gone)}")
    if new:
        changes.append(f"new: {', '.join(new)}")
    for decorator, taken in sorted(releases.data()["cache_options"].items()):
        if not releases.available("exports", decorator, after):
            continue
        added = [o for o in sorted(taken) if _option(decorator, o, after) and not _option(decorator, o, before)]
        dropped = [o for o in sorted(taken) if _option(decorator, o, before) and not _option(decorator, o, after)]
        if added:
            changes.append(f"st.{decorator} takes {', '.join(added)}")
        if dropped:
            changes.append(f"st.{decorator} no longer takes {', '.join(dropped)} (TypeError when decorated)")
    return changes


def _option(decorator: str, option: str, version: Version) -> bool:
    return any(version in span for span in releases.ranges("cache_options", decorator, option))
