"""Run one app under real Streamlit's AppTest and print what its caches did, as JSON.

Runs inside an oracle virtualenv (real Streamlit installed, no lint_cache, no pytest):

    python driver.py '{"app": "/path/app.py", "runs": [{}, {"n": 2}]}'

Output: {"version", "runs", "functions": [{name, line, body_runs, entries, results}],
"warnings": [{run, code, function}], "errors": [{run, type}], "screens": [[...] per run]},
the same shape `lint_cache.runtime.simulate_app` gives, so the tests can compare them.

Body runs are counted with a profile hook on the script thread (AppTest runs each script run in a
new thread); entries and results are read from Streamlit's own cache objects at the end.

AppTest waits up to `"timeout"` seconds (default APPTEST_TIMEOUT, 60) for each script run.

Besides widget labels or keys, a run may hold (the keys `simulate --runs` reads too):
- "@session": the session (browser tab) the run belongs to, by name: one AppTest per session, all
  in this process, so they share the caches as the tabs of one server do. Each AppTest gets a
  session id of its own (AppTest gives every instance "test session id"; a server gives each tab
  its own), so session-scoped caches are per session as under `streamlit run`.
- "@session_state": values set in that session's state before the run.
- "@end_session": a session that ends before the run: what the server does when a tab closes,
  `AppSession.clear_session_caches` (1.67.0 app_session.py:368-375: `clear_session_data_cache`
  and `clear_session_resource_cache` for its id), which AppTest never does on its own.
- "@sleep": seconds to wait before the run (ttl, refresh_mode="background").
Before every run, and before the caches are read at the end, the driver waits until no background
refresh (refresh_mode="background", 1.61+) is running.

An app whose folder holds `.streamlit/config.toml` is started as `streamlit run` starts it: the
script's folder is the config's script level (web/cli.py sets `config._main_script_path`), the
config is parsed, and the `server.maxCacheDataSize` budget is configured from it
(`reconfigure_global_cache_budget_from_config`, which `Runtime.__init__` calls, 1.67.0
runtime.py:250, and AppTest's stand-in runtime does not).

Many apps in one process: `{"apps": [{"app": ..., "runs": [...]}, ...]}` prints a list with one
result per app, in order (caches are cleared between apps; a failing app gives
`{"driver_failed": traceback}` and the others still run).

With `"signals": true` each result also has "signals" and "executed_lines" (the app lines that ran
in any run). A signal is {run, signal, line, function, call_line, message, name}: every exception
or warning Streamlit shows (`st.exception` elements, raised or not) and every deprecation warning
(element or log). Where it is placed (`line`), from what Streamlit knows at that moment:
- CachedWidgetWarning: the line, in the innermost cached function on the stack, of the call that
  leads to the widget (`call_line` is the widget call itself, maybe in a helper).
- UnhashableParamError: the line of the parameter Streamlit could not hash (the hashing frame holds
  the function and the parameter name).
- CacheReplayClosureError: the line, in the cached function, of the recorded call whose replay
  failed (each recorded message is tagged with its line when recorded, on the miss).
- UnserializableReturnValueError: the line, in the cached function, where the part of the result
  that cannot be pickled was made: tracemalloc's allocation traceback, or for instances of Python
  classes (which tracemalloc misses on 3.11) the call that ran their `__init__`, else the `return`.
- deprecation: the first decorator line of the cached function it is about (found on the stack),
  else the innermost app line (a decorator called with options).
- any other exception: its innermost frame in the app file.
"""

from __future__ import annotations

import ast
import dis
import inspect
import json
import pickle
import re
import sys
import threading
import time
import traceback
import tracemalloc
import types
from pathlib import Path
from typing import Optional

import streamlit
from streamlit.testing.v1 import AppTest, element_tree

