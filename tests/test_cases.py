"""Case files: every `# expect: STCnnn` comment marks a finding on its line, and nothing else may be found."""

from pathlib import Path

import pytest

from conftest import CASES, case_version, expected_findings, lint

CASE_FILES = sorted(CASES.glob("*.py"))


@pytest.mark.parametrize("case", CASE_FILES, ids=[case.stem for case in CASE_FILES])
def test_case_file(case: Path):
    text = case.read_text(encoding="utf-8")
    found = {(d.line, d.code) for d in lint(text, case_version(text))}
    assert found == expected_findings(text)
