"""The pre-commit hooks of `.pre-commit-hooks.yaml`, through real `pre-commit try-repo` from scratch git
repositories: the hooks fail on a bad app (showing the finding, and for lint-cache-fix rewriting the
file) and pass on a clean one.

pre-commit installs a hook repository from its committed state, so the repository's files as they
are in the working tree are committed into a temporary repository first. Each `try-repo` builds a
fresh virtual environment with the project installed (try-repo keeps no cache between runs), so
each hook is run twice: on a scratch repository with bad and clean apps, then on the clean ones.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import LEGACY_APP, SLIDER_APP

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = str(Path(sys.executable).parent / "pre-commit")

CLEAN_APP = """\
import streamlit as st


@st.cache_data
def load(path, rows):
    return path, rows


rows = st.slider("Rows", 10, 1000)
"""
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "lint-cache tests",
    "GIT_AUTHOR_EMAIL": "tests@lint-cache.invalid",
    "GIT_COMMITTER_NAME": "lint-cache tests",
    "GIT_COMMITTER_EMAIL": "tests@lint-cache.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(*args, cwd, env):
    subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=cwd, env=env, check=True, capture_output=True)


@pytest.fixture(scope="module")
def environment(tmp_path_factory):
    no_git_config = tmp_path_factory.mktemp("git") / "config"
    no_git_config.write_text("")
    return {
        **os.environ,
        **GIT_IDENTITY,
        "GIT_CONFIG_GLOBAL": str(no_git_config),  # the user's git settings and hooks stay out
        "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")),
        "PRE_COMMIT_COLOR": "never",
    }


@pytest.fixture(scope="module")
def hook_repository(tmp_path_factory, environment):
    """This repository's files as they are now (tracked, and new ones not ignored), committed into a
    new git repository."""
    if not (ROOT / ".git").exists():
        pytest.skip("needs the project's git checkout, to know which files belong to it")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.decode()
    copy = tmp_path_factory.mktemp("hook-repository")
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():  # deleted in the working tree: not part of it any more
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    git("init", "-q", cwd=copy, env=environment)
    git("add", "-A", cwd=copy, env=environment)
    git("commit", "-q", "-m", "lint-cache as in the working tree", cwd=copy, env=environment)
    return copy


def scratch_repository(folder: Path, files: dict[str, str], environment) -> Path:
    folder.mkdir()
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    git("init", "-q", cwd=folder, env=environment)
    git("add", "-A", cwd=folder, env=environment)
    return folder


def try_repo(hook_repository: Path, hook: str, scratch: Path, environment):
    return subprocess.run(
        [PRE_COMMIT, "try-repo", str(hook_repository), hook, "--all-files"],
        cwd=scratch,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_lint_cache_hook_fails_on_a_bad_app_and_passes_on_a_clean_one(tmp_path, hook_repository, environment):
    # 41 files: without require_serial, pre-commit would split them over one process per core, each
    # printing its own summary.
    pages = {f"page_{number:02}.py": CLEAN_APP for number in range(39)}
    scratch = scratch_repository(
        tmp_path / "scratch", {"bad_app.py": SLIDER_APP, "clean_app.py": CLEAN_APP, **pages}, environment
    )
    result = try_repo(hook_repository, "lint-cache", scratch, environment)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "lint-cache" in result.stdout and "Failed" in result.stdout
    assert "bad_app.py:6:12: STC102 `st.slider` inside cached `load()`" in result.stdout
    assert "clean_app.py" not in result.stdout
    assert (
        result.stdout.count("Found ") == 1
        and "Found 1 problem (41 files checked, Streamlit 1.67, the newest release known)." in result.stdout
    )

    (scratch / "bad_app.py").unlink()
    git("add", "-A", cwd=scratch, env=environment)
    clean = try_repo(hook_repository, "lint-cache", scratch, environment)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout


REPLAY_PAGE = """\
import streamlit as st


@st.cache_data(experimental_allow_widgets=True)
def chart(path):
    return path, st.slider("Rows", 10, 1000)