CACHE_DECORATORS = {"cache_data", "cache_resource", "cache", "experimental_memo", "experimental_singleton"}
WARNING_TYPES = {"CachedWidgetWarning", "CachedStFunctionWarning", "CachedStFunctionInBackgroundModeWarning"}
RUN_KEYS = {"@session", "@session_state", "@end_session", "@sleep"}
FUNCTION_IN_MESSAGE = re.compile(r"`(?P<name>\w+)\(\)`")
SUSPENDABLE = inspect.CO_COROUTINE | inspect.CO_GENERATOR | inspect.CO_ASYNC_GENERATOR | inspect.CO_ITERABLE_COROUTINE
BACKGROUND_REFRESH_WAIT = 60  # seconds: longer means a refresh that never ends, a bug of its own
BUTTONS = {"button", "download_button", "form_submit_button"}
TEXT_ELEMENTS = {
    "markdown",
    "text",
    "title",
    "header",
    "subheader",
    "caption",
    "code",
    "success",
    "info",
    "error",
}
DEPRECATION_MARKERS = (
    ("experimental_allow_widgets", "experimental_allow_widgets"),
    ("experimental_memo", "st.experimental_memo"),
    ("experimental_singleton", "st.experimental_singleton"),
    ("cache", "`st.cache`"),
)
STACK_FRAME = re.compile(r'File "(?P<file>[^"]+)", line \d+, in (?P<name>\S+)')
# Seconds AppTest waits for one script run before it gives up (its own default is 10 s, which a
# busy machine importing Streamlit in several processes can exceed on a run that takes 0.1 s idle).
APPTEST_TIMEOUT = 60


def main() -> None:
    request = json.loads(sys.argv[1])
    skip_unregistered_widgets()
    give_each_apptest_its_session_id()
    recorder = SignalRecorder() if request.get("signals") else None
    timeout = request.get("timeout", APPTEST_TIMEOUT)
    if "apps" not in request:
        print(json.dumps(run_app(request["app"], request["runs"], timeout, recorder)))
        return
    results = []
    for item in request["apps"]:
        clear_caches()
        try:
            results.append(run_app(item["app"], item["runs"], timeout, recorder))
        except (Exception, SystemExit):
            threading.setprofile(None)
            threading.settrace(None)
            results.append({"driver_failed": traceback.format_exc()[-3000:]})
    print(json.dumps(results))


def run_app(app: str, runs: list, timeout: float, recorder: Optional[SignalRecorder] = None) -> dict:
    start_as_streamlit_run(app)
    cached = cached_functions(app)
    counter = BodyRunCounter(app, cached)
    threading.setprofile(counter.profile)
    if recorder is not None:
        recorder.start(app, cached)
        threading.settrace(recorder.trace)

    sessions: dict[str, tuple[AppTest, str]] = {}  # name -> (its AppTest, its session id), oldest first
    warnings, errors, screens, deprecations = [], [], [], []
    for run, changes in enumerate(runs):
        unknown = [key for key in changes if key.startswith("@") and key not in RUN_KEYS]
        if unknown:
            raise SystemExit(f"driver: run {run}: unknown key {unknown[0]!r}")
        wait_for_background_refreshes()
        time.sleep(changes.get("@sleep", 0))
        if "@end_session" in changes:
            end_session(sessions.pop(changes["@end_session"])[1])
        test, session_id = session_for(sessions, changes.get("@session"), app, timeout)
        for key, value in changes.get("@session_state", {}).items():
            test.session_state[key] = value
        for name, value in changes.items():
            if not name.startswith("@"):
                set_widget(test, name, value)
        if recorder is not None:
            recorder.run = run
        SESSION_ID[0] = session_id
        test.run()
        warnings += [
            {"run": run, "code": exception_type(shown), "function": warning_function(shown, app, cached)}
            for shown in test.exception
            if exception_type(shown) in WARNING_TYPES
        ]
        errors += [
            {"run": run, "type": exception_type(shown)}
            for shown in test.exception
            if exception_type(shown) not in WARNING_TYPES
        ]
        screens.append(screen(test))
        deprecations += [[run, feature] for feature in deprecated_features(test)]
    wait_for_background_refreshes()
    threading.setprofile(None)
    threading.settrace(None)

    entries = cache_entries()
    functions = [
        {
            "name": info["qualname"],
            "line": info["line"],
            "body_runs": counter.runs[code_id],
            "entries": entries.get(info["qualname"], (0, 0))[0],
            "results": entries.get(info["qualname"], (0, 0))[1],
        }
        for code_id, info in cached.items()
        if counter.runs[code_id] or entries.get(info["qualname"], (0, 0))[0]
    ]
    result = {
        "version": streamlit.__version__,
        "runs": len(runs),
        "functions": functions,
        "warnings": warnings,
        "errors": errors,
        "screens": screens,
        "deprecations": deprecations,
    }
    if recorder is not None:
        result["signals"] = recorder.signals
        result["executed_lines"] = sorted(recorder.executed_lines)
    return result


