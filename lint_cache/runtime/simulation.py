"""Running an app script under the reference runtime: a scripted sequence of runs, or every
combination of its widgets' finite values.
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import sys
import time
import tokenize
import traceback
import types
from dataclasses import dataclass, field
from typing import Any, Callable, ContextManager, Iterator, Optional, Sequence, Union

from packaging.version import Version

from lint_cache.runtime.caches import CacheEvent
from lint_cache.runtime.errors import SimulationError, is_modelled, streamlit_name
from lint_cache.runtime.limits import DEFAULT_MAX_RUNS
from lint_cache.runtime.module import installed
from lint_cache.runtime.server import FunctionReport, Server
from lint_cache.runtime.session import RunOutcome, Session
from lint_cache.runtime.store import Clock
from lint_cache.runtime.value_sets import same_value
from lint_cache.runtime.widgets import WidgetSpec

RUNTIME_DIRECTORY = os.path.dirname(os.path.abspath(__file__)) + os.sep
Progress = Callable[[int, int], None]  # (runs done, runs expected)


@dataclass(frozen=True)
class CacheWarning:
    run: int
    code: str
    function: str


@dataclass(frozen=True)
class AppError:
    run: int
    type: str
    message: str
    file: Optional[str]  # the app's innermost frame: where the error shows in the app's own code
    line: Optional[int]
    source: Optional[str]
    internal: bool = False  # raised by a bug in the runtime, not by the app or modelled Streamlit


@dataclass
class SimulationResult:
    version: str
    runs: int
    functions: list[FunctionReport]
    warnings: list[CacheWarning]
    errors: list[AppError] = field(default_factory=list)
    screens: list[list[str]] = field(default_factory=list)  # per run: what the page shows
    deprecations: list[tuple[int, str]] = field(default_factory=list)  # (run, deprecated feature)
    not_enumerated: list[str] = field(default_factory=list)  # widgets with no finite value set
    events: list[tuple[int, str]] = field(default_factory=list)  # (run, a change that could not happen)
    # (run, what a cache did on its own: released a value to on_release, evicted an entry, refreshed one)
    cache_events: list[tuple[int, CacheEvent]] = field(default_factory=list)
    cache_data_budget: Optional[int] = None  # server.maxCacheDataSize in bytes, when it applies

    def to_json(self) -> dict[str, Any]:
        def of(kind: str, name: str) -> list[dict[str, Any]]:
            return [
                {"run": run, "function": event.function, name: event.detail}
                for run, event in self.cache_events
                if event.kind == kind
            ]

        return {
            "runs": self.runs,
            "functions": [
                {
                    "name": f.name,
                    "line": f.line,
                    "body_runs": f.body_runs,
                    "entries": f.entries,
                    "results": f.results,
                    "scope": f.scope,
                }
                for f in self.functions
            ],
            "warnings": [{"run": w.run, "code": w.code, "function": w.function} for w in self.warnings],
            "events": [{"run": run, "event": event} for run, event in self.events],
            "releases": of("released", "value"),
            "evictions": of("evicted", "reason"),
            "background_refreshes": of("refreshed", "result") + of("refresh failed", "error"),
            "cache_data_budget": self.cache_data_budget,
        }


class TooManyRuns(SimulationError):
    pass


def simulate_app(
    path: str,
    version: Union[Version, str],
    runs: Optional[Sequence[dict[str, Any]]] = None,
    enumerate: bool = False,
    max_runs: int = DEFAULT_MAX_RUNS,
    clock: Clock = time.monotonic,
    progress: Optional[Progress] = None,
    around_run: Optional[Callable[[], ContextManager[None]]] = None,
    cache_data_budget: Optional[int] = None,
) -> SimulationResult:
    """Run the app at `path` under the reference runtime for Streamlit `version`.

    `runs`: one mapping per script run, widget label or key -> value set before that run
    (default: one run); the keys of `RUN_INPUTS` name the session the run belongs to and set its
    session state, query parameters, user and context; "@sleep" lets that many seconds pass before
    the run (ttl, background refresh) and "@end_session" ends the named session first (its
    session-scoped caches are dropped). `enumerate`: instead, run every
    combination of the finite value sets of the widgets the app shows, refusing above `max_runs`
    runs. `around_run`: a context manager around each execution of the script
    (`lint_cache.frontends.cli.app_sandbox` times it there). `cache_data_budget`:
    `server.maxCacheDataSize` in bytes (1.67+), as the project's .streamlit/config.toml sets it.
    """
    if enumerate and runs is not None:
        raise SimulationError("give either runs or enumerate, not both")
    script = AppScript(path, around_run)
    clock = SteppedClock(clock)
    server = Server(version, clock, cache_data_budget)
    session = server.new_session()
    result = SimulationResult(str(server.release.version), 0, [], [])
    result.cache_data_budget = server.budget.max_bytes if server.budget is not None else None
    with installed(server.release.version, server.commands, server.decorators()), script.importable():
        if enumerate:
            Enumeration(session, script, result, max_runs, progress, server).run()
        else:
            sessions = {session.name: session}
            for changes in runs if runs is not None else [{}]:
                if not isinstance(changes, dict):
                    raise SimulationError(
                        f"run {result.runs}: expected an object mapping widget labels or keys to values"
                    )
                clock.sleep(seconds_to_sleep(changes.get("@sleep"), result.runs))
                end_session(server, sessions, changes.get("@end_session"), result.runs)
                session = session_for(server.new_session, sessions, changes.get("@session"), result.runs)
                widget_changes = apply_inputs(session, changes, result.runs)
                outcome = session.run(script.execute, widget_changes)
                if changes.get("@session") is not None:
                    outcome.events = [f"session {session.name!r}: {event}" for event in outcome.events]
                record(result, outcome, script, server.caches.take_events())
    result.functions = server.function_reports()
    return result


# Keys of a run that are not widgets: which session runs, what it sends besides widget values,
# how long before it the app is left alone, and which session ends before it.
RUN_INPUTS = ("@session", "@session_state", "@query_params", "@user", "@context", "@sleep", "@end_session")


class SteppedClock:
    """The clock the caches read: real time, plus the seconds the runs file let pass ("@sleep")."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.slept = 0.0

    def __call__(self) -> float:
        return self.clock() + self.slept

    def sleep(self, seconds: float) -> None:
        self.slept += seconds


