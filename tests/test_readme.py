"""The README tells the truth: its commands are the ones CI runs, and its output is real."""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from lint_cache.knowledge.streamlit_api import installed_streamlit_version
from lint_cache.rules import RULES

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
LINT_CACHE = str(Path(sys.executable).parent / "lint-cache")


def opening_commands() -> list[str]:
    block = re.search(r"```sh\n(.*?)```", README, re.DOTALL)
    assert block is not None and README.index("```sh") < 40, "the README must open with its commands"
    return block.group(1).strip().splitlines()


def test_readme_opens_with_the_install_and_test_commands():
    run_examples, run_tests = opening_commands()
    assert "pip install ." in run_examples and run_examples.endswith("lint-cache check examples/")
    assert "pip install '.[test]'" in run_tests and run_tests.endswith("pytest")


def test_ci_runs_the_readme_test_command_in_a_fresh_venv():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    _, run_tests = opening_commands()
    assert run_tests in ci.splitlines()
    assert "rm -rf .venv" in ci


OUTPUT_BLOCK = re.compile(r"<!-- begin output: (?P<command>.*?) -->\n```text\n(?P<output>.*?)```", re.DOTALL)


def test_every_output_block_is_what_its_command_prints():
    """After a reviewed change of output, `LINT_CACHE_UPDATE_SNAPSHOTS=1 pytest tests/test_readme.py`
    rewrites the blocks."""
    if installed_streamlit_version() is not None:
        pytest.skip("the README shows what a machine without Streamlit installed prints")
    blocks = OUTPUT_BLOCK.findall(README)
    assert len(blocks) >= 4
    updated = README
    for command, shown in blocks:
        program, *args = shlex.split(command)
        assert program == "lint-cache"
        actual = subprocess.run(
            [LINT_CACHE, *args, *(["--no-cache"] if args[0] == "check" and "--no-cache" not in args else [])],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert actual.returncode in (0, 1), actual.stderr
        if os.environ.get("LINT_CACHE_UPDATE_SNAPSHOTS") == "1":
            start = f"<!-- begin output: {command} -->\n```text\n"
            updated = updated.replace(start + shown + "```", start + actual.stdout + "```", 1)
            continue
        assert actual.stdout == shown, command
    if updated != README:
        (ROOT / "README.md").write_text(updated, encoding="utf-8")


def test_readme_lists_every_rule_with_a_link_to_its_page():
    for rule in RULES:
        assert f"| [{rule.code}](rules/{rule.code}.md) | {rule.name} | {rule.summary} |" in README
