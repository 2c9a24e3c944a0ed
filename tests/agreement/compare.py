"""Run the app set under real Streamlit and through the linter, and compare what each reports.

For every app and oracle release: the driver (tests/oracle/driver.py, one process per release
for all apps) runs the app twice under AppTest, a miss then a hit, and reports every signal with
the app line it is about. Streamlit itself gives a line only for raised exceptions and widget
warnings; for the others the driver finds what the signal is about and uses its line: the
parameter named in the hashing frame, the recorded call whose replay failed, where the unpicklable
part of the result was made, the decorator of the function a deprecation is about (see the
driver's docstring). Each signal maps to the rule that predicts it; the linter, targeting the same
release, must report exactly those (rule, line) pairs for the rules that have a signal, with
severity "error" exactly where the signal stops the script.

A finding is "unreached" when its line never ran (the driver reports the app lines that ran):
the script stopped earlier on another signal, as when the opt-in's TypeError from 1.49 hides the
widgets below it, or `st.cache`'s AttributeError from 1.62 the `self` that 1.35 would have hashed.
Reported lines are those that run when the reported code does: a call, a decorator, a parameter
on its function's `def` line (the apps keep signatures on one line). Unreached findings are left
out of the comparison and counted in the table; an app that never stopped may have none.
"""

from __future__ import annotations

import re
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from oracle import recorded
from oracle.scenarios import ORACLE_VERSIONS
from oracle.venvs import ensure_streamlit, run_driver
from packaging.version import Version

from lint_cache import check_source
from lint_cache.diagnostics import ERROR, WARNING
from lint_cache.rules import RULES_BY_CODE
from lint_cache.settings import Settings

from .apps import APPS, App

RUNS = ({}, {})  # a cache miss, then a hit
BATCH_TIMEOUT = 1800  # one driver process for every app of a release, on a machine maybe busy

# The signals each rule predicts (design §1, issue 5 "Linter vs runtime").
SIGNALS = {
    "STC101": "CachedWidgetWarning (file_uploader, camera_input)",
    "STC102": "CachedWidgetWarning (CachedStFunctionWarning on a widget call before 1.34)",
    "STC103": "deprecation warning (1.36-1.48), TypeError (1.49+)",
    "STC106": "CacheReplayClosureError on the hit",
    "STC201": "deprecation warning (1.18-1.61), AttributeError (1.62+)",
    "STC202": "deprecation warning (1.18-1.36), AttributeError (1.37+)",
    "STC203": "UnhashableParamError",
    "STC206": "UnserializableReturnValueError",
}
NOT_FATAL = frozenset({"CachedWidgetWarning", "CachedStFunctionWarning", "deprecation"})
FIXED_RULES = {
    "UnhashableParamError": "STC203",
    "CacheReplayClosureError": "STC106",
    "UnserializableReturnValueError": "STC206",
}
UNSUPPORTED_WIDGET_CALL = re.compile(r"\b(file_uploader|camera_input)\s*\(")
# Before 1.34 Streamlit warned with CachedStFunctionWarning for widgets (and for a few other
# commands, such as st.toast, that no rule warns about): a widget call is what STC101/STC102 predict.
WIDGET_CALL = re.compile(
    r"\b(button|download_button|form_submit_button|checkbox|toggle|radio|selectbox|multiselect|select_slider"
    r"|slider|text_input|text_area|number_input|date_input|time_input|color_picker|file_uploader|camera_input"
    r"|chat_input|data_editor)\s*\("
)
REMOVED_DECORATORS = {"experimental_memo": "STC202", "experimental_singleton": "STC202", "cache": "STC201"}
# What a deprecation message is about, most specific first (1.35 says "`st.cache` is deprecated").
DEPRECATION_MARKERS = (
    ("experimental_allow_widgets", "STC103"),
    ("experimental_memo", "STC202"),
    ("experimental_singleton", "STC202"),
    ("`st.cache`", "STC201"),
)
MISSING_NAME = re.compile(r"(?:attribute|name) '(?P<name>\w+)'")

Place = tuple[str, Optional[int]]  # (rule, line)


