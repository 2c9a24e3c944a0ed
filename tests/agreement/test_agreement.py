"""Linter vs runtime: the linter reports a rule exactly where real Streamlit shows its signal.

Every app of `apps.py` runs twice (a cache miss, then a hit) under AppTest on each oracle release,
and is linted for that release; `compare.py` maps each signal to its rule and line. Print the
agreement table with `python -m tests.agreement.table`. The same comparison against the releases
recorded in tests/oracle/recorded/ (no Streamlit needed) is in test_recorded.py.
"""

from __future__ import annotations

import pytest
from oracle.scenarios import ORACLE_VERSIONS

from .apps import APPS
from .compare import SIGNALS, assert_agrees, replay_error_runs

CASES = [(app, version) for app in APPS for version in ORACLE_VERSIONS if app.runs_on(version)]


@pytest.mark.parametrize(("app", "version"), CASES, ids=[f"{app.name}-{version}" for app, version in CASES])
def test_linter_reports_exactly_where_streamlit_shows_the_signal(app, version, observations):
    assert_agrees(observations[(app.name, version)])


@pytest.mark.parametrize("rule", SIGNALS)
def test_app_set_shows_every_signal_and_has_look_alikes(rule, observations):
    """No vacuous agreement: some app shows the rule's signal, and on every release some app
    about the rule shows neither the signal nor the finding."""
    assert any(code == rule for seen in observations.values() for code, _ in seen.observed), (
        f"no app shows the signal of {rule} ({SIGNALS[rule]}) on any release"
    )
    for version in ORACLE_VERSIONS:
        quiet = [
            seen.app.name
            for seen in observations.values()
            if seen.version == version
            and rule in seen.app.about
            and not any(code == rule for code, _ in [*seen.linted, *seen.observed])
        ]
        assert quiet, f"no look-alike app for {rule} on {version}"


def test_replay_errors_come_on_the_cache_hit(observations):
    """Design §1.3: the miss runs the body and records; only replaying on a hit can fail."""
    failing = replay_error_runs(observations)
    assert failing, "no app raised CacheReplayClosureError"
    assert {key: found for key, found in failing.items() if found != [1]} == {}