SESSION_ID = ["driver session"]  # the id of the session whose AppTest runs next
_session_numbers = iter(range(1, 1_000_000))


def session_for(sessions: dict, name: Optional[str], app: str, timeout: float) -> tuple[AppTest, str]:
    """The AppTest of the named session (made on first use); unnamed: the oldest session alive."""
    if name is None:
        name = next(iter(sessions)) if sessions else f"session {next(_session_numbers)}"
    if name not in sessions:
        sessions[name] = (AppTest.from_file(app, default_timeout=timeout), f"driver session {next(_session_numbers)}")
    return sessions[name]


def give_each_apptest_its_session_id() -> None:
    """AppTest's script runner always says "test session id"; use the id of the session running."""
    from streamlit.runtime.scriptrunner import script_runner

    original = script_runner.ScriptRunner.__init__

    def __init__(self, *args, **kwargs):
        if "session_id" in kwargs:
            kwargs["session_id"] = SESSION_ID[0]
        else:
            args = (SESSION_ID[0], *args[1:])
        original(self, *args, **kwargs)

    script_runner.ScriptRunner.__init__ = __init__


def end_session(session_id: str) -> None:
    """What the server does when a session ends: `AppSession.clear_session_caches`."""
    from streamlit.runtime import caching

    caching.clear_session_data_cache(session_id)
    caching.clear_session_resource_cache(session_id)


def wait_for_background_refreshes() -> None:
    """Until every refresh_mode="background" refresh on Streamlit's worker pool has finished."""
    try:
        from streamlit.runtime.caching import cache_background_refresh
    except ImportError:  # before 1.61
        return
    manager = cache_background_refresh.get_background_refresh_manager()
    deadline = time.monotonic() + BACKGROUND_REFRESH_WAIT
    # Each refresh holds one of the pool's slots from submission to the end of its write-back.
    while manager._slots is not None and manager._slots._value < manager._max_workers:
        if time.monotonic() > deadline:
            raise SystemExit("driver: a background refresh did not finish")
        time.sleep(0.01)


def start_as_streamlit_run(app: str) -> None:
    """Read the config next to the app and configure the cache budget, as `streamlit run` does."""
    if not (Path(app).parent / ".streamlit" / "config.toml").is_file():
        return
    from streamlit import config

    config._main_script_path = app
    config.get_config_options(force_reparse=True)
    from streamlit.runtime.caching.global_cache_budget import reconfigure_global_cache_budget_from_config

    reconfigure_global_cache_budget_from_config()


def cached_functions(app: str) -> dict[tuple[str, int], dict]:
    """The app's cached functions, by (code name, first line of the code object), from its source."""
    tree = ast.parse(Path(app).read_text(encoding="utf-8"))
    found = {}

    def visit(node: ast.AST, scope: list[str]) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if any(decorator_name(d) in CACHE_DECORATORS for d in child.decorator_list):
                    first_line = min([d.lineno for d in child.decorator_list] + [child.lineno])
                    arguments = child.args
                    parameters = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
                    parameters += [extra for extra in (arguments.vararg, arguments.kwarg) if extra is not None]
                    found[(child.name, first_line)] = {
                        "qualname": ".".join(scope + [child.name]),
                        "line": child.lineno,
                        "lines": (first_line, child.end_lineno),
                        "parameters": {parameter.arg: parameter.lineno for parameter in parameters},
                    }
                visit(child, scope + [child.name, "<locals>"])
            elif isinstance(child, ast.ClassDef):
                visit(child, scope + [child.name])
            else:
                visit(child, scope)

    visit(tree, [])
    return found


