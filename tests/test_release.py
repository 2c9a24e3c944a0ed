"""What a release needs, run for real: the composite action's steps in bash with its inputs set (which
also installs the project from its source into a fresh virtual environment, whose metadata and
license files are then read), LICENSE and CHANGELOG, the pre-commit manifest, `--version` and the
version note, rule pages by name and their references."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from conftest import SLIDER_APP
from lint_cache.frontends import rule_docs
from lint_cache.rules import RULES

ROOT = Path(__file__).resolve().parent.parent
LINT_CACHE = str(Path(sys.executable).parent / "lint-cache")
SARIF_SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
EXPRESSION = re.compile(r"\$\{\{\s*(?P<name>[\w.-]+)\s*\}\}")


def lint_cache(*args, cwd=None):
    return subprocess.run([LINT_CACHE, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_version_names_the_streamlit_releases_it_knows():
    result = lint_cache("--version")
    assert result.returncode == 0 and result.stdout == "lint-cache 0.1.0 (knows Streamlit 1.0–1.67)\n"


@pytest.mark.parametrize("version, note", [("1.80", True), ("0.89", True), ("1.67.1", False), ("1.0", False)])
def test_a_streamlit_version_outside_the_known_range_gets_a_note(tmp_path, version, note):
    (tmp_path / "app.py").write_text(SLIDER_APP)
    result = lint_cache("check", "--no-cache", "app.py", "--streamlit-version", version, cwd=tmp_path)
    assert result.returncode == 1
    expected = f"lint-cache: note: Streamlit {version} is outside the releases lint-cache knows (1.0–1.67)"
    assert (expected in result.stderr) is note, result.stderr


def test_rule_by_name_or_code():
    by_name = lint_cache("rule", "widget-in-cache")
    assert by_name.returncode == 0 and by_name.stdout == lint_cache("rule", "STC102").stdout
    assert by_name.stdout.startswith("# STC102 widget-in-cache\n")
    unknown = lint_cache("rule", "widget-in-cash")
    assert unknown.returncode == 2 and "unknown rule 'widget-in-cash'" in unknown.stderr


LINK = re.compile(r"^- \[[^\]]+\]\((?P<url>[^)\s]+)\)", re.MULTILINE)


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_every_rule_page_references_streamlits_documentation(rule):
    references = rule_docs.section(rule_docs.rule_page(rule.code), "References")
    urls = LINK.findall(references)
    assert any(url.startswith("https://docs.streamlit.io/develop/") for url in urls), references
    for url in urls:
        # Besides Streamlit's own pages, a rule about Python's behaviour may cite Python's.
        assert url.startswith(("https://docs.streamlit.io/develop/", "https://docs.python.org/3/")), url


def test_license_and_changelog():
    license_text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in license_text and "Version 2.0, January 2004" in license_text
    assert "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION" in license_text
    assert "END OF TERMS AND CONDITIONS" in license_text and "APPENDIX: How to apply" in license_text
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog.startswith("# Changelog\n") and "## [Unreleased]" in changelog and "## [0.1.0]" in changelog


def test_pre_commit_hooks_run_serially_and_name_their_minimum_version():
    yaml = pytest.importorskip("yaml")
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [hook["id"] for hook in hooks] == ["lint-cache", "lint-cache-fix"]
    for hook in hooks:
        assert hook["require_serial"] is True
        assert re.fullmatch(r"\d+\.\d+\.\d+", hook["minimum_pre_commit_version"])


def substituted(value: str, inputs: dict, github: dict) -> str:
    def value_of(match):
        scope, _, name = match.group("name").partition(".")
        assert scope in ("inputs", "github"), match.group(0)
        return (inputs if scope == "inputs" else github)[name]

    return EXPRESSION.sub(value_of, str(value))


def run_step(step: dict, inputs: dict, github: dict, cwd: Path, environment: dict):
    """One `run` step as GitHub's runner runs a `shell: bash` step: `bash --noprofile --norc -eo pipefail`,
    with the step's env evaluated."""
    assert step["shell"] == "bash"
    assert "${{" not in step["run"], "inputs must reach the script through env, not be pasted into it"
    env = {**environment, **{key: substituted(value, inputs, github) for key, value in step.get("env", {}).items()}}
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def action():
    yaml = pytest.importorskip("yaml")
    return yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def runner(tmp_path_factory):
    """A stand-in for a GitHub runner: its own Python first on PATH (a fresh virtual environment,
    which the action must leave alone), RUNNER_TEMP and the other GITHUB_* variables of a job."""
    root = tmp_path_factory.mktemp("runner")
    runner_python = root / "python"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(runner_python)], check=True, timeout=120)
    (root / "temp").mkdir()
    (root / "workspace").mkdir()
    for name in ("env", "output", "path", "step_summary"):
        (root / name).write_text("")
    environment = {key: value for key, value in os.environ.items() if key not in ("VIRTUAL_ENV", "PYTHONPATH")}
    environment.update(
        {
            "PATH": f"{runner_python / 'bin'}{os.pathsep}{environment['PATH']}",
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "RUNNER_TEMP": str(root / "temp"),
            "RUNNER_OS": "Linux",
            "GITHUB_WORKSPACE": str(root / "workspace"),
            "GITHUB_ENV": str(root / "env"),
            "GITHUB_OUTPUT": str(root / "output"),
            "GITHUB_PATH": str(root / "path"),
            "GITHUB_STEP_SUMMARY": str(root / "step_summary"),
        }
    )
    return environment, runner_python / "bin" / "python"


