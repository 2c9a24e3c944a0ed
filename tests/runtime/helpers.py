"""Assertion helpers shared by the runtime tests."""

from __future__ import annotations

from lint_cache.runtime import SimulationResult


def function_row(result: SimulationResult, name: str) -> dict:
    (row,) = [row for row in result.to_json()["functions"] if row["name"] == name]
    return row
