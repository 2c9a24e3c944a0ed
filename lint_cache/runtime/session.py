"""A browser session: session state, the containers of the page, and the life of one script run.

Modelled on `runtime/state/session_state.py` and `scriptrunner/script_runner.py` (1.35, 1.67):
- before a run the browser sends the values of the widgets it shows; buttons are True only in
  the run right after the click; callbacks of widgets whose value changed run first;
- a widget registers on its first call in a run and takes its value from session state, or its
  default the first time;
- after a run that ends normally, widgets that did not register are dropped from session state.
  A run ended by st.stop() or an exception drops nothing (Streamlit's `premature_stop`).
"""

from __future__ import annotations

import contextlib
import contextvars
import copy
import itertools
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Mapping, Optional

from lint_cache.runtime.errors import (
    CacheReplayClosureError,
    DuplicateWidgetID,
    RerunScript,
    SimulationError,
    StopScript,
    StreamlitAPIException,
    as_streamlit_raises,
)
from lint_cache.runtime.inputs import MISSING, HandedOut, Read, RequestInputs, SharedObjects, fingerprint
from lint_cache.runtime.replay import (
    MAIN_ID,
    SIDEBAR_ID,
    BlockRecord,
    Capture,
    ElementRecord,
    Record,
    record_target,
)
from lint_cache.runtime.widget_rules import WidgetRules
from lint_cache.runtime.widgets import WidgetSpec

# `commands.command_table`: name -> command(run, invoked_on, *args, **kwargs).
CommandTable = Mapping[str, Callable[..., Any]]

EVENT_ID = "event"  # toasts: neither main nor sidebar, so a replay cannot find it
# Elements whose text the page comparison keeps (deprecation warnings are compared on their own).
TEXT_KINDS = frozenset(
    {"markdown", "text", "title", "header", "subheader", "caption", "code", "success", "info", "error"}
)
MAX_RERUNS_IN_A_ROW = 100

_current_run: contextvars.ContextVar[Optional[ScriptRun]] = contextvars.ContextVar(
    "lint_cache_script_run", default=None
)


def current_run() -> ScriptRun:
    run = _current_run.get()
    if run is None:
        raise SimulationError("a Streamlit command was called outside a script run")
    return run


def show_deprecation(feature: str, message: str) -> None:
    """Show a deprecation warning in the running script; outside a run (bare mode) only decorate."""
    run = _current_run.get()
    if run is not None:
        run.show_deprecation(feature, message)


@dataclass
class Shown:
    """An element on the page."""

    kind: str
    text: str
    widget: Optional[WidgetSpec] = None
    origin: Optional[str] = None  # for cache warnings: the cached function they are about


class Container:
    """A DeltaGenerator: the main area, the sidebar, or a container created by a command."""

    _ids = itertools.count(1)

    def __init__(
        self, session: Session, kind: str, root: str, label: str = "", container_id: Optional[str] = None
    ) -> None:
        self.session = session
        self.kind = kind
        self.root = root
        self.label = label  # an expander's or tab's label
        self.id = container_id or f"{kind}-{next(Container._ids)}"
        self.children: list = []

    def place(self, node: Any) -> None:
        if self.kind == "slot":
            self.children = [node]  # a placeholder shows one thing; writing to it replaces it
        else:
            self.children.append(node)

    def walk(self) -> Iterator[Shown]:
        for child in self.children:
            if isinstance(child, Container):
                yield from child.walk()
            else:
                yield child

    def __getattr__(self, name: str) -> Any:
        command = self.session.commands.get(name)
        if command is None or name.startswith("_"):
            raise as_streamlit_raises(AttributeError(f"'DeltaGenerator' object has no attribute {name!r}"))
        return lambda *args, **kwargs: command(current_run(), self, *args, **kwargs)

    def __enter__(self) -> Container:
        current_run().with_stack.append(self)
        return self

    def __exit__(self, *exc_info: Any) -> None:
        current_run().with_stack.pop()


