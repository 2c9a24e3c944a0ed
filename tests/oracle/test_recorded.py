"""The reference runtime against what real Streamlit showed on every recorded release.

The same comparison as test_oracle.py (body runs, entries, results, warnings, errors, screens,
deprecations), against recorded/<release>.json instead of a live AppTest run: fast, and no
Streamlit installed. Re-record with tools/oracle/record.py.

RUNTIME_DISAGREEMENTS lists every (scenario, release) where the runtime and the recording differ
today, each with the reason; they are strict xfails, so an entry that starts agreeing fails the
suite until it is deleted.
"""

from __future__ import annotations

import pytest

from . import recorded
from .compare import assert_runtime_agrees
from .scenarios import SCENARIOS

# 1.30's widget replay as AppTest shows it: with the opt-in, changing the widget never recomputes
# (the body runs once, every run is served the first result); without it, the widget stays on the
# page on hits. The runtime models 1.35's replay for the whole 1.15-1.37 era.
FROZEN_REPLAY_130 = (
    "1.30 with the opt-in: Streamlit runs the body once and serves its first result whatever the widget "
    "says (1 body run, 1 result, the first screen on every run); the runtime models 1.35's widget replay "
    "(a new result per widget value)"
)
RUNTIME_DISAGREEMENTS: dict[tuple[str, str], str] = {
    ("opt_in_widget_replay", "1.30.0"): FROZEN_REPLAY_130,
    ("multiselect_order_is_part_of_the_value", "1.30.0"): FROZEN_REPLAY_130,
    ("button_value_is_a_trigger", "1.30.0"): FROZEN_REPLAY_130,
    ("conditional_widgets_extra_misses", "1.30.0"): (
        "the driver cannot set 'amount': after checking 'more', 1.30 serves the cached result and never runs "
        "the body again, so the slider never appears (see FROZEN_REPLAY_130)"
    ),
    ("conditional_widgets_extra_misses", "1.45.1"): (
        "the driver cannot set 'amount': the opt-in is ignored from 1.38, checking 'more' is a cache hit and "
        "the slider never appears; the scenario's runs only make sense through 1.37"
    ),
    ("widget_without_opt_in_warns_on_every_run", "1.30.0"): (
        "1.30 shows the slider again on the cache hits (the runtime: it vanishes on hits through 1.37)"
    ),
    ("nested_opt_in_under_a_function_without_it", "1.30.0"): (
        "1.30 shows the checkbox again on the cache hits and names `inner` in CachedStFunctionWarning "
        "(the runtime: the checkbox vanishes on hits, the warning names `outer`)"
    ),
    ("toast_raises_on_hit", "1.30.0"): (
        "1.30 shows CachedStFunctionWarning for st.toast on the miss only (run 0); the runtime warns on the "
        "hit too (run 1)"
    ),
}

VERSIONS = recorded.recorded_versions()
CASES = [
    pytest.param(
        scenario,
        version,
        id=f"{scenario.name}-{version}",
        marks=[pytest.mark.xfail(strict=True, reason=RUNTIME_DISAGREEMENTS[(scenario.name, version)])]
        if (scenario.name, version) in RUNTIME_DISAGREEMENTS
        else [],
    )
    for version in VERSIONS
    for scenario in SCENARIOS
    if scenario.applies_to(version)
]


@pytest.mark.parametrize(("scenario", "version"), CASES)
def test_runtime_agrees_with_recorded_streamlit(scenario, version, scenario_apps):
    runs = scenario.runs_on(version)
    real = recorded.entry(recorded.load(version), "scenarios", scenario.name, scenario.app, list(runs))
    assert_runtime_agrees(real, version, str(scenario_apps[scenario.name]), runs)


def test_every_release_is_recorded():
    """The recorder's release list and the fixtures are the same releases."""
    assert VERSIONS == recorded.RECORDED_RELEASES


def test_known_disagreements_name_recorded_cases():
    cases = {(scenario.name, version) for scenario in SCENARIOS for version in VERSIONS if scenario.applies_to(version)}
    assert set(RUNTIME_DISAGREEMENTS) <= cases
