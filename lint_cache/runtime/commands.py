"""The Streamlit commands the scripted session offers: elements, containers, widgets, control flow.

Every command has the shape `command(run, invoked_on, *args, **kwargs)`; `st.foo(...)` invokes it
on the main area, `container.foo(...)` on that container. What matters here is what caching
sees: which container an element lands in, which commands are widgets, and what returns what.
Text elements keep their text so a page can be compared with the one real Streamlit shows.
"""

from __future__ import annotations

import contextlib
import re
import textwrap
from typing import Any, Callable, Iterator

from lint_cache.runtime.errors import RerunScript, SimulationError, StopScript, streamlit_name
from lint_cache.runtime.session import CommandTable, Container, ScriptRun
from lint_cache.runtime.versions import Release
from lint_cache.runtime.widgets import WIDGET_BUILDERS

Command = Callable[..., Any]

TEXT_ELEMENTS = (
    "markdown",
    "text",
    "title",
    "header",
    "subheader",
    "caption",
    "code",
    "latex",
    "success",
    "info",
    "warning",
    "error",
)
OTHER_ELEMENTS = (
    "json",
    "metric",
    "dataframe",
    "table",
    "line_chart",
    "area_chart",
    "bar_chart",
    "scatter_chart",
    "map",
    "pyplot",
    "altair_chart",
    "vega_lite_chart",
    "plotly_chart",
    "bokeh_chart",
    "pydeck_chart",
    "graphviz_chart",
    "image",
    "audio",
    "video",
    "divider",
    "progress",
    "balloons",
    "snow",
    "link_button",
    "page_link",
    "badge",
    "help",
)
STYLE_ONLY_HTML = re.compile(r"^\s*(?:(?:<style[^>]*>.*?</style>|<!--.*?-->)\s*)+$", re.DOTALL | re.IGNORECASE)


def element(kind: str) -> Command:
    keeps_text = kind in TEXT_ELEMENTS

    def show(run: ScriptRun, invoked_on: Container, *args: Any, **kwargs: Any) -> Container:
        text = clean_text(args[0] if args else kwargs.get("body", "")) if keeps_text else ""
        return run.show_element(invoked_on, kind, text)

    return show


def clean_text(body: Any) -> str:
    """Streamlit's `string_util.clean_text`, applied to the body of text elements."""
    return textwrap.dedent(str(body)).strip()


def write(run: ScriptRun, invoked_on: Container, *args: Any, **kwargs: Any) -> None:
    """Consecutive strings and simple values are joined into one markdown element, as st.write does."""
    pending: list[str] = []
    for arg in args:
        if isinstance(arg, str):
            pending.append(arg)
        elif arg is None or isinstance(arg, (bool, int, float)):
            pending.append(f"`{arg}`")
        else:
            if pending:
                run.show_element(invoked_on, "markdown", clean_text(" ".join(pending)))
                pending = []
            run.show_element(invoked_on, "write", "")
    if pending:
        run.show_element(invoked_on, "markdown", clean_text(" ".join(pending)))


def exception(run: ScriptRun, invoked_on: Container, error: BaseException, **kwargs: Any) -> Container:
    return run.show_element(invoked_on, "exception", streamlit_name(error))


def html(sends_style_to_events: bool) -> Command:
    """`st.html`; from 1.45 (`sends_style_to_events`) style-only HTML goes to the event container,
    where a cache hit cannot replay it."""

    def show(run: ScriptRun, invoked_on: Container, body: Any, **kwargs: Any) -> Container:
        if sends_style_to_events and STYLE_ONLY_HTML.match(str(body)):
            invoked_on = run.session.event
        return run.show_element(invoked_on, "html", "")

    return show


def toast(run: ScriptRun, invoked_on: Container, body: Any, **kwargs: Any) -> Container:
    # `st.toast` is bound to the event container (`toast = _event.toast`), never main or sidebar.
    run.warn_about_element("toast")
    return run.show_element(run.session.event, "toast", str(body))


def widget(kind: str) -> Command:
    build = WIDGET_BUILDERS[kind]

    def call(run: ScriptRun, invoked_on: Container, *args: Any, **kwargs: Any) -> Any:
        spec = build(*args, **kwargs)
        run.warn_about_widget()
        value = run.register_widget(spec)
        run.show_element(invoked_on, kind, spec.label or "", widget=spec)
        return value

    return call


def block(kind: str) -> Command:
    def create(run: ScriptRun, invoked_on: Container, *args: Any, **kwargs: Any) -> Container:
        text = str(args[0]) if args and isinstance(args[0], str) else ""
        return run.show_block(invoked_on, kind, text)

    return create


def form(run: ScriptRun, invoked_on: Container, key: Any, *args: Any, **kwargs: Any) -> Container:
    # st.form counts as a widget for the cache warning (1.34+: check_cache_replay_rules in form.py).
    run.warn_about_widget()
    return run.show_block(invoked_on, "form", str(key))


def empty(run: ScriptRun, invoked_on: Container) -> Container:
    return run.show_element(invoked_on, "empty", "")


def columns(run: ScriptRun, invoked_on: Container, spec: Any, *args: Any, **kwargs: Any) -> list[Container]:
    count = spec if isinstance(spec, int) else len(spec)
    if count < 1:
        raise SimulationError("st.columns needs at least one column")
    row = run.show_block(invoked_on, "horizontal")
    return [run.show_block(row, "column") for _ in range(count)]


def tabs(run: ScriptRun, invoked_on: Container, labels: Any, *args: Any, **kwargs: Any) -> list[Container]:
    group = run.show_block(invoked_on, "tab_container")
    return [run.show_block(group, "tab", str(label)) for label in labels]


@contextlib.contextmanager
def spinner(run: ScriptRun, invoked_on: Container, text: str = "In progress...", **kwargs: Any) -> Iterator[None]:
    placeholder = run.show_element(invoked_on, "empty", "")
    try:
        yield
    finally:
        placeholder.children = []


def stop(run: ScriptRun, invoked_on: Container) -> None:
    raise StopScript()


def rerun(run: ScriptRun, invoked_on: Container, **kwargs: Any) -> None:
    raise RerunScript()


def set_page_config(run: ScriptRun, invoked_on: Container, **kwargs: Any) -> None:
    # The page title and layout do not touch caches; inside a cached function they would (§1.3).
    if run.captures:
        raise SimulationError("st.set_page_config inside a cached function is not modelled")


def fragment(run: ScriptRun, invoked_on: Container, func: Any = None, **kwargs: Any) -> Any:
    # A fragment runs as part of every full script run; fragment-only reruns are not modelled.
    return func if func is not None else (lambda decorated: decorated)


def command_table(release: Release) -> CommandTable:
    commands: dict[str, Command] = {}
    for kind in TEXT_ELEMENTS + OTHER_ELEMENTS:
        commands[kind] = element(kind)
    for kind in WIDGET_BUILDERS:
        commands[kind] = widget(kind)
    for kind in ("container", "expander", "popover", "chat_message", "status"):
        commands[kind] = block(kind)
    commands.update(
        write=write,
        exception=exception,
        html=html(release.sends_style_html_to_events),
        toast=toast,
        form=form,
        empty=empty,
        columns=columns,
        tabs=tabs,
        spinner=spinner,
        stop=stop,
        rerun=rerun,
        set_page_config=set_page_config,
    )
    if release.has_experimental_rerun:
        commands["experimental_rerun"] = rerun
    if release.has_fragment:
        commands["fragment"] = fragment
    return commands
