"""The reference runtime against real Streamlit: same app, same runs, same caches.

For every scenario and oracle release, AppTest (in the release's own virtualenv, see conftest)
and `simulate_app` must give identical body runs, value-key entries, stored results, cache
warnings (run and function), errors (run and type), deprecation warnings and pages. The same
comparison against the releases recorded in recorded/ (no Streamlit needed) is in
test_recorded.py.
"""

from __future__ import annotations

import pytest

from .compare import assert_runtime_agrees
from .scenarios import ORACLE_VERSIONS, SCENARIOS

CASES = [
    pytest.param(scenario, version, id=f"{scenario.name}-{version}")
    for version in ORACLE_VERSIONS
    for scenario in SCENARIOS
    if scenario.applies_to(version)
]


@pytest.mark.parametrize(("scenario", "version"), CASES)
def test_runtime_agrees_with_real_streamlit(scenario, version, real_streamlit, scenario_apps):
    real = real_streamlit[(version, scenario.name)]
    assert_runtime_agrees(real, version, str(scenario_apps[scenario.name]), scenario.runs_on(version))
