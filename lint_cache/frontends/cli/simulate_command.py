"""`lint-cache simulate APP.py`: run an app under the reference runtime and report its caches.

Exit codes as `check`: 0 the app ran, 2 a usage error or an error in the app (reported with the
app's own file and line; the simulator never shows its own traceback).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict
from typing import TYPE_CHECKING, Any, Optional

from lint_cache import byte_sizes
from lint_cache.frontends import exit_codes, options
from lint_cache.frontends.display import printable
from lint_cache.frontends.progress import ProgressLine
from lint_cache.runtime.errors import SimulationError
from lint_cache.runtime.limits import DEFAULT_MAX_RUNS
from lint_cache.settings import SettingsError

if TYPE_CHECKING:
    from lint_cache.runtime import AppError, SimulationResult


def register(commands: Any) -> None:
    """Add the `simulate` subcommand to the subparsers of `lint_cache.frontends.cli.main.build_parser`."""
    simulate = commands.add_parser(
        "simulate",
        help="run an app under the reference cache runtime",
        description="Run a Streamlit app script under lint-cache's model of Streamlit's caching (never under "
        "real Streamlit) and report, per cached function, how often its body ran and what its cache holds.",
    )
    simulate.add_argument("app", metavar="APP.py", help="the app script")
    options.add_version_to_parser(simulate, "the Streamlit release to model")
    runs = simulate.add_mutually_exclusive_group()
    runs.add_argument(
        "--runs",
        metavar="RUNS.json",
        help="a JSON list with one object per script run, mapping a widget label or key to the value to set "
        "before that run; {} reruns as is; the first object is {}, as no widget is shown yet "
        '(default: [{}], one run). "@session": "name" runs it in that session (several sessions share the '
        'caches); "@session_state", "@query_params", "@user", "@context" (objects) set what that session '
        'sends; "@end_session": "name" ends that session first (its scope="session" caches are dropped); '
        '"@sleep": seconds lets that much time pass first (ttl, refresh_mode="background")',
    )
    runs.add_argument(
        "--enumerate", action="store_true", help="run every combination of the widgets' finite value sets"
    )
    simulate.add_argument(
        "--max-runs",
        type=int,
        default=DEFAULT_MAX_RUNS,
        metavar="N",
        help=f"refuse --enumerate above this many runs (default: {DEFAULT_MAX_RUNS:,})",
    )
    simulate.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"stop the app when one script run takes longer (default: {DEFAULT_TIMEOUT:g})",
    )
    simulate.add_argument(
        "--max-memory",
        type=_memory,
        default=None,
        metavar="SIZE",
        help="the memory the app may allocate, e.g. 2GiB (default: $LINT_CACHE_MAX_MEMORY, else 4GiB)",
    )
    simulate.add_argument(
        "--output-format",
        "--format",
        dest="format",
        choices=("table", "json"),
        default="table",
        help="output format (default: table); --format is an alias",
    )
    simulate.set_defaults(run=run_simulate)


DEFAULT_TIMEOUT = 60.0


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 < seconds < 10**9:  # also refuses NaN and infinity
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number of seconds")
    return seconds


def _memory(text: str) -> int:
    try:
        return byte_sizes.parse_size(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def run_simulate(args: argparse.Namespace) -> int:
    # The runtime and the sandbox are a fifth of a second of imports that no other command needs.
    from lint_cache.frontends.cli import app_sandbox
    from lint_cache.processes import isolation
    from lint_cache.runtime.simulation import simulate_app

    progress = ProgressLine("simulate run", approximate=True) if sys.stderr.isatty() else None
    try:
        # As `check` does: the option, else [tool.lint-cache] above the app, else the installed Streamlit.
        settings = options.resolver_from(args).settings_for(args.app)
        version, source = settings.streamlit_version, settings.version_source
        # server.maxCacheDataSize from the .streamlit/config.toml that `streamlit run` would read.
        budget = settings.cache_data_budget
        runs = read_runs(args.runs) if args.runs else None
        print(
            f"lint-cache: note: simulate runs the code of {printable(args.app)} with your privileges, once per "
            f"script run, as `streamlit run` would (each run is stopped after --timeout {args.timeout:g} s)",
            file=sys.stderr,
        )
        kind, value = app_sandbox.run_contained(
            lambda around_run, child_progress: simulate_app(
                args.app,
                version,
                runs=runs,
                enumerate=args.enumerate,
                max_runs=args.max_runs,
                progress=child_progress,
                around_run=around_run,
                cache_data_budget=budget,
            ),
            args.timeout,
            args.max_memory or isolation.memory_limit(),
            progress,
        )
        if kind == "raised":
            raise value
        if kind == "ended":
            return app_ended(args.app, *value)
        result = value
    except (SimulationError, SettingsError) as error:
        return fail(str(error))
    except SyntaxError as error:
        return fail(f"{error.filename}:{error.lineno}: SyntaxError: {error.msg}")
    except Exception as error:  # noqa: BLE001 - a bug in the runtime: one line, never a traceback
        return fail(
            f"internal error in the reference runtime ({type(error).__name__}: {error}); please report it with the app"
        )
    finally:
        if progress is not None:
            progress.clear()
    if args.format == "json":
        print(json.dumps(result.to_json()))
    else:
        sys.stdout.write(table(result, f"Streamlit {version} ({source})", settings.cache_data_budget_source))
    for line in error_lines(result.errors):
        print(line, file=sys.stderr)
    for note in missing_module_notes(result.errors):
        print(f"lint-cache: note: {note}", file=sys.stderr)
    return exit_codes.ERROR if result.errors else exit_codes.CLEAN


def missing_module_notes(errors: list[AppError]) -> list[str]:
    """What to install where, for the app's imports that lint-cache's own Python cannot find: the
    app runs there, with the reference runtime standing in for Streamlit. (An import name is not
    always its package's name, `PIL` is Pillow's: the note names the modules, not a pip command.)"""
    messages = sorted({error.message for error in errors if error.type == "ModuleNotFoundError"})
    names = [message.split("'")[1].partition(".")[0] for message in messages if message.count("'") >= 2]
    if not names:
        return []
    modules = ", ".join(f"`{name}`" for name in dict.fromkeys(names))
    return [
        f"{modules} cannot be imported by lint-cache's own Python ({sys.executable}), where simulate runs the app "
        "(Streamlit itself is not needed: the reference runtime stands in for it): install the app's requirements "
        f"there (`{sys.executable} -m pip install -r requirements.txt`), or install lint-cache into the app's "
        "environment and run simulate from it"
    ]


def read_runs(path: str) -> list[dict[str, Any]]:
    try:
        with open(path, encoding="utf-8") as file:
            runs = json.load(file, parse_constant=_not_json)
    except OSError as error:
        raise SimulationError(f"--runs: cannot read {path}: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise SimulationError(f"--runs: {path} is not UTF-8 text: {error}") from None
    except json.JSONDecodeError as error:
        raise SimulationError(f"--runs: {path} is not JSON: {error}") from None
    except ValueError as error:  # NaN or Infinity, which JSON does not have
        raise SimulationError(f"--runs: {path}: {error}") from None
    except RecursionError:
        raise SimulationError(f"--runs: {path} nests lists or objects too deeply") from None
    if not isinstance(runs, list) or not all(isinstance(run, dict) for run in runs):
        raise SimulationError(f"--runs: {path} must hold a JSON list of objects, one per script run")
    return runs


def _not_json(constant: str) -> None:
    raise ValueError(f"{constant} is not a JSON value")


def app_ended(app: str, what: str, frames: Optional[list[tuple[str, int, str]]], run: int) -> int:
    """Report what ended the app (sys.exit, os._exit, a time limit, a crash) at the app's own line."""
    folder = os.path.dirname(os.path.abspath(app)) + os.sep
    in_app = [frame for frame in frames or [] if os.path.abspath(frame[0]).startswith(folder)]
    if in_app:
        file, line, source = in_app[-1]
        print(f"{printable(file)}:{line}: {what} (in run {run})", file=sys.stderr)
        if source:
            print(f"    {printable(source)}", file=sys.stderr)
    else:
        print(f"{printable(app)}: {what} (in run {run})", file=sys.stderr)
    return exit_codes.ERROR