"""


def test_the_hook_checks_as_the_release_the_project_pins(tmp_path, hook_repository, environment):
    # The hook's environment has no Streamlit: the release comes from the app's requirements.txt,
    # where widget replay with the opt-in works (1.35), so neither STC103 nor STC102 applies.
    scratch = scratch_repository(
        tmp_path / "scratch",
        {"requirements.txt": "streamlit==1.35.0\n", "Home.py": SLIDER_APP, "pages/1_Chart.py": REPLAY_PAGE},
        environment,
    )
    result = try_repo(hook_repository, "lint-cache", scratch, environment)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Home.py:6:12: STC102" in result.stdout
    assert "pages/1_Chart.py" not in result.stdout
    assert "Found 1 problem (2 files checked, Streamlit 1.35 from requirements.txt)." in result.stdout


def test_lint_cache_fix_hook_rewrites_the_file_and_fails_then_passes(tmp_path, hook_repository, environment):
    scratch = scratch_repository(
        tmp_path / "scratch",
        {"model.py": LEGACY_APP, "bad_app.py": SLIDER_APP, "clean_app.py": CLEAN_APP},
        environment,
    )
    result = try_repo(hook_repository, "lint-cache-fix", scratch, environment)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "files were modified by this hook" in result.stdout
    assert (scratch / "model.py").read_text() == LEGACY_APP.replace(
        "@st.cache(allow_output_mutation=True)", "@st.cache_resource"
    )
    assert (scratch / "clean_app.py").read_text() == CLEAN_APP
    # What no safe fix mends is reported, as the lint-cache hook would.
    assert "bad_app.py:6:12: STC102" in result.stdout
    assert (scratch / "bad_app.py").read_text() == SLIDER_APP

    (scratch / "bad_app.py").unlink()
    git("add", "-A", cwd=scratch, env=environment)
    again = try_repo(hook_repository, "lint-cache-fix", scratch, environment)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Passed" in again.stdout


def test_a_committed_file_named_like_an_option_is_linted_not_obeyed(tmp_path, hook_repository, environment):
    scratch = scratch_repository(
        tmp_path / "scratch", {"victim.py": CLEAN_APP, "--output=victim.py": SLIDER_APP}, environment
    )
    result = try_repo(hook_repository, "lint-cache", scratch, environment)
    assert (scratch / "victim.py").read_text() == CLEAN_APP
    assert result.returncode == 1, result.stdout + result.stderr
    assert "--output=victim.py:6:12: STC102" in result.stdout


def run_with_hooks(hook_repository: Path, scratch: Path, hooks: str, environment):
    """`pre-commit run --all-files` with a configuration that takes the hooks from `hook_repository`,
    as a project's `.pre-commit-config.yaml` takes them from GitHub."""
    revision = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=hook_repository, env=environment, check=True, capture_output=True, text=True
    ).stdout.strip()
    config = f"repos:\n  - repo: {hook_repository}\n    rev: {revision}\n    hooks:\n{hooks}"
    (scratch / ".pre-commit-config.yaml").write_text(config)
    git("add", "-A", cwd=scratch, env=environment)
    return subprocess.run(
        [PRE_COMMIT, "run", "--all-files"],
        cwd=scratch,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_options_go_in_entry_and_options_in_args_fail_saying_where_they_go(tmp_path, hook_repository, environment):
    scratch = scratch_repository(
        tmp_path / "scratch",
        {"bad_app.py": SLIDER_APP, "model.py": LEGACY_APP, "victim.py": CLEAN_APP, "--output=victim.py": SLIDER_APP},
        environment,
    )
    # pre-commit puts `args` after the entry, which ends with `--`: they are file names.
    in_args = run_with_hooks(
        hook_repository, scratch, "      - id: lint-cache\n        args: [--select=STC2]\n", environment
    )
    assert in_args.returncode == 1, in_args.stdout + in_args.stderr
    assert (
        "--select=STC2: no such file or folder (after '--' every argument is a file name: options go before '--',"
        " and for the pre-commit hooks in 'entry:', not 'args:')"
    ) in in_args.stdout

    # In `entry`, before its `--`, they are options, and a file named like an option is still a file.
    in_entry = run_with_hooks(
        hook_repository,
        scratch,
        "      - id: lint-cache\n        entry: lint-cache check --select STC2 --\n",
        environment,
    )
    assert in_entry.returncode == 1, in_entry.stdout + in_entry.stderr
    assert "model.py:4:1: STC201" in in_entry.stdout
    assert "STC102" not in in_entry.stdout and "no such file" not in in_entry.stdout
    assert "Found 1 problem (4 files checked" in in_entry.stdout
    assert (scratch / "victim.py").read_text() == CLEAN_APP


def test_the_readmes_local_hook_runs_the_installed_lint_cache(tmp_path, environment):
    """The README's `repo: local` hook, for lint-cache installed in the environment one commits from."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (config,) = [block for block in re.findall(r"```yaml\n(.*?)```", readme, re.DOTALL) if "repo: local" in block]
    scratch = scratch_repository(
        tmp_path / "scratch",
        {".pre-commit-config.yaml": config, "bad_app.py": SLIDER_APP, "--output=victim.py": CLEAN_APP},
        environment,
    )
    installed = {**environment, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{environment['PATH']}"}
    result = subprocess.run(
        [PRE_COMMIT, "run", "--all-files"], cwd=scratch, env=installed, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "bad_app.py:6:12: STC102" in result.stdout
    assert "Found 1 problem (2 files checked" in result.stdout