@pytest.fixture(scope="module")
def installed(action, runner, tmp_path_factory):
    """The action's install step run on the runner: (the runner's environment, the action's python)."""
    environment, runner_python = runner
    inputs = {name: spec.get("default", "") for name, spec in action["inputs"].items()}
    install = action["runs"]["steps"][0]
    result = run_step(install, inputs, {"action_path": str(ROOT)}, Path(environment["GITHUB_WORKSPACE"]), environment)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "lint-cache 0.1.0" in result.stdout
    return environment, Path(environment["RUNNER_TEMP"]) / "lint-cache-action" / "bin" / "python"


def test_action_installs_into_its_own_environment_not_the_runners_python(installed, runner):
    environment, runner_python = runner
    workspace = environment["GITHUB_WORKSPACE"]  # not the source tree, which `python -c` would import from
    # The runner's Python is untouched (newer runners refuse installs into theirs: PEP 668).
    untouched = subprocess.run(
        [str(runner_python), "-c", "import lint_cache"], cwd=workspace, env=environment, capture_output=True, timeout=60
    )
    assert untouched.returncode == 1 and b"ModuleNotFoundError" in untouched.stderr
    _, python = installed
    imported = subprocess.run([str(python), "-c", "import lint_cache"], cwd=workspace, env=environment, timeout=60)
    assert imported.returncode == 0


def test_action_annotates_findings_and_writes_sarif(action, installed, tmp_path):
    assert action["runs"]["using"] == "composite"
    environment, _ = installed
    (tmp_path / "app.py").write_text(SLIDER_APP)
    (tmp_path / "my pages").mkdir()
    (tmp_path / "my pages" / "page one.py").write_text(SLIDER_APP)
    (tmp_path / "my pages" / "clean.py").write_text("x = 1\n")
    inputs = {name: spec.get("default", "") for name, spec in action["inputs"].items()}
    # Paths one per line, as a YAML block gives them (indentation, a blank line, a trailing space);
    # options separated by spaces.
    inputs.update(
        {
            "paths": "app.py\n\n  my pages \n",
            "args": "--streamlit-version 1.40 --select STC1",
            "sarif-file": "reports/lint-cache.sarif",
        }
    )
    check_step = action["runs"]["steps"][1]
    result = run_step(check_step, inputs, {"action_path": str(ROOT)}, tmp_path, environment)
    assert result.returncode == 1, result.stdout + result.stderr  # findings fail the step
    annotations = result.stdout.splitlines()
    assert annotations[0].startswith("::warning file=app.py,line=6,col=12,endLine=6,endColumn=39,title=STC102")
    assert annotations[1].startswith("::warning file=my pages/page one.py,line=6,col=12,")
    assert len(annotations) == 2, result.stdout
    log = json.loads((tmp_path / "reports" / "lint-cache.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(SARIF_SCHEMA).validate(log)
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["STC102", "STC102"]

    inputs.update({"paths": ".", "sarif-file": ""})
    (tmp_path / "app.py").write_text("import streamlit as st\n")
    (tmp_path / "my pages" / "page one.py").write_text("import streamlit as st\n")
    (tmp_path / "reports" / "lint-cache.sarif").unlink()
    clean = run_step(check_step, inputs, {"action_path": str(ROOT)}, tmp_path, environment)
    assert clean.returncode == 0 and clean.stdout == "", clean.stderr
    assert not (tmp_path / "reports" / "lint-cache.sarif").exists()

    inputs.update({"paths": "missing.py", "sarif-file": "reports/lint-cache.sarif"})
    missing = run_step(check_step, inputs, {"action_path": str(ROOT)}, tmp_path, environment)
    assert missing.returncode == 2 and "missing.py" in missing.stderr


def test_the_installed_distribution_has_the_license_urls_and_classifiers(installed):
    _, python = installed
    described = subprocess.run(
        [
            str(python),
            "-c",
            "import importlib.metadata as m, json; d = m.distribution('lint-cache'); "
            "print(json.dumps({'urls': d.metadata.get_all('Project-URL'), "
            "'classifiers': d.metadata.get_all('Classifier'), "
            "'license': d.metadata.get('License-Expression'), "
            "'files': [str(f) for f in d.files if 'LICENSE' in str(f) or str(f).endswith('STC102.md')]}))",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    metadata = json.loads(described.stdout)
    assert metadata["license"] == "Apache-2.0"
    assert any(url.startswith("Source, https://github.com/") for url in metadata["urls"])
    assert any(url.startswith("Changelog, ") for url in metadata["urls"])
    for version in ("3.9", "3.10", "3.11", "3.12", "3.13"):
        assert f"Programming Language :: Python :: {version}" in metadata["classifiers"]
    license_files = [name for name in metadata["files"] if name.endswith("LICENSE")]
    assert license_files and all(".dist-info/" in name for name in license_files)
    installed_license = python.parent.parent / "lib"
    (license_path,) = [path for path in installed_license.rglob("lint_cache-*.dist-info/**/LICENSE")]
    assert license_path.read_text(encoding="utf-8") == (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "lint_cache/rule_pages/STC102.md" in metadata["files"]
