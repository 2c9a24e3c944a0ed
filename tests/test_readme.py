"""The README tells the truth: its commands are the ones CI runs, and its output is real."""

import re
import shlex
import subprocess
import sys
from pathlib import Path

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
    blocks = OUTPUT_BLOCK.findall(README)
    assert len(blocks) >= 4
    for command, shown in blocks:
        program, *args = shlex.split(command)
        assert program == "lint-cache"
        if "--streamlit-version" not in args:  # the README's default: no Streamlit installed
            args += ["--streamlit-version", "1.67"]
        actual = subprocess.run(
            [LINT_CACHE, *args, *(["--no-cache"] if args[0] == "check" and "--no-cache" not in args else [])],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert actual.returncode in (0, 1), actual.stderr
        assert actual.stdout == shown, command


def test_readme_lists_every_rule_with_a_link_to_its_page():
    for rule in RULES:
        assert f"| [{rule.code}](rules/{rule.code}.md) | {rule.name} | {rule.summary} |" in README
