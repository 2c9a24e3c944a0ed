"""The estimator against the reference runtime: generated apps, every widget value enumerated.

On straight-line code the static estimate must equal what `simulate --enumerate` stores; with
branches it must never be below it. The two count independently: the estimator from the source
text, the runtime by running the app with every combination of widget values.
Set LINT_CACHE_PROPERTY_EXAMPLES for a longer run (CI runs the default).
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import libcst as cst
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from packaging.version import Version

from lint_cache.blowup.estimator import estimates
from lint_cache.facts import ModuleFacts
from lint_cache.runtime import simulate_app
from lint_cache.settings import Settings

EXAMPLES = int(os.environ.get("LINT_CACHE_PROPERTY_EXAMPLES", "250"))
REPLAY_VERSION = "1.35"  # widget replay exists
MAX_RUNS = 400  # keeps each enumeration quick


def _options(count: int) -> str:
    return repr([f"o{i}" for i in range(count)])


@st.composite
def widgets(draw) -> str:
    """A widget call with a finite value set and a `{label}` placeholder."""
    kind = draw(st.sampled_from(["checkbox", "toggle", "radio", "selectbox", "slider", "select_slider", "multi"]))
    if kind in ("checkbox", "toggle"):
        return f'st.{kind}("{{label}}")'
    if kind in ("radio", "selectbox"):
        options = draw(st.integers(1, 4))
        none = draw(st.booleans()) and kind == "selectbox"
        index = ", index=None" if none else ""
        return f'st.{kind}("{{label}}", {_options(options)}{index})'
    if kind == "slider":
        low = draw(st.integers(-3, 3))
        high = low + draw(st.integers(0, 6))
        step = draw(st.integers(1, 3))
        return f'st.slider("{{label}}", {low}, {high}, step={step})'
    if kind == "select_slider":
        options = draw(st.integers(1, 4))
        return f'st.select_slider("{{label}}", options={_options(options)})'
    options = draw(st.integers(1, 3))
    most = draw(st.integers(1, options))
    return f'st.multiselect("{{label}}", {_options(options)}, max_selections={most})'


@st.composite
def apps(draw) -> tuple[str, bool]:
    """An app with a replayed cached function and a cached function fed by widget values.
    Returns (source, has_branches)."""
    replayed = draw(st.lists(widgets(), min_size=0, max_size=3))
    fed = draw(st.lists(widgets(), min_size=0, max_size=3))
    branch = draw(st.booleans()) and len(replayed) >= 2
    lines = ["import streamlit as st", "", "", "@st.cache_data(experimental_allow_widgets=True)", "def replayed():"]
    body = [f"    r{i} = " + widget.format(label=f"r{i}") for i, widget in enumerate(replayed)]
    if branch:  # the last widget runs only when the first one is truthy
        body[-1] = "    if r0:\n    " + body[-1]
    lines += body or ["    pass"]
    lines += ["    return 1", "", ""]
    hashed = [draw(st.booleans()) for _ in fed]
    parameters = [("" if keep else "_") + f"p{i}" for i, keep in enumerate(hashed)]
    lines += ["@st.cache_data", f"def fed({', '.join(parameters)}):", "    return 1", "", ""]
    lines.append("replayed()")
    arguments = []
    for i, widget in enumerate(fed):
        spelling = draw(st.sampled_from(["direct", "name", "fstring"]))
        call = widget.format(label=f"f{i}")
        if spelling == "direct":
            arguments.append(call)
        elif spelling == "name":
            lines.append(f"v{i} = {call}")
            arguments.append(f"v{i}")
        else:
            lines.append(f"v{i} = {call}")
            arguments.append(f'f"{{v{i}}}"')
    lines.append(f"fed({', '.join(arguments)})")
    return "\n".join(lines) + "\n", branch


def estimated(source: str) -> dict[str, tuple[int, bool]]:
    """Per function: (stored results, whether that is an upper bound)."""
    options = Settings(streamlit_version=Version(REPLAY_VERSION))
    facts = ModuleFacts(cst.parse_module(source), "app.py", options, source)
    found = {}
    for estimate in estimates(facts, options):
        results = estimate.results
        assert results.value is not None and not results.unbounded and not results.lower_bound, source
        found[estimate.cached.name] = (results.value, results.upper_bound)
    return found


def simulated(source: str, folder: Path) -> dict[str, int]:
    app = folder / "app.py"
    app.write_text(source)
    result = simulate_app(str(app), REPLAY_VERSION, enumerate=True, max_runs=100_000)
    assert not result.errors, result.errors
    return {row["name"]: row["results"] for row in result.to_json()["functions"]}


def _small_enough(case: tuple[str, bool]) -> bool:
    source, _ = case
    options = Settings(streamlit_version=Version(REPLAY_VERSION))
    facts = ModuleFacts(cst.parse_module(source), "app.py", options, source)
    total = 1
    for estimate in estimates(facts, options):
        total *= estimate.results.value or 1
    return total <= MAX_RUNS


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(case=apps().filter(_small_enough))
def test_estimate_equals_enumerated_results(case, tmp_path_factory):
    source, has_branches = case
    folder = tmp_path_factory.mktemp("app")
    static = estimated(source)
    counted = simulated(source, folder)
    for name, (value, upper_bound) in static.items():
        if has_branches and name == "replayed":
            assert upper_bound, source
            assert counted[name] <= value, source
        else:
            assert not upper_bound, source
            assert counted[name] == value, f"{name}: runtime {counted[name]}, estimate {value}\n{source}"


def test_a_known_app_agrees_exactly(tmp_path):
    source = textwrap.dedent(
        """\
        import streamlit as st

        @st.cache_data(experimental_allow_widgets=True)
        def tuned():
            return st.slider("level", 0, 3), st.toggle("fast"), st.multiselect("tags", ["a", "b"])

        @st.cache_data
        def report(region, detailed, _connection):
            return region

        tuned()
        region = st.selectbox("region", ["north", "south", "east"])
        report(region, f"{st.checkbox('detailed')}", st.checkbox("not hashed"))
        """
    )
    assert estimated(source) == {"tuned": (4 * 2 * 5, False), "report": (3 * 2, False)}
    assert simulated(source, tmp_path) == {"tuned": 4 * 2 * 5, "report": 3 * 2}