def decorator_name(decorator: ast.expr) -> str:
    if isinstance(decorator, ast.Call):
        decorator = decorator.func
    if isinstance(decorator, ast.Attribute):
        return decorator.attr
    if isinstance(decorator, ast.Name):
        return decorator.id
    return ""


class BodyRunCounter:
    """Counts the starts of each cached body: a "call" profile event, except for a coroutine (or
    generator) resumed after an await, which the profiler reports as a "call" of its frame again."""

    def __init__(self, app: str, cached: dict) -> None:
        self.app = app
        self.watched = set(cached)
        self.runs = {code_id: 0 for code_id in cached}
        self.first_offsets: dict = {}  # code object -> offset a coroutine's frame starts at

    def profile(self, frame, event, arg):
        if event == "call" and frame.f_code.co_filename == self.app:
            code_id = (frame.f_code.co_name, frame.f_code.co_firstlineno)
            if code_id in self.watched and not self.resumed(frame):
                self.runs[code_id] += 1

    def resumed(self, frame) -> bool:
        code = frame.f_code
        if not code.co_flags & SUSPENDABLE:
            return False
        if code not in self.first_offsets:
            # Python 3.11+: the frame starts at its first RESUME; earlier ones start at f_lasti -1.
            resume = [
                instruction.offset for instruction in dis.get_instructions(code) if instruction.opname == "RESUME"
            ]
            self.first_offsets[code] = resume[0] if resume else -1
        return frame.f_lasti > self.first_offsets[code]


def skip_unregistered_widgets() -> None:
    """Send no state for widgets that are shown but not registered.

    From Streamlit 1.38 a widget replayed from a cache hit is shown inert and never registered;
    AppTest then fails the next run with a KeyError while reading its value. Leaving such widgets
    out of the next run's widget states is what lets the scenario go on.
    """
    original = element_tree.get_widget_state

    def registered_widget_state(node):
        try:
            return original(node)
        except KeyError:
            return None

    element_tree.get_widget_state = registered_widget_state


def set_widget(test: AppTest, name: str, value) -> None:
    matches = [
        node
        for node in test
        if isinstance(node, element_tree.Widget) and (node.key == name or getattr(node, "label", None) == name)
    ]
    if len(matches) != 1:
        raise SystemExit(f"driver: {len(matches)} widgets match {name!r}")
    widget = matches[0]
    if widget.type in BUTTONS or widget.type == "button":
        if value:
            widget.click()
        return
    if widget.type == "slider" and isinstance(value, list):
        value = tuple(value)
    widget.set_value(value)


def exception_type(shown) -> str:
    """The exception's class name (later releases send it fully qualified)."""
    return shown.proto.type.rsplit(".", 1)[-1]


def warning_function(shown, app: str, cached: dict) -> str:
    """The innermost cached function on the warning's stack; for a warning shown after the body
    returned (CachedStFunctionInBackgroundModeWarning), the function its message names."""
    names = {code_id[0]: info["qualname"] for code_id, info in cached.items()}
    frames = [STACK_FRAME.search(line) for line in shown.stack_trace]
    in_app = [frame.group("name") for frame in frames if frame and frame.group("file") == app]
    found = next((names[name] for name in reversed(in_app) if name in names), None)
    named = FUNCTION_IN_MESSAGE.search(getattr(shown, "message", "") or "")
    if found is None and named is not None:
        found = names.get(named.group("name"))
    return found or "?"


def deprecated_features(test: AppTest) -> list[str]:
    """The caching features the deprecation warnings on the page are about."""
    features = []
    for shown in test.warning:
        text = shown.value
        # 1.38-1.48 word the opt-in's deprecation "... parameter will also be removed in a future release".
        if "deprecated" not in text and "will also be removed" not in text:
            continue
        for feature, marker in DEPRECATION_MARKERS:
            if marker in text:
                features.append(feature)
                break
    return features