@dataclass
class Observation:
    """One app on one release: what the linter reported and what Streamlit showed."""

    app: App
    version: str
    linted: dict[Place, str] = field(default_factory=dict)  # -> severity
    observed: dict[Place, str] = field(default_factory=dict)  # -> "error" (stops the script) or "warning"
    evidence: dict[Place, str] = field(default_factory=dict)  # -> the signal and its message
    unreached: set[Place] = field(default_factory=set)
    silent: dict[Place, str] = field(default_factory=dict)  # findings right without a signal -> why
    unexplained: list[dict] = field(default_factory=list)  # signals no rule accounts for
    signals: list[dict] = field(default_factory=list)  # everything the driver saw, as it saw it
    stopped: bool = False  # a run ended on an exception
    failure: Optional[str] = None  # the driver could not run the app

    @property
    def agrees(self) -> bool:
        return self.failure is None and not self.unexplained and self.linted == self.observed

    def rules(self) -> set[str]:
        return {rule for rule, _ in [*self.linted, *self.observed, *self.unreached]} | set(self.app.about)

    def lines(self, side: dict[Place, str], rule: str) -> list[Optional[int]]:
        return sorted((line for code, line in side if code == rule), key=lambda line: line or 0)

    def explain(self, rule: str) -> str:
        """How the linter and Streamlit differ on `rule` ("" when they agree)."""

        def shown(side: dict[Place, str], lines: list) -> str:
            if not lines:
                return "nothing"
            return ", ".join(f"line {line} ({side[(rule, line)]})" for line in lines)

        linted, observed = self.lines(self.linted, rule), self.lines(self.observed, rule)
        if {(rule, line): self.linted[(rule, line)] for line in linted} == {
            (rule, line): self.observed[(rule, line)] for line in observed
        }:
            return ""
        unreached = [f"line {line} unreached" for code, line in sorted(self.unreached) if code == rule]
        seen = "; ".join(self.evidence[(rule, line)] for line in observed)
        return (
            f"`{self.app.name}`: linter {shown(self.linted, linted)}"
            + (f" ({', '.join(unreached)})" if unreached else "")
            + f", Streamlit {shown(self.observed, observed)}"
            + (f" [{seen}]" if seen else "")
        )


def observe_all(versions: tuple[str, ...] = ORACLE_VERSIONS) -> dict[tuple[str, str], Observation]:
    """Every app on every release it runs on, keyed by (app name, version): Streamlit run now."""
    with ThreadPoolExecutor(max_workers=len(versions)) as pool:
        pythons = dict(zip(versions, pool.map(ensure_streamlit, versions)))
    with tempfile.TemporaryDirectory(prefix="lint-cache-agreement-") as folder:
        paths = {}
        for app in APPS:
            paths[app.name] = Path(folder) / f"{app.name}.py"
            paths[app.name].write_text(app.text, encoding="utf-8")
        with ThreadPoolExecutor(max_workers=len(versions)) as pool:
            runs = dict(zip(versions, pool.map(lambda version: run_apps(pythons[version], version, paths), versions)))
    return observe_runs(runs)


def observe_recorded(versions: Optional[tuple[str, ...]] = None) -> dict[tuple[str, str], Observation]:
    """The same, from what Streamlit showed when it was recorded (tests/oracle/recorded/)."""
    versions = recorded.recorded_versions() if versions is None else versions
    runs = {}
    for version in versions:
        recording = recorded.load(version)
        runs[version] = {
            app.name: recorded.entry(recording, "apps", app.name, app.text, list(RUNS))
            for app in APPS
            if app.runs_on(version)
        }
    return observe_runs(runs)


def observe_runs(runs: dict[str, dict[str, dict]]) -> dict[tuple[str, str], Observation]:
    """Observations from the driver's account of each app (release -> app name -> driver JSON)."""
    return {
        (app.name, version): observe(app, version, results[app.name])
        for version, results in runs.items()
        for app in APPS
        if app.runs_on(version)
    }


def run_apps(python: Path, version: str, paths: dict[str, Path]) -> dict[str, dict]:
    """The driver's account of every app that runs on `version`, from one process."""
    names = [app.name for app in APPS if app.runs_on(version)]
    request = {"apps": [{"app": str(paths[name]), "runs": list(RUNS)} for name in names], "signals": True}
    results = run_driver(python, request, timeout=BATCH_TIMEOUT)
    if isinstance(results, dict):  # the driver failed as a whole
        return {name: results for name in names}
    return dict(zip(names, results))


def observe(app: App, version: str, real: dict) -> Observation:
    """Compare the linter with the driver's JSON for the app (from a live run or a recording)."""
    seen = Observation(app, version, linted=linted(app, version))
    if "driver_failed" in real:
        seen.failure = real["driver_failed"]
        return seen
    source_lines = app.text.splitlines()
    seen.signals = real["signals"]
    for signal in real["signals"]:
        rule = rule_for(signal, source_lines)
        if rule is None:
            seen.unexplained.append(signal)
            continue
        severity = WARNING if signal["signal"] in NOT_FATAL else ERROR
        seen.observed[(rule, signal["line"])] = severity
        seen.evidence[(rule, signal["line"])] = f"run {signal['run']}: {signal['signal']}: {signal['message'][:90]}"
    seen.stopped = any(signal["signal"] not in NOT_FATAL for signal in real["signals"])
    executed = set(real["executed_lines"])
    seen.unreached = {place for place in seen.linted if place[1] not in executed and place not in seen.observed}
    for place in seen.unreached:
        del seen.linted[place]
    for place in [place for place in seen.linted if place not in seen.observed]:
        why = app.silent_reason(version, place[0])
        if why is not None:
            seen.silent[place] = why
            del seen.linted[place]
    return seen