def fail(message: str) -> int:
    print(f"lint-cache: error: {message}", file=sys.stderr)
    return exit_codes.ERROR


def table(result: SimulationResult, target: str, budget_source: Optional[str] = None) -> str:
    lines = [f"{target}: {result.runs} run{'s' if result.runs != 1 else ''}"]
    rows = [("function", "line", "body runs", "entries", "results")]
    rows += [(f.name, str(f.line), str(f.body_runs), str(f.entries), str(f.results)) for f in result.functions]
    if len(rows) == 1:
        lines.append("no cached function was called")
    else:
        widths = [max(len(row[column]) for row in rows) for column in range(5)]
        for row in rows:
            lines.append(
                "  ".join(
                    [row[0].ljust(widths[0])] + [cell.rjust(width) for cell, width in zip(row[1:], widths[1:])]
                ).rstrip()
            )
    runs_by_warning: dict[tuple[str, str], list[int]] = defaultdict(list)
    for warning in result.warnings:
        runs_by_warning[(warning.code, warning.function)].append(warning.run)
    for (code, function), runs in runs_by_warning.items():
        lines.append(
            f"{code} in {function}(): shown {len(runs)} time{'s' if len(runs) != 1 else ''}, in {run_list(runs)}"
        )
    runs_by_deprecation: dict[str, list[int]] = defaultdict(list)
    for run, feature in result.deprecations:
        runs_by_deprecation[feature].append(run)
    for feature, runs in runs_by_deprecation.items():
        lines.append(f"deprecated: {feature} (in {run_list(runs)})")
    lines += cache_event_lines(result, budget_source)
    lines += [f"run {run}: {event}" for run, event in result.events]
    if result.not_enumerated:
        lines.append(
            "not enumerated (no finite value set, kept at their defaults): " + ", ".join(result.not_enumerated)
        )
    return "\n".join(lines) + "\n"