def screen(test: AppTest) -> list[str]:
    lines = []
    for root_name, root in (("main", test.main), ("sidebar", test.sidebar)):
        for node in root:
            kind = getattr(node, "type", "")
            if kind in TEXT_ELEMENTS:
                lines.append(f"{root_name}: {kind}: {node.value}")
            elif isinstance(node, element_tree.Widget):
                # Some widgets have no label (st.feedback).
                lines.append(f"{root_name}: {kind}: {getattr(node, 'label', '')}")
    return lines


def cache_entries() -> dict[str, tuple[int, int]]:
    """Per cached function (qualified name): live value-key entries and stored results."""
    from streamlit.runtime.caching import cache_data_api, cache_resource_api

    counts: dict[str, tuple[int, int]] = {}
    for cache in function_caches(cache_data_api._data_caches):
        stored = [pickle.loads(value) for value in cache.storage._mem_cache.values()]
        add_counts(counts, cache.display_name, stored)
    for cache in function_caches(cache_resource_api._resource_caches):
        add_counts(counts, cache.display_name, list(cache._mem_cache.values()))
    return counts


def function_caches(manager) -> list:
    caches = []
    for value in manager._function_caches.values():
        # 1.35: function key -> cache; later releases: session scope -> function key -> cache.
        caches.extend(value.values() if isinstance(value, dict) else [value])
    return caches


def add_counts(counts: dict, display_name: str, stored: list) -> None:
    qualname = display_name.split(".", 1)[1]
    # 1.15-1.37 keep a MultiCacheResults per value key: one result per widget-value combination.
    results = sum(len(entry.results) if hasattr(entry, "results") else 1 for entry in stored)
    entries, previous_results = counts.get(qualname, (0, 0))
    counts[qualname] = (entries + len(stored), previous_results + results)


def clear_caches() -> None:
    """Empty every cache, so that an app in a batch never hits what the app before it stored."""
    streamlit.cache_data.clear()
    streamlit.cache_resource.clear()
    try:  # the legacy st.cache, up to 1.35
        from streamlit.runtime.legacy_caching import clear_cache
    except ImportError:
        return
    clear_cache()


