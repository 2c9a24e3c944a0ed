"""`server.maxCacheDataSize` in the project's .streamlit/config.toml (Streamlit 1.67, config.py) bounds
every in-memory cache_data entry, so STC303 has nothing to report for cache_data there, while
cache_resource stays outside the budget. The CLI, flake8 and the language server read it alike."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_lsp import Editor, run, server_command

BIN = Path(sys.executable).parent
APP = """\
import streamlit as st


@st.cache_data
def histogram(low, high):
    return list(range(low, high))


@st.cache_resource
def model(low, high):
    return object()


low = st.slider("Low", 0, 1000)
high = st.slider("High", 0, 1000)
histogram(low, high)
model(low, high)
"""
WITHOUT_ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "STREAMLIT_SERVER_MAX_CACHE_DATA_SIZE"}


@pytest.fixture
def budgeted(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "config.toml").write_text('[server]\nmaxCacheDataSize = "2gb"\n', encoding="utf-8")
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "report.py").write_text(APP, encoding="utf-8")
    return tmp_path


def stc303_lines(output: str) -> list[int]:
    return sorted(int(line.split(":")[1]) for line in output.splitlines() if " STC303 " in line)


def cli(*args: str, cwd: Path, environment: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "lint-cache"), *args], cwd=cwd, capture_output=True, text=True, env=environment, timeout=120
    )


def test_the_cli_leaves_cache_data_under_the_budget_alone(budgeted):
    done = cli(
        "check",
        "--no-cache",
        "--output-format",
        "concise",
        "pages/report.py",
        cwd=budgeted,
        environment=WITHOUT_ENVIRONMENT,
    )
    assert stc303_lines(done.stdout) == [9], done.stdout  # model(), a cache_resource, only
    estimate = cli("estimate", "pages/report.py", cwd=budgeted, environment=WITHOUT_ENVIRONMENT)
    assert 'server.maxCacheDataSize = "2gb" in ' in estimate.stdout
    settings = cli("check", "--show-settings", "pages/report.py", cwd=budgeted, environment=WITHOUT_ENVIRONMENT)
    assert str(budgeted / ".streamlit" / "config.toml") in settings.stdout


def test_before_1_67_the_budget_does_not_exist(budgeted):
    done = cli(
        "check",
        "--no-cache",
        "--output-format",
        "concise",
        "--streamlit-version",
        "1.66",
        "pages/report.py",
        cwd=budgeted,
        environment=WITHOUT_ENVIRONMENT,
    )
    assert stc303_lines(done.stdout) == [4, 9], done.stdout


def test_the_environment_variable_wins_and_zero_means_no_budget(budgeted):
    environment = {**WITHOUT_ENVIRONMENT, "STREAMLIT_SERVER_MAX_CACHE_DATA_SIZE": "0"}
    done = cli(
        "check", "--no-cache", "--output-format", "concise", "pages/report.py", cwd=budgeted, environment=environment
    )
    assert stc303_lines(done.stdout) == [4, 9], done.stdout


def test_a_config_streamlit_refuses_is_a_note_not_a_budget(budgeted):
    (budgeted / ".streamlit" / "config.toml").write_text('[server]\nmaxCacheDataSize = "2 parsecs"\n')
    done = cli(
        "check",
        "--no-cache",
        "--output-format",
        "concise",
        "pages/report.py",
        cwd=budgeted,
        environment=WITHOUT_ENVIRONMENT,
    )
    assert stc303_lines(done.stdout) == [4, 9], done.stdout
    assert "is not a size Streamlit accepts" in done.stderr


def test_flake8_reads_the_same_budget(budgeted):
    done = subprocess.run(
        [str(BIN / "flake8"), "--select", "STC", "pages/report.py"],
        cwd=budgeted,
        capture_output=True,
        text=True,
        env=WITHOUT_ENVIRONMENT,
        timeout=120,
    )
    assert stc303_lines(done.stdout) == [9], done.stdout + done.stderr


def test_the_language_server_reads_the_same_budget(budgeted):
    page = budgeted / "pages" / "report.py"

    async def scenario():
        editor = Editor()
        await editor.start(server_command(), budgeted)
        editor.open(page.as_uri(), APP)
        found = await editor.diagnostics(page.as_uri())
        assert sorted(d.range.start.line + 1 for d in found if d.code == "STC303") == [9]
        await editor.stop()

    run(scenario)


def test_estimate_shows_session_scope_and_on_release(tmp_path):
    (tmp_path / "app.py").write_text(
        "import streamlit as st\n\n\n"
        '@st.cache_resource(on_release=lambda model: model.close(), scope="session")\n'
        "def model(name):\n    return name\n\n\n"
        'model(st.selectbox("Model", ["a", "b", "c"]))\n',
        encoding="utf-8",
    )
    done = cli("estimate", "app.py", cwd=tmp_path, environment=WITHOUT_ENVIRONMENT)
    first = done.stdout.splitlines()[0]
    assert 'scope="session": a cache for each session' in first
    assert "on_release=lambda model: model.close() is called with each value" in first