def cache_event_lines(result: SimulationResult, budget_source: Optional[str]) -> list[str]:
    """Session scope, the values given to on_release, evicted entries, background refreshes."""
    lines = []
    per_session = [f"{f.name}()" for f in result.functions if f.scope == "session"]
    if per_session:
        lines.append(f'scope="session": {", ".join(per_session)}: one cache per session, dropped when it ends')
    # (kind, function, eviction reason) -> [(run, detail)], in the order they first happened
    grouped: dict[tuple[str, str, str], list[tuple[int, str]]] = defaultdict(list)
    for run, event in result.cache_events:
        reason = event.detail if event.kind == "evicted" else ""
        grouped[(event.kind, event.function, reason)].append((run, event.detail))
    for (kind, function, reason), happened in grouped.items():
        runs = run_list([run for run, _ in happened])
        times = f"{len(happened)} time{'s' if len(happened) != 1 else ''}"
        details = [detail for _, detail in happened]
        if kind == "released":
            values = ", ".join(details[:3]) + (", ..." if len(details) > 3 else "")
            lines.append(f"on_release of {function}(): called {times}, in {runs}, with {values}")
        elif kind == "evicted":
            if reason == "server.maxCacheDataSize":
                budget = budget_source or f"{result.cache_data_budget:,} bytes"
                reason = f"server.maxCacheDataSize ({budget})"
            entries = f"{len(happened)} entr{'ies' if len(happened) != 1 else 'y'}"
            lines.append(f"evicted from {function}() by {reason}: {entries}, in {runs}")
        elif kind == "refreshed":
            lines.append(f"{function}(): a stale value served and refreshed in the background {times}, in {runs}")
        else:
            lines.append(f"{function}(): a background refresh failed {times}, in {runs}: {details[0]}")
    return lines


def run_list(runs: list[int]) -> str:
    distinct = sorted(set(runs))
    listed = ", ".join(map(str, distinct[:10])) + (", ..." if len(distinct) > 10 else "")
    return f"run{'s' if len(distinct) > 1 else ''} {listed}"


def error_lines(errors: list[AppError]) -> list[str]:
    """Each distinct error once, with the app's file and line and the runs it happened in."""
    runs_by_error: dict[tuple, list[int]] = defaultdict(list)
    for error in errors:
        runs_by_error[(error.file, error.line, error.type, error.message, error.source, error.internal)].append(
            error.run
        )
    lines = []
    for (file, line, kind, message, source, internal), runs in runs_by_error.items():
        where = f"{file}:{line}: " if file else ""
        if internal:
            lines.append(
                f"lint-cache: internal error in the reference runtime at {where or 'the app, '}{kind}: {message} "
                f"(in {run_list(runs)}); please report it"
            )
            continue
        lines.append(f"{where}{kind}: {message} (in {run_list(runs)})")
        if source:
            lines.append(f"    {source}")
    return lines