class SignalRecorder:
    """Everything Streamlit shows about caching, with the app line it is about (see the docstring)."""

    def __init__(self) -> None:
        self.run = 0
        self.start("", {})
        self._show_exceptions_through(self)
        self._show_deprecations_through(self)
        self._tag_recorded_messages(self)

    def start(self, app: str, cached: dict) -> None:
        self.app = app
        self.cached = cached
        self.signals: list[dict] = []
        self.executed_lines: set[int] = set()
        self.depth = 0  # cached function bodies running
        self.created_at: dict[int, Optional[int]] = {}  # id of an instance -> app line that made it
        self.unpicklable_return: Optional[tuple[str, Optional[int]]] = None

    # -- placing things -----------------------------------------------------------------------

    def cached_place(self, frame) -> tuple[Optional[str], Optional[int]]:
        """(qualified name, current line) of the innermost cached function running at `frame`."""
        while frame is not None:
            info = self.cached_info(frame.f_code)
            if info is not None:
                return info["qualname"], frame.f_lineno
            frame = frame.f_back
        return None, None

    def cached_info(self, code) -> Optional[dict]:
        if code.co_filename != self.app:
            return None
        return self.cached.get((code.co_name, code.co_firstlineno))

    def innermost_app_line(self, frame) -> Optional[int]:
        while frame is not None:
            if frame.f_code.co_filename == self.app:
                return frame.f_lineno
            frame = frame.f_back
        return None

    def raised_place(self, exception: BaseException) -> tuple[Optional[str], Optional[int]]:
        """The innermost frame in the app that the exception went through."""
        function, line = None, None
        trace = exception.__traceback__
        while trace is not None:
            if trace.tb_frame.f_code.co_filename == self.app:
                line = trace.tb_lineno
                info = self.cached_info(trace.tb_frame.f_code)
                function = info["qualname"] if info is not None else function
            trace = trace.tb_next
        return function, line

    def unhashable_parameter(self, exception: BaseException) -> tuple[Optional[str], Optional[int]]:
        """The parameter Streamlit could not hash: the hashing frame holds `func` and `arg_name`."""
        for frame in traceback_frames(exception):
            function, name = frame.f_locals.get("func"), frame.f_locals.get("arg_name")
            info = self.cached_info(function.__code__) if hasattr(function, "__code__") else None
            if info is not None and isinstance(name, str):
                return info["qualname"], info["parameters"].get(name)
        return None, None

    def failed_replay(self, exception: BaseException) -> tuple[Optional[str], Optional[int]]:
        """The recorded call whose replay failed: `replay_cached_messages` was replaying `msg`."""
        for frame in traceback_frames(exception):
            if frame.f_code.co_name == "replay_cached_messages":
                return getattr(frame.f_locals.get("msg"), "app_place", (None, None))
        return None, None

    def deprecation_place(self, frame) -> tuple[Optional[str], Optional[int]]:
        """The cached function a deprecation is about, at its first decorator line.

        Streamlit warns either while decorating (a frame holds the function, unless the
        decorator is called with options first: then the app is at the decorator line) or while
        calling the cached function (st.cache, a wrapper frame holds the function).
        """
        while frame is not None:
            if frame.f_code.co_filename == self.app:
                return self.cached_place(frame)[0], frame.f_lineno
            for value in frame.f_locals.values():
                if isinstance(value, types.FunctionType) and value.__code__.co_filename == self.app:
                    info = self.cached_info(value.__code__)
                    return (info["qualname"] if info else value.__qualname__), value.__code__.co_firstlineno
            frame = frame.f_back
        return None, None

    # -- what Streamlit shows -----------------------------------------------------------------

    def shown(self, exception: BaseException) -> None:
        kind = type(exception).__name__
        call_line = None
        if exception.__traceback__ is None:  # shown, never raised: a warning such as CachedWidgetWarning
            function, line = self.cached_place(sys._getframe())
            call_line = self.innermost_app_line(sys._getframe())
        elif kind == "UnhashableParamError":
            function, line = self.unhashable_parameter(exception)
        elif kind == "CacheReplayClosureError":
            function, line = self.failed_replay(exception)
        elif kind == "UnserializableReturnValueError":
            function, line = self.unpicklable_return or (None, None)
        else:
            function, line = self.raised_place(exception)
        self.add(kind, function, line, str(exception), call_line=call_line, name=getattr(exception, "name", None))

    def deprecation(self, message: str) -> None:
        function, line = self.deprecation_place(sys._getframe(2))
        self.add("deprecation", function, line, message)

    def add(self, kind: str, function, line, message: str, call_line=None, name=None) -> None:
        text = next((row.strip() for row in message.splitlines() if row.strip()), "")
        self.signals.append(
            {
                "run": self.run,
                "signal": kind,
                "function": function,
                "line": line,
                "call_line": call_line,
                "message": text[:300],
                "name": name if isinstance(name, str) else None,
            }
        )

    def guarded(self, record, *args) -> None:
        """Record without ever breaking the app: a failure here becomes a `driver-error` signal."""
        try:
            record(*args)
        except Exception:
            self.add("driver-error", None, None, traceback.format_exc()[-1000:])

    # -- tracing the app's own frames -----------------------------------------------------------

    def trace(self, frame, event, arg):
        """Global trace function: follow the app's frames only."""
        if frame.f_code.co_filename != self.app:
            if self.depth and frame.f_code.co_name == "__init__":
                self.remember_creation(frame)
            return None
        if self.cached_info(frame.f_code) is not None:
            self.entered_cached_function()
        return self.trace_app_frame

    def trace_app_frame(self, frame, event, arg):
        if event == "line":
            self.executed_lines.add(frame.f_lineno)
        elif event == "return":
            info = self.cached_info(frame.f_code)
            if info is not None:
                self.guarded(self.left_cached_function, info, arg, frame.f_lineno)
        return self.trace_app_frame

    def entered_cached_function(self) -> None:
        # Allocations are traced inside cached bodies only: that is where results are made.
        if self.depth == 0 and not tracemalloc.is_tracing():
            tracemalloc.start(25)
            self.created_at = {}
        self.depth += 1

    def remember_creation(self, frame) -> None:
        """Where an instance of a Python class is made (tracemalloc cannot see those on 3.11)."""
        instance = frame.f_locals.get("self")
        if instance is not None:
            self.created_at[id(instance)] = self.cached_place(frame)[1]

    def left_cached_function(self, info: dict, value, return_line: int) -> None:
        self.depth -= 1
        part = unpicklable_part(value)
        if part is None:
            self.unpicklable_return = None
        else:
            origin = tracemalloc.get_object_traceback(part) or []
            first, last = info["lines"]
            lines = [frame.lineno for frame in origin if frame.filename == self.app and first <= frame.lineno <= last]
            line = lines[-1] if lines else self.created_at.get(id(part), return_line)
            self.unpicklable_return = (info["qualname"], line)
        if self.depth == 0:
            tracemalloc.stop()

    # -- hooks into Streamlit -----------------------------------------------------------------

    @staticmethod
    def _show_exceptions_through(recorder: SignalRecorder) -> None:
        """Every `st.exception` element (uncaught exceptions and warnings alike) goes through marshall."""
        from streamlit.elements import exception as exception_element

        original = exception_element.marshall

        def marshall(proto, exception, *args, **kwargs):
            recorder.guarded(recorder.shown, exception)
            return original(proto, exception, *args, **kwargs)

        exception_element.marshall = marshall

    @staticmethod
    def _show_deprecations_through(recorder: SignalRecorder) -> None:
        """Patch `show_deprecation_warning` where it is defined and in every module that imported it."""
        from streamlit import deprecation_util

        original = deprecation_util.show_deprecation_warning

        def show_deprecation_warning(message, *args, **kwargs):
            recorder.guarded(recorder.deprecation, message)
            return original(message, *args, **kwargs)

        for module in list(sys.modules.values()):
            if getattr(module, "show_deprecation_warning", None) is original:
                module.show_deprecation_warning = show_deprecation_warning

    @staticmethod
    def _tag_recorded_messages(recorder: SignalRecorder) -> None:
        """Messages recorded inside cached functions carry the app line that produced them."""
        from streamlit.runtime.caching import cached_message_replay as replay

        def tagged(original: type) -> type:
            def __init__(self, *args, **kwargs):
                original.__init__(self, *args, **kwargs)
                object.__setattr__(self, "app_place", recorder.cached_place(sys._getframe(1)))

            name = f"LineTagged{original.__name__}"
            subclass = type(name, (original,), {"__init__": __init__, "__module__": replay.__name__})
            # Findable by name in Streamlit's module (AppTest swaps `__main__` for the app while it
            # runs), so that cache_data can pickle the recorded messages.
            setattr(replay, name, subclass)
            return subclass

        replay.ElementMsgData = tagged(replay.ElementMsgData)
        replay.BlockMsgData = tagged(replay.BlockMsgData)


def traceback_frames(exception: BaseException):
    """Every frame an exception and its causes went through."""
    pending, seen = [exception], set()
    while pending:
        error = pending.pop()
        if error is None or id(error) in seen:
            continue
        seen.add(id(error))
        trace = error.__traceback__
        while trace is not None:
            yield trace.tb_frame
            trace = trace.tb_next
        pending += [error.__cause__, error.__context__]


def unpicklable_part(value, depth: int = 0):
    """The part of a result that pickle rejects (an element of a tuple, list or dict), or None."""
    try:
        pickle.dumps(value)
        return None
    except Exception:
        pass
    items = value.values() if isinstance(value, dict) else value if isinstance(value, (tuple, list, set)) else ()
    for item in items if depth < 3 else ():
        part = unpicklable_part(item, depth + 1)
        if part is not None:
            return part
    return value


if __name__ == "__main__":
    main()
