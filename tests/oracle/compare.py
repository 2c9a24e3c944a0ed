"""The reference runtime's account of a scenario, compared with the driver's (live or recorded)."""

from __future__ import annotations

from pathlib import Path

from lint_cache.project.server_config import ServerConfigs
from lint_cache.runtime import simulate_app

DRIVER_ROW = ("name", "line", "body_runs", "entries", "results")


def simulated(app: str, version: str, runs: tuple) -> dict:
    """The runtime's account of the runs, in the driver's shape. The server budget is read from the
    app's folder as `lint-cache simulate` reads it (and as the driver makes Streamlit read it)."""
    budget = ServerConfigs(environment={}).budget_for(Path(app).parent)
    result = simulate_app(app, version, runs=list(runs), cache_data_budget=budget.size if budget else None)
    return {
        "runs": result.runs,
        "functions": [
            {key: row[key] for key in DRIVER_ROW}
            for row in result.to_json()["functions"]
            if row["body_runs"] or row["entries"]
        ],
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


def assert_runtime_agrees(real: dict, version: str, app: str, runs: tuple) -> None:
    """The driver's JSON for a scenario (`real`) and `simulate_app` on the same app and runs agree."""
    real = dict(real)
    assert "driver_failed" not in real, f"AppTest driver failed on {version}:\n{real.get('driver_failed')}"
    assert real["version"] == version
    assert real["functions"] or real["errors"], "the scenario exercised no cache on real Streamlit"
    del real["version"]
    real.pop("signals", None)
    real.pop("executed_lines", None)
    model, real = comparable(simulated(app, version, runs)), comparable(real)
    assert model == real, differences(model, real)


def differences(model: dict, real: dict) -> str:
    """Where the runtime's account and Streamlit's differ, field by field."""
    return "runtime vs Streamlit:\n" + "\n".join(
        f"  {key}: runtime {model.get(key)!r}\n  {' ' * len(key)}  Streamlit {real.get(key)!r}"
        for key in sorted(set(model) | set(real))
        if model.get(key) != real.get(key)
    )