class SessionState:
    """Widget values and user keys (`_new_session_state`, widget states and `_old_state`, merged)."""

    def __init__(self) -> None:
        self.user_values: dict[str, Any] = {}
        self.widget_values: dict[str, Any] = {}
        self.specs: dict[str, WidgetSpec] = {}
        self.key_to_widget: dict[str, str] = {}
        self.written_this_run: dict[str, Any] = {}

    def lookup_widget(self, widget_id: str) -> tuple[bool, Any]:
        spec = self.specs.get(widget_id)
        key = spec.key if spec is not None else None
        if key is not None and key in self.written_this_run:
            return True, self.written_this_run[key]
        if widget_id in self.widget_values:
            return True, self.widget_values[widget_id]
        if key is not None and key in self.user_values:
            return True, self.user_values[key]
        return False, None

    def present_widget_values(self, widget_ids: set) -> list[tuple[str, Any]]:
        """(id, value) of the widgets that have a value now, sorted by id (`get_current_widget_key`)."""
        pairs = []
        for widget_id in sorted(widget_ids):
            present, value = self.lookup_widget(widget_id)
            if present:
                pairs.append((widget_id, value))
        return pairs

    def register(self, spec: WidgetSpec) -> Any:
        self.specs[spec.id] = spec
        if spec.key is not None:
            self.key_to_widget[spec.key] = spec.id
        present, value = self.lookup_widget(spec.id)
        if not present:
            value = copy.deepcopy(spec.default)
        self.widget_values[spec.id] = value
        return copy.deepcopy(value)

    def start_run(self, browser_values: dict[str, Any]) -> list[WidgetSpec]:
        """Take the browser's widget values; return the widgets whose callbacks must run."""
        self.reset_triggers()
        for key, value in self.written_this_run.items():
            widget_id = self.key_to_widget.get(key)
            if widget_id is not None:
                self.widget_values[widget_id] = value
            else:
                self.user_values[key] = value
        self.written_this_run = {}
        changed = []
        for widget_id, value in browser_values.items():
            before = self.widget_values.get(
                widget_id, self.specs[widget_id].default if widget_id in self.specs else None
            )
            self.widget_values[widget_id] = value
            spec = self.specs.get(widget_id)
            if spec is not None and spec.callback is not None and not _equal(before, value):
                changed.append(spec)
        return changed

    def finish_run(self, registered: set[str]) -> None:
        self.reset_triggers()
        for widget_id in [widget_id for widget_id in self.widget_values if widget_id not in registered]:
            del self.widget_values[widget_id]
            self.specs.pop(widget_id, None)

    def reset_triggers(self) -> None:
        for widget_id, spec in self.specs.items():
            if spec.resets and widget_id in self.widget_values:
                self.widget_values[widget_id] = spec.reset_to

    # st.session_state

    def get_item(self, key: str) -> Any:
        if key in self.written_this_run:
            return self.written_this_run[key]
        widget_id = self.key_to_widget.get(key)
        if widget_id is not None and widget_id in self.widget_values:
            return self.widget_values[widget_id]
        if key in self.user_values:
            return self.user_values[key]
        raise as_streamlit_raises(KeyError(f'st.session_state has no key "{key}". Did you forget to initialize it?'))

    def set_item(self, key: str, value: Any, registered_this_run: set[str]) -> None:
        if self.key_to_widget.get(key) in registered_this_run:
            raise StreamlitAPIException(
                f"`st.session_state.{key}` cannot be modified after the widget with key `{key}` is instantiated."
            )
        self.written_this_run[key] = value

    def delete_item(self, key: str) -> None:
        found = False
        for mapping in (self.written_this_run, self.user_values):
            found = mapping.pop(key, _MISSING) is not _MISSING or found
        widget_id = self.key_to_widget.get(key)
        if widget_id is not None and self.widget_values.pop(widget_id, _MISSING) is not _MISSING:
            found = True
        if not found:
            raise as_streamlit_raises(KeyError(f'st.session_state has no key "{key}".'))

    def keys(self) -> list[str]:
        keyed_widgets = [key for key, widget_id in self.key_to_widget.items() if widget_id in self.widget_values]
        return list(dict.fromkeys([*self.user_values, *self.written_this_run, *keyed_widgets]))


_MISSING = object()


