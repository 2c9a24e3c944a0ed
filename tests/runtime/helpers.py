"""Assertion helpers shared by the runtime tests."""

from __future__ import annotations

from lint_cache.runtime import SimulationResult


def function_row(result: SimulationResult, name: str) -> dict:
    """A function's counts in the JSON report (its scope, which tests check on their own, left out)."""
    (row,) = [row for row in result.to_json()["functions"] if row["name"] == name]
    return {key: value for key, value in row.items() if key != "scope"}
