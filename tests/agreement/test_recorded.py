"""Linter vs runtime on every recorded release: the comparison of test_agreement.py, against what
real Streamlit showed when tests/oracle/recorded/<release>.json was recorded (tools/oracle/record.py).

No Streamlit is needed and nothing runs in a subprocess: the driver's JSON comes from the
fixture, the linter runs now, and `compare.observe` compares them exactly as it does live.

KNOWN_DISAGREEMENTS lists every (app, release) where the linter disagrees with the recording
today, with the reason. They are strict xfails: fix the rule, and the entry's test passes, which
fails the suite until the entry is deleted.
"""

from __future__ import annotations

import pytest
from oracle import recorded

from .apps import APPS
from .compare import assert_agrees, observe_recorded, replay_error_runs

KNOWN_DISAGREEMENTS: dict[tuple[str, str], str] = {
    ("toast_after_loading", "1.30.0"): (
        "Streamlit shows CachedStFunctionWarning for st.toast at line 5 on the miss (before 1.34 the check "
        "covered more than widgets), which no rule predicts; STC106 at line 5 (the error on the hit) agrees"
    ),
    ("toast_through_helper", "1.30.0"): (
        "Streamlit shows CachedStFunctionWarning for st.toast at line 8 on the miss, which no rule predicts; "
        "STC106 at line 8 (the error on the hit) agrees"
    ),
}

VERSIONS = recorded.recorded_versions()
CASES = [
    pytest.param(
        app,
        version,
        id=f"{app.name}-{version}",
        marks=[pytest.mark.xfail(strict=True, reason=KNOWN_DISAGREEMENTS[(app.name, version)])]
        if (app.name, version) in KNOWN_DISAGREEMENTS
        else [],
    )
    for version in VERSIONS
    for app in APPS
    if app.runs_on(version)
]


@pytest.fixture(scope="module")
def recorded_observations():
    return observe_recorded(VERSIONS)


@pytest.mark.parametrize(("app", "version"), CASES)
def test_linter_reports_exactly_where_recorded_streamlit_showed_the_signal(app, version, recorded_observations):
    assert_agrees(recorded_observations[(app.name, version)])


def test_known_disagreements_name_recorded_apps():
    cases = {(app.name, version) for app in APPS for version in VERSIONS if app.runs_on(version)}
    assert set(KNOWN_DISAGREEMENTS) - cases == set()


def test_recorded_replay_errors_come_on_the_cache_hit(recorded_observations):
    """Design §1.3: the miss runs the body and records; only replaying on a hit can fail."""
    failing = replay_error_runs(recorded_observations)
    assert failing, "no app raised CacheReplayClosureError"
    assert {key: found for key, found in failing.items() if found != [1]} == {}
