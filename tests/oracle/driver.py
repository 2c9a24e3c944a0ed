"""Run one app under real Streamlit's AppTest and print what its caches did, as JSON.

Runs inside an oracle virtualenv (real Streamlit installed, no lint_cache, no pytest):

    python driver.py '{"app": "/path/app.py", "runs": [{}, {"n": 2}]}'

Output: {"version", "runs", "functions": [{name, line, body_runs, entries, results}],
"warnings": [{run, code, function}], "errors": [{run, type}], "screens": [[...] per run]},
the same shape `lint_cache.runtime.simulate_app` gives, so the tests can compare them.

Body runs are counted with a profile hook on the script thread (AppTest runs each script run in a
new thread); entries and results are read from Streamlit's own cache objects at the end.
"""

from __future__ import annotations

import ast
import json
import pickle
import re
import sys
import threading
from pathlib import Path

import streamlit
from streamlit.testing.v1 import AppTest, element_tree

CACHE_DECORATORS = {"cache_data", "cache_resource", "cache", "experimental_memo", "experimental_singleton"}
WARNING_TYPES = {"CachedWidgetWarning", "CachedStFunctionWarning"}
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


def main() -> None:
    request = json.loads(sys.argv[1])
    app = request["app"]
    cached = cached_functions(app)
    counter = BodyRunCounter(app, cached)
    skip_unregistered_widgets()
    threading.setprofile(counter.profile)

    test = AppTest.from_file(app, default_timeout=request.get("timeout", 10))
    warnings, errors, screens, deprecations = [], [], [], []
    for run, changes in enumerate(request["runs"]):
        for name, value in changes.items():
            set_widget(test, name, value)
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
    threading.setprofile(None)

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
    print(
        json.dumps(
            {
                "version": streamlit.__version__,
                "runs": len(request["runs"]),
                "functions": functions,
                "warnings": warnings,
                "errors": errors,
                "screens": screens,
                "deprecations": deprecations,
            }
        )
    )


def cached_functions(app: str) -> dict[tuple[str, int], dict]:
    """The app's cached functions, by (code name, first line of the code object), from its source."""
    tree = ast.parse(Path(app).read_text(encoding="utf-8"))
    found = {}

    def visit(node: ast.AST, scope: list[str]) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if any(decorator_name(d) in CACHE_DECORATORS for d in child.decorator_list):
                    first_line = min([d.lineno for d in child.decorator_list] + [child.lineno])
                    found[(child.name, first_line)] = {"qualname": ".".join(scope + [child.name]), "line": child.lineno}
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
    def __init__(self, app: str, cached: dict) -> None:
        self.app = app
        self.watched = set(cached)
        self.runs = {code_id: 0 for code_id in cached}

    def profile(self, frame, event, arg):
        if event == "call" and frame.f_code.co_filename == self.app:
            code_id = (frame.f_code.co_name, frame.f_code.co_firstlineno)
            if code_id in self.watched:
                self.runs[code_id] += 1


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
    """The innermost cached function on the warning's stack."""
    names = {code_id[0]: info["qualname"] for code_id, info in cached.items()}
    frames = [STACK_FRAME.search(line) for line in shown.stack_trace]
    in_app = [frame.group("name") for frame in frames if frame and frame.group("file") == app]
    return next((names[name] for name in reversed(in_app) if name in names), "?")


def deprecated_features(test: AppTest) -> list[str]:
    """The caching features the deprecation warnings on the page are about."""
    features = []
    for shown in test.warning:
        text = shown.value
        for feature, marker in DEPRECATION_MARKERS:
            if marker in text and "deprecated" in text:
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
                lines.append(f"{root_name}: {kind}: {node.label}")
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


if __name__ == "__main__":
    main()