def assert_agrees(seen: Observation) -> None:
    """The agreement test's verdict on one app and release, live or recorded."""
    assert seen.failure is None, f"the driver could not run the app on {seen.version}:\n{seen.failure}"
    assert seen.unexplained == [], f"Streamlit showed signals that no rule predicts: {seen.unexplained}"
    assert seen.stopped or not seen.unreached, f"lines the linter reports never ran: {sorted(seen.unreached)}"
    differences = "\n".join(filter(None, (seen.explain(rule) for rule in sorted(seen.rules()))))
    assert seen.linted == seen.observed, differences


def replay_error_runs(observations: dict[tuple[str, str], Observation]) -> dict[tuple[str, str], list[int]]:
    """The runs that raised CacheReplayClosureError, per (app, release) that raised it."""
    runs = {
        (seen.app.name, seen.version): sorted(
            {signal["run"] for signal in seen.signals if signal["signal"] == "CacheReplayClosureError"}
        )
        for seen in observations.values()
    }
    return {key: found for key, found in runs.items() if found}


def linted(app: App, version: str) -> dict[Place, str]:
    """The linter's findings for the rules that have a signal, with their severity."""
    settings = Settings(streamlit_version=Version(version))
    return {
        (diagnostic.code, diagnostic.line): diagnostic.severity
        for diagnostic in check_source(app.text, f"{app.name}.py", settings)
        if diagnostic.code in SIGNALS
    }


def rule_for(signal: dict, source_lines: list[str]) -> Optional[str]:
    """The rule that predicts a signal, or None when no rule does."""
    kind, message = signal["signal"], signal["message"]
    if kind in ("CachedWidgetWarning", "CachedStFunctionWarning"):
        # The widget Streamlit warned for is the call on the warning's innermost app line.
        widget_call = source_lines[signal["call_line"] - 1] if signal["call_line"] else ""
        if kind == "CachedStFunctionWarning" and not WIDGET_CALL.search(widget_call):
            return None
        return "STC101" if UNSUPPORTED_WIDGET_CALL.search(widget_call) else "STC102"
    if kind in FIXED_RULES:
        return FIXED_RULES[kind]
    if kind == "deprecation":
        return next((rule for marker, rule in DEPRECATION_MARKERS if marker in message), None)
    if kind == "TypeError" and "experimental_allow_widgets" in message:
        return "STC103"
    if kind in ("AttributeError", "ImportError"):
        match = MISSING_NAME.search(message)
        name = signal["name"] if kind == "AttributeError" and signal["name"] else match and match.group("name")
        return REMOVED_DECORATORS.get(name)
    return None


def table(observations: dict[tuple[str, str], Observation], versions: tuple[str, ...] = ORACLE_VERSIONS) -> str:
    """The agreement table (rules × releases), then the evidence for every disagreement."""
    header = ["rule", *versions]
    rows = [f"| {' | '.join(header)} |", f"|{'---|' * len(header)}"]
    details = []
    for rule in SIGNALS:
        cells = [f"{rule} {RULES_BY_CODE[rule].name}"]
        for version in versions:
            cell, differences = summary(rule, version, observations)
            cells.append(cell)
            details += [f"- {rule} on {version}: {difference}" for difference in differences]
        rows.append(f"| {' | '.join(cells)} |")
    skipped = [
        f"- `{app.name}` runs from {app.since} on: {app.why_since}"
        for app in APPS
        if app.since and any(not app.runs_on(version) for version in versions)
    ]
    silent = [
        f"- `{seen.app.name}` on {seen.version}: {rule} at line {line}: {why}"
        for seen in observations.values()
        for (rule, line), why in sorted(seen.silent.items())
    ]
    problems = [
        f"- `{seen.app.name}` on {seen.version}: "
        + (
            f"driver failed: {seen.failure.splitlines()[-1]}"
            if seen.failure
            else f"no rule explains {seen.unexplained}"
        )
        for seen in observations.values()
        if seen.failure or seen.unexplained
    ]
    text = "\n".join(rows)
    for title, lines in (
        ("Disagreements", details),
        ("Apps that could not be compared", problems),
        ("Apps not on every release", skipped),
        ("Findings right without a runtime signal", silent),
    ):
        if lines:
            text += f"\n\n{title}:\n" + "\n".join(lines)
    return text + "\n"


def summary(rule: str, version: str, observations: dict[tuple[str, str], Observation]) -> tuple[str, list[str]]:
    apps = [seen for (_, on), seen in observations.items() if on == version and rule in seen.rules()]
    differences = [text for text in (seen.explain(rule) for seen in apps) if text]
    with_signal = sum(1 for seen in apps if any(code == rule for code, _ in seen.observed))
    unreached = sum(1 for seen in apps for code, _ in seen.unreached if code == rule)
    silent = sum(1 for seen in apps for code, _ in seen.silent if code == rule)
    extra = f", {unreached} finding{'s' * (unreached != 1)} unreached" if unreached else ""
    extra += f", {silent} right without a signal" if silent else ""
    if differences:
        return (
            f"**disagree** in {len(differences)} of {len(apps)} apps ({with_signal} with the signal{extra})",
            differences,
        )
    return f"agree ({len(apps)} apps, {with_signal} with the signal{extra})", []
