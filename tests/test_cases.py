"""Case files: every `# expect: STCnnn` comment marks a finding on its line, and nothing else may be found.

Each case file's full output (line, column, code, message) is also kept beside it as a snapshot,
`<case>.snap`, as ruff's snapshot tests do, so that a change of wording or column shows in review.
After reviewing such a change, regenerate the snapshots with the separate command

    python tools/update_snapshots.py

which the suite never runs: a snapshot test only compares.
"""

from pathlib import Path

import pytest

from conftest import CASES, case_version, expected_findings, lint

CASE_FILES = sorted(CASES.glob("*.py"))


@pytest.mark.parametrize("case", CASE_FILES, ids=[case.stem for case in CASE_FILES])
def test_case_file(case: Path):
    text = case.read_text(encoding="utf-8")
    found = {(d.line, d.code) for d in lint(text, case_version(text))}
    assert found == expected_findings(text)


def snapshot_of(case: Path) -> str:
    text = case.read_text(encoding="utf-8")
    diagnostics = lint(text, case_version(text))
    return "".join(f"{d.line}:{d.column}: {d.code} {d.message}\n" for d in diagnostics)


@pytest.mark.parametrize("case", CASE_FILES, ids=[case.stem for case in CASE_FILES])
def test_case_file_snapshot(case: Path):
    snapshot = case.with_suffix(".snap")
    output = snapshot_of(case)
    assert snapshot.is_file(), f"no snapshot for {case.name}: review the output and run tools/update_snapshots.py"
    assert output == snapshot.read_text(encoding="utf-8")


def test_every_snapshot_has_its_case_file():
    orphans = [snap.name for snap in CASES.glob("*.snap") if not snap.with_suffix(".py").is_file()]
    assert orphans == []
