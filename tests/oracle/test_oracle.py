"""The reference runtime against real Streamlit: same app, same runs, same caches.

For every scenario and oracle release, AppTest (in the release's own virtualenv, see conftest)
and `simulate_app` must give identical body runs, value-key entries, stored results, cache
warnings (run and function), errors (run and type), deprecation warnings and pages.
"""

from __future__ import annotations

import pytest

from lint_cache.runtime import simulate_app

from .scenarios import ORACLE_VERSIONS, SCENARIOS


def simulated(app: str, version: str, runs: tuple) -> dict:
    """The runtime's account of the runs, in the driver's shape."""
    result = simulate_app(app, version, runs=list(runs))
    return {
        "runs": result.runs,
        "functions": [row for row in result.to_json()["functions"] if row["body_runs"] or row["entries"]],
        "warnings": result.to_json()["warnings"],
        "errors": [{"run": error.run, "type": error.type} for error in result.errors],
        "screens": result.screens,
        "deprecations": [[run, feature] for run, feature in result.deprecations],
    }


def comparable(account: dict) -> dict:
    """Order-insensitive where the order carries no meaning (functions, warnings within a run)."""
    return {
        **account,
        "functions": sorted(account["functions"], key=lambda row: (row["name"], row["line"])),
        "warnings": sorted(account["warnings"], key=lambda row: (row["run"], row["function"], row["code"])),
    }


@pytest.mark.parametrize("version", ORACLE_VERSIONS)
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.name)
def test_runtime_agrees_with_real_streamlit(scenario, version, real_streamlit, scenario_apps):
    real = dict(real_streamlit[(version, scenario.name)])
    assert "driver_failed" not in real, f"AppTest driver failed on {version}:\n{real.get('driver_failed')}"
    assert real["version"] == version
    assert real["functions"] or real["errors"], "the scenario exercised no cache on real Streamlit"
    del real["version"]

    model = simulated(str(scenario_apps[scenario.name]), version, scenario.runs_on(version))

    assert comparable(model) == comparable(real)