def _equal(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001 - objects whose == is not a bool count as changed
        return False


@dataclass
class RunOutcome:
    screen: list[str]
    warnings: list[tuple[str, str]]  # (code, cached function)
    deprecations: list[str]
    error: Optional[BaseException] = None
    events: list[str] = field(default_factory=list)  # what the runs file asked for and could not happen


@dataclass
class ScriptRun:
    session: Session
    with_stack: list[Container] = field(default_factory=list)
    captures: list[Capture] = field(default_factory=list)
    widget_ids: set[str] = field(default_factory=set)
    widget_keys: set[str] = field(default_factory=set)
    widget_rule_state: dict = field(default_factory=dict)
    deprecations: list[str] = field(default_factory=list)
    after_run: list[Callable[[], None]] = field(default_factory=list)  # background refreshes it started

    def acting_on(self, invoked: Container) -> Container:
        """`st.foo` acts on the innermost `with` container; `container.foo` on that container."""
        if invoked is self.session.main and self.with_stack:
            return self.with_stack[-1]
        return invoked

    def show_element(
        self,
        invoked: Container,
        kind: str,
        text: str,
        widget: Optional[WidgetSpec] = None,
        origin: Optional[str] = None,
    ) -> Container:
        used = self.acting_on(invoked)
        slot = Container(self.session, "slot", used.root)
        slot.place(Shown(kind, text, widget, origin))
        used.place(slot)
        if self.captures:
            record = ElementRecord(
                kind, text, record_target(self.captures, invoked.id, used.id), slot.id, widget, origin
            )
            for capture in self.captures:
                if widget is None or self.session.widget_rules.records_widget(
                    self.captures, self.widget_rule_state, capture
                ):
                    capture.records.append(record)
                capture.created_inside.add(slot.id)
        return slot

    def show_block(self, invoked: Container, kind: str, text: str = "") -> Container:
        used = self.acting_on(invoked)
        block = Container(self.session, kind, used.root, text)
        used.place(block)
        if self.captures:
            record = BlockRecord(kind, text, record_target(self.captures, invoked.id, used.id), block.id)
            for capture in self.captures:
                capture.records.append(record)
                capture.created_inside.add(block.id)
        return block

    def warn_about_widget(self) -> None:
        """The cache warnings of a widget (or st.form, which counts as one) called now."""
        self.show_cache_warnings(self.session.widget_rules.widget_warnings(self.captures, self.widget_rule_state))

    def warn_about_element(self, kind: str) -> None:
        """The cache warnings of a non-widget element of this `kind` shown now."""
        self.show_cache_warnings(self.session.widget_rules.element_warnings(self.captures, kind))

    def show_cache_warnings(self, functions: list[str]) -> None:
        # Streamlit shows the warning with st.exception on the main area, before the widget.
        for function in functions:
            self.show_element(self.session.main, "exception", self.session.widget_warning_code, origin=function)

    def show_deprecation(self, feature: str, message: str) -> None:
        self.deprecations.append(feature)
        self.show_element(self.session.main, "warning", message)

    def register_widget(self, spec: WidgetSpec) -> Any:
        if spec.key is not None:
            if spec.key in self.widget_keys:
                raise DuplicateWidgetID(f"There are multiple widgets with the same `key='{spec.key}'`.")
            self.widget_keys.add(spec.key)
        if spec.id in self.widget_ids:
            raise DuplicateWidgetID(
                f"There are multiple identical `st.{spec.kind}` widgets with the same generated key."
            )
        self.widget_ids.add(spec.id)
        if self.captures:
            self.session.cached_widgets[spec.id] = (spec, self.captures[-1].function.qualname)
        return self.session.state.register(spec)

    def enter_cached_function(self, capture: Capture) -> None:
        self.captures.append(capture)
        self.session.widget_rules.enter(self.widget_rule_state, capture)

    def exit_cached_function(self, capture: Capture) -> None:
        self.session.widget_rules.exit(self.widget_rule_state, capture)
        self.captures.pop()

    def replay(self, records: list[Record], function_name: str) -> None:
        """Show a cached result's recorded elements again in this run."""
        containers: dict[str, Container] = {MAIN_ID: self.session.main, SIDEBAR_ID: self.session.sidebar}
        registers_widgets = self.session.widget_rules.registers_on_replay
        for record in records:
            target = containers.get(record.called_on)
            if target is None:
                raise CacheReplayClosureError(function_name)
            if isinstance(record, BlockRecord):
                containers[record.returned] = self.show_block(target, record.kind, record.text)
                continue
            if record.widget is not None and registers_widgets:
                self.register_widget(record.widget)
            containers[record.returned] = self.show_element(
                target, record.kind, record.text, record.widget, record.origin
            )

    def record_read(self, source: str, key: str) -> None:
        """Remember a read made while cached bodies compute (every nesting level reads it)."""
        if not self.captures:
            return
        read = Read(source, key, self.session.current_value(source, key), self.session.name)
        for capture in self.captures:
            capture.reads.append(read)

    def hand_out_shared(self, function: str, value_key: str, value: Any) -> None:
        """A cache_resource object this run gets: reported when another session changed it, and
        fingerprinted to see at the end of the run whether this one does."""
        event = self.session.shared_objects.changed_elsewhere(self.session.name, function, value_key)
        if event is not None:
            self.session.events.append(event)
        self.session.handed_out.append(HandedOut(function, value_key, value, fingerprint(value)))


class Session:
    """One browser tab: its session state and its page, across script runs."""

    _ids = itertools.count(1)

    def __init__(
        self,
        commands: CommandTable,
        widget_rules: WidgetRules,
        widget_warning_code: str,
        shared_objects: SharedObjects,
        background: bool = False,
    ) -> None:
        # The release's commands and widget rules, and the server's shared objects: every session
        # of one server gets the same ones.
        self.commands = commands
        self.widget_rules = widget_rules
        self.widget_warning_code = widget_warning_code  # the warning a widget in a cached function shows
        self.shared_objects = shared_objects
        # A background refresh's worker: no browser, no page anyone sees, and (as Streamlit's
        # session state without a script run) one state that every refresh shares.
        self.background = background
        self.id = f"session-{next(Session._ids)}"
        self.name = self.id  # the runs file's name for it, in reports
        self.request = RequestInputs()  # query parameters, st.user, st.context of this session
        self.handed_out: list[HandedOut] = []  # cache_resource objects this run got
        self.state = SessionState()
        self.main = Container(self, "main", "main", container_id=MAIN_ID)
        self.sidebar = Container(self, "sidebar", "sidebar", container_id=SIDEBAR_ID)
        self.event = Container(self, "event", "event", container_id=EVENT_ID)
        self.shown_widgets: list[tuple[WidgetSpec, bool]] = []  # (widget, registered) on the page now
        # Widgets a cached function created, by id, with the function: a hit may leave them out.
        self.cached_widgets: dict[str, tuple[WidgetSpec, str]] = {}
        self.events: list[str] = []  # this run's, handed to its outcome
        self.runs = 0

    def run(
        self,
        script: Callable[[], None],
        changes: Optional[dict[str, Any]] = None,
        widget_changes: Optional[dict[str, Any]] = None,
    ) -> RunOutcome:
        """One script run after the user set `changes` (widget label or key -> JSON value) and
        `widget_changes` (id of a shown widget -> value)."""
        if not self.runs and (changes or widget_changes):
            raise SimulationError("run 0: no widget is on the page before the first run; start the runs with {}")
        self.events = []
        browser_values = self.browser_values(changes or {}, widget_changes or {}) if self.runs else None
        run_index = self.runs
        self.runs += 1
        for _ in range(MAX_RERUNS_IN_A_ROW):
            run = ScriptRun(self)
            token = _current_run.set(run)
            try:
                outcome = self._execute(run, script, browser_values)
            except RerunScript:
                browser_values = None  # st.rerun() sends no widget states: nothing is compacted
                continue
            finally:
                _current_run.reset(token)
                for work in run.after_run:
                    work()
            return outcome
        raise SimulationError(f"run {run_index}: the script called st.rerun() {MAX_RERUNS_IN_A_ROW} times in a row")

    def _execute(
        self, run: ScriptRun, script: Callable[[], None], browser_values: Optional[dict[str, Any]]
    ) -> RunOutcome:
        for root in (self.main, self.sidebar, self.event):
            root.children = []
        error = None
        finished = True
        try:
            if browser_values is not None:
                for spec in self.state.start_run(browser_values):
                    spec.callback(*spec.callback_args, **spec.callback_kwargs)
            script()
        except RerunScript:
            self.state.finish_run(run.widget_ids)  # a rerun counts as a finished run: triggers reset
            raise
        except StopScript:
            finished = False
        except SimulationError:
            raise
        except Exception as exception:  # noqa: BLE001 - the app's own error, shown like Streamlit shows it
            finished = False
            error = exception
        if finished:
            self.state.finish_run(run.widget_ids)
        self.shared_objects.end_of_run(self.name, self.runs - 1, self.handed_out)
        self.handed_out = []
        shown = list(self.main.walk()) + list(self.sidebar.walk())
        self.shown_widgets = [
            (node.widget, node.widget.id in run.widget_ids) for node in shown if node.widget is not None
        ]
        return RunOutcome(
            screen=screen_lines(self),
            warnings=[(node.text, node.origin) for node in shown if node.kind == "exception" and node.origin],
            deprecations=run.deprecations,
            error=error,
            events=self.events,
        )

    def current_value(self, source: str, key: str) -> str:
        """The repr of what a read of `source.key` gives in this session now, without recording it."""
        try:
            if source == "session_state":
                return repr(self.state.get_item(key))
            mapping = {"query_params": self.request.query_params, "context": self.request.context}.get(
                source, self.request.user
            )
            return repr(mapping[key]) if key in mapping else MISSING
        except KeyError:
            return MISSING

    def browser_values(self, changes: dict[str, Any], widget_changes: dict[str, Any]) -> dict[str, Any]:
        """What the browser sends: the values of the registered widgets it shows, and the user's changes."""
        values = {
            spec.id: self.state.widget_values[spec.id]
            for spec, registered in self.shown_widgets
            if registered and spec.id in self.state.widget_values
        }
        values.update(widget_changes)
        for name, raw in changes.items():
            removed_by = self.removed_by_hit(name)
            if removed_by is not None:
                # As a user's click on a widget that is not there: it simply does not happen.
                self.events.append(f"{name!r} is not on the page: the hit of {removed_by}() removed it")
                continue
            spec = self.find_shown_widget(name)
            try:
                value = spec.parse(raw)
            except (ValueError, TypeError) as error:
                raise SimulationError(
                    f"run {self.runs}: {raw!r} is not a value for {spec.describe()}: {error}"
                ) from None
            if spec.values is not None and value not in spec.values:
                raise SimulationError(
                    f"run {self.runs}: {raw!r} is not a value of {spec.describe()} ({spec.values.describe()})"
                )
            values[spec.id] = value
        return values

    def removed_by_hit(self, name: str) -> Optional[str]:
        """The cached function whose widget `name` was, when that widget is not on the page now."""
        shown = {spec.id for spec, _ in self.shown_widgets}
        if any(spec.key == name or spec.label == name for spec, _ in self.shown_widgets):
            return None
        for widget_id, (spec, function) in self.cached_widgets.items():
            if widget_id not in shown and (spec.key == name or spec.label == name):
                return function
        return None

    def find_shown_widget(self, name: str) -> WidgetSpec:
        specs = [spec for spec, _ in self.shown_widgets]
        by_key = [spec for spec in specs if spec.key == name]
        by_label = [spec for spec in specs if spec.label == name]
        matches = by_key or by_label
        if not matches:
            shown = ", ".join(spec.describe() for spec in specs) or "none"
            raise SimulationError(
                f"run {self.runs}: no widget labelled or keyed {name!r} was on the page after the previous run "
                f"(shown: {shown})"
            )
        if len(matches) > 1:
            raise SimulationError(
                f"run {self.runs}: {len(matches)} widgets are labelled {name!r}; give them a key= and use it"
            )
        return matches[0]


@contextlib.contextmanager
def running_without_script_run(session: Session) -> Iterator[None]:
    """Run code as a background refresh's worker thread does: outside any script run. Commands
    land on `session`'s page, which nobody sees; its state is the one every refresh shares."""
    for root in (session.main, session.sidebar, session.event):
        root.children = []
    token = _current_run.set(ScriptRun(session))
    try:
        yield
    finally:
        _current_run.reset(token)


def screen_lines(session: Session) -> list[str]:
    lines = []
    for root in (session.main, session.sidebar):
        for node in root.walk():
            if node.widget is not None or node.kind in TEXT_KINDS:
                lines.append(f"{root.root}: {node.kind}: {node.text}")
    return lines