def seconds_to_sleep(value: Any, run: int) -> float:
    if value is None:
        return 0.0
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < math.inf:
        raise SimulationError(f'run {run}: "@sleep" must be a number of seconds')
    return float(value)


def end_session(server: Server, sessions: dict[str, Session], name: Any, run: int) -> None:
    """The session `name` ends before this run: its session-scoped caches go (a later run may
    name it again: a new session, as a new browser tab would be)."""
    if name is None:
        return
    if not isinstance(name, str) or name not in sessions:
        raise SimulationError(f'run {run}: "@end_session" must name a session that ran ({", ".join(sessions)})')
    server.end_session(sessions.pop(name))


def session_for(new_session: Callable[[], Session], sessions: dict[str, Session], name: Any, run: int) -> Session:
    """The session a run belongs to: the first one unless the run names another (made on first use)."""
    if name is None:
        if not sessions:  # the only session ended: the next run opens a new one
            session = new_session()
            sessions[session.name] = session
        return next(iter(sessions.values()))
    if not isinstance(name, str):
        raise SimulationError(f'run {run}: "@session" must be a name (a string)')
    if name not in sessions:
        if len(sessions) == 1 and not any(s.runs for s in sessions.values()):
            sessions.clear()  # the first run names the first session
        session = new_session()
        session.name = name
        sessions[name] = session
    return sessions[name]


def apply_inputs(session: Session, changes: dict[str, Any], run: int) -> dict[str, Any]:
    """Set the session's state and request data the run gives; return the widget changes."""
    for key in ("@session_state", "@query_params", "@user", "@context"):
        values = changes.get(key)
        if values is None:
            continue
        if not isinstance(values, dict):
            raise SimulationError(f"run {run}: {key!r} must be an object")
        if key == "@session_state":
            for name, value in values.items():
                session.state.set_item(name, value, set())
        elif key == "@query_params":
            session.request.query_params = {name: str(value) for name, value in values.items()}
        elif key == "@user":
            session.request.user = dict(values)
        else:
            session.request.context = dict(values)
    unknown = [key for key in changes if key.startswith("@") and key not in RUN_INPUTS]
    if unknown:
        raise SimulationError(f"run {run}: unknown key {unknown[0]!r} (known: {', '.join(RUN_INPUTS)})")
    return {key: value for key, value in changes.items() if key not in RUN_INPUTS}


def record(result: SimulationResult, outcome: RunOutcome, script: AppScript, cache_events: list[CacheEvent]) -> None:
    run = result.runs
    result.runs += 1
    result.cache_events += [(run, event) for event in cache_events]
    result.screens.append(outcome.screen)
    result.warnings += [CacheWarning(run, code, function) for code, function in outcome.warnings]
    result.deprecations += [(run, feature) for feature in outcome.deprecations]
    result.events += [(run, event) for event in outcome.events]
    if outcome.error is not None:
        result.errors.append(script.describe_error(run, outcome.error))


class AppScript:
    """The app's code, executed like Streamlit executes it: a fresh `__main__` module per run."""

    def __init__(self, path: str, around_run: Optional[Callable[[], ContextManager[None]]] = None) -> None:
        self.path = os.path.abspath(path)
        source = read_source(path)
        self.code = compile(source, self.path, "exec")
        self.directory = os.path.dirname(self.path)
        self.around_run = around_run or contextlib.nullcontext

    def execute(self) -> None:
        module = types.ModuleType("__main__")
        module.__file__ = self.path
        # As Streamlit does: classes defined in the app pickle because `__main__` is the app.
        sys.modules["__main__"] = module
        with self.around_run():
            exec(self.code, module.__dict__)

    def importable(self):
        return AppImports(self.directory)

    def describe_error(self, run: int, error: BaseException) -> AppError:
        if isinstance(error, SyntaxError) and error.filename:
            return AppError(
                run, "SyntaxError", str(error.msg), error.filename, error.lineno, (error.text or "").strip()
            )
        frames = traceback.extract_tb(error.__traceback__)
        in_app = [frame for frame in frames if os.path.abspath(frame.filename).startswith(self.directory + os.sep)]
        frame = in_app[-1] if in_app else None
        internal = (
            bool(frames)
            and os.path.abspath(frames[-1].filename).startswith(RUNTIME_DIRECTORY)
            and not is_modelled(error)
        )
        return AppError(
            run,
            streamlit_name(error),
            str(error),
            frame.filename if frame else None,
            frame.lineno if frame else None,
            frame.line if frame else None,
            internal,
        )


def read_source(path: str) -> str:
    """The app's text, decoded as Python decodes source (BOM, coding line, else UTF-8); a file that
    Python could not run either is the user's input, a SimulationError."""
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError as error:
        raise SimulationError(f"{path}: cannot read the app: {error.strerror}") from None
    if b"\x00" in data:
        raise SimulationError(f"{path}: cannot read the app: it contains NUL bytes (a binary file?)")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding)
    except SyntaxError as error:  # an unknown encoding in the coding line
        raise SimulationError(f"{path}: cannot read the app: {error}") from None
    except UnicodeDecodeError as error:
        raise SimulationError(f"{path}: cannot read the app: it is not valid {error.encoding}: {error}") from None


class AppImports:
    """The app's folder on sys.path while it runs; `__main__` and modules loaded from the folder undone after."""

    def __init__(self, directory: str) -> None:
        self.directory = directory

    def __enter__(self) -> None:
        self.saved_main = sys.modules.get("__main__")
        self.modules_before = set(sys.modules)
        sys.path.insert(0, self.directory)

    def __exit__(self, *exc_info: Any) -> None:
        sys.path.remove(self.directory)
        for name in set(sys.modules) - self.modules_before:
            file = getattr(sys.modules[name], "__file__", None) or ""
            if os.path.abspath(file).startswith(self.directory + os.sep):
                del sys.modules[name]
        if self.saved_main is not None:
            sys.modules["__main__"] = self.saved_main


class Enumeration:
    """Depth-first over the widgets the page shows, in page order.

    Each run changes one widget to a value not tried yet under the values fixed above it; a
    widget's current value needs no run. Widgets that appear later (inside a branch) are
    enumerated under the branch that shows them. On straight-line code the runs are exactly the
    product of the value-set sizes.
    """

    def __init__(
        self,
        session: Session,
        script: AppScript,
        result: SimulationResult,
        max_runs: int,
        progress: Optional[Progress],
        server: Server,
    ) -> None:
        self.server = server
        self.session = session
        self.script = script
        self.result = result
        self.max_runs = max_runs
        self.progress = progress
        self.expected = 1

    def run(self) -> None:
        self.run_once({})
        self.explore(fixed={})

    def explore(self, fixed: dict[str, Any]) -> None:
        widget = self.next_widget(fixed)
        if widget is None:
            return
        for value in self.current_first(widget):
            if not self.holds(fixed):
                return  # an earlier change hid or reset a widget this branch depends on
            if not self.currently(widget, value):
                changes = {spec.id: True for spec in self.shown_specs() if spec.resets and fixed.get(spec.id) is True}
                changes[widget.id] = value
                self.run_once(changes)
                if not self.currently(widget, value) and not widget.resets:
                    continue  # the value did not stick (the widget vanished or the app reset it)
            self.explore({**fixed, widget.id: value})

    def current_first(self, widget: WidgetSpec) -> Iterator[Any]:
        """The widget's values, starting with the one it has now: that one costs no run."""
        present, current = self.session.state.lookup_widget(widget.id)
        if widget.resets:
            present, current = True, widget.reset_to  # a button is False between clicks
        if not present or current not in widget.values:
            yield from widget.values
            return
        yield current
        yield from (value for value in widget.values if not same_value(value, current))

    def next_widget(self, fixed: dict[str, Any]) -> Optional[WidgetSpec]:
        for spec in self.shown_specs():
            if spec.id not in fixed and spec.values is not None:
                return spec
        return None

    def shown_specs(self) -> list[WidgetSpec]:
        return [spec for spec, registered in self.session.shown_widgets if registered]

    def currently(self, spec: WidgetSpec, value: Any) -> bool:
        if spec.id not in {shown.id for shown in self.shown_specs()}:
            return False
        present, current = self.session.state.lookup_widget(spec.id)
        if spec.resets:
            return value == spec.reset_to  # a button is False between clicks
        return present and same_value(current, value)

    def holds(self, fixed: dict[str, Any]) -> bool:
        shown = {spec.id: spec for spec in self.shown_specs()}
        return all(
            widget_id in shown and (shown[widget_id].resets or self.currently(shown[widget_id], value))
            for widget_id, value in fixed.items()
        )

    def run_once(self, changes_by_id: dict[str, Any]) -> None:
        self.check_size()
        if self.result.runs >= self.max_runs:
            raise TooManyRuns(
                f"--enumerate needed more than --max-runs {self.max_runs} runs "
                "(widgets inside branches multiply the combinations)"
            )
        outcome = self.session.run(self.script.execute, widget_changes=changes_by_id)
        record(self.result, outcome, self.script, self.server.caches.take_events())
        for spec, _ in self.session.shown_widgets:
            if spec.values is None and spec.describe() not in self.result.not_enumerated:
                self.result.not_enumerated.append(spec.describe())
        if self.progress is not None:
            self.progress(self.result.runs, max(self.expected, self.result.runs))

    def check_size(self) -> None:
        sizes = [(spec, spec.values.size()) for spec in self.shown_specs() if spec.values is not None]
        combinations = math.prod(size for _, size in sizes)
        self.expected = max(self.expected, combinations)
        if combinations > self.max_runs:
            arithmetic = " × ".join(f"{size} ({spec.describe()})" for spec, size in sizes)
            raise TooManyRuns(
                f"--enumerate would need {combinations:,} runs = {arithmetic}, above --max-runs {self.max_runs:,}"
            )
