"""The real `lint-cache` console script: output, sorting, exit codes, file discovery, rule pages."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lint_cache.frontends.cli.runner import lint_file
from lint_cache.settings import Settings

LINT_CACHE = str(Path(sys.executable).parent / "lint-cache")

WIDGET_APP = """\
import streamlit as st

@st.cache_data
def load():
    return st.slider("Rows")
"""
CLEAN_APP = """\
import streamlit as st

@st.cache_data
def load(rows):
    return rows
"""


def run(*args, cwd=None, input=None):
    return subprocess.run([LINT_CACHE, *args], cwd=cwd, capture_output=True, text=True, input=input, timeout=120)


@pytest.fixture
def project(tmp_path):
    (tmp_path / "app.py").write_text(WIDGET_APP)
    (tmp_path / "clean.py").write_text(CLEAN_APP)
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "b.py").write_text(WIDGET_APP.replace("st.slider", "st.checkbox"))
    (pages / "a.py").write_text(WIDGET_APP)
    for skipped in (".git", ".hidden", "node_modules", "__pycache__", "myenv"):
        (tmp_path / skipped).mkdir()
        (tmp_path / skipped / "ignored.py").write_text(WIDGET_APP)
    (tmp_path / "myenv" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    return tmp_path


def test_findings_are_sorted_with_one_based_positions_and_exit_1(project):
    result = run("check", ".", "--streamlit-version", "1.40", cwd=project)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "app.py:5:12: STC102 `st.slider` inside cached `load()` works only on a cache miss: on hits it is inert "
        "and its first value stays in the result; move the widget out and pass its value as an argument",
        lines[1],
        lines[2],
    ]
    assert [line.split(":")[0] for line in lines[:3]] == ["app.py", "pages/a.py", "pages/b.py"]
    assert lines[-1] == "Found 3 problems (4 files checked, Streamlit 1.40 from --streamlit-version)."


def test_clean_files_exit_0(project):
    result = run("check", "clean.py", cwd=project)
    assert result.returncode == 0
    assert result.stdout == "All checks passed (1 file checked, Streamlit 1.67, the newest release known).\n"


def test_exit_zero_and_statistics(project):
    result = run("check", ".", "--exit-zero", "--statistics", cwd=project)
    assert result.returncode == 0
    assert result.stdout.split() == ["3", "STC102", "widget-in-cache"]


def test_select_and_ignore(project):
    assert run("check", ".", "--ignore", "STC102", cwd=project).returncode == 0
    assert run("check", ".", "--select", "STC101", cwd=project).returncode == 0
    assert run("check", ".", "--select", "STC1", cwd=project).returncode == 1


def test_unknown_selector_is_a_usage_error(project):
    result = run("check", ".", "--select", "STC999", cwd=project)
    assert result.returncode == 2
    assert "STC999 matches no rule" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_option_and_bad_version_are_usage_errors(project):
    unknown = run("check", "--frobnicate", cwd=project)
    assert unknown.returncode == 2 and "unrecognized arguments: --frobnicate" in unknown.stderr
    version = run("check", ".", "--streamlit-version", "banana", cwd=project)
    assert version.returncode == 2 and "'banana' is not a version" in version.stderr
    assert "Traceback" not in unknown.stderr + version.stderr


def test_missing_path_is_reported_and_the_rest_is_still_linted(project):
    result = run("check", "app.py", "missing.py", cwd=project)
    assert result.returncode == 2
    assert "missing.py: no such file or folder" in result.stderr
    assert result.stdout.startswith("app.py:5:12: STC102")


def test_syntax_error_is_stc001_and_the_run_goes_on(project):
    (project / "broken.py").write_text("import streamlit as st\n@st.cache_data\ndef f(:\n    pass\n")
    result = run("check", "broken.py", "app.py", cwd=project)
    assert result.returncode == 1
    assert result.stdout.splitlines()[:2] == [
        "app.py:5:12: " + result.stdout.splitlines()[0].split(": ", 1)[1],
        "broken.py:3:7: STC001 cannot parse the file: invalid syntax (line 3, column 7); "
        "fix the syntax error so lint-cache can check it",
    ]


def test_json_format(project):
    result = run("check", "app.py", "--format", "json", "--streamlit-version", "1.35", cwd=project)
    (record,) = json.loads(result.stdout)
    assert record == {
        "path": "app.py",
        "line": 5,
        "column": 12,
        "end_line": 5,
        "end_column": 29,
        "code": "STC102",
        "name": "widget-in-cache",
        "message": record["message"],
        "severity": "warning",
        "fix_available": False,
    }
    assert "experimental_allow_widgets=True" in record["message"]


def test_python_dash_m_works(project):
    result = subprocess.run(
        [sys.executable, "-m", "lint_cache", "check", "app.py"], cwd=project, capture_output=True, text=True
    )
    assert result.returncode == 1 and "STC102" in result.stdout


def test_rule_command_prints_the_page():
    result = run("rule", "stc102")
    assert result.returncode == 0
    assert result.stdout.startswith("# STC102 widget-in-cache\n")
    assert "## Use instead" in result.stdout


def test_rule_command_lists_rules_and_rejects_unknown_codes():
    listing = run("rule", "--all")
    assert listing.returncode == 0
    assert "STC101  unsupported-widget-in-cache" in listing.stdout
    unknown = run("rule", "STC999")
    assert unknown.returncode == 2 and "unknown rule 'STC999'" in unknown.stderr


def test_unreadable_file_is_an_error_not_a_traceback(tmp_path):
    folder_named_like_a_file = tmp_path / "app.py"
    folder_named_like_a_file.mkdir()
    report = lint_file(str(folder_named_like_a_file), Settings())
    assert report.diagnostics == []
    assert report.error == f"{folder_named_like_a_file}: cannot read the file: Is a directory"


def test_symlink_loops_fifos_and_broken_links_do_not_hang_or_crash(project):
    (project / "pages" / "loop").symlink_to("..", target_is_directory=True)
    (project / "self.py").symlink_to("self.py")
    os.mkfifo(project / "pipe.py")
    result = run("check", ".", cwd=project)
    assert result.returncode == 1, result.stderr
    assert (
        result.stdout.splitlines()[-1]
        == "Found 3 problems (4 files checked, Streamlit 1.67, the newest release known)."
    )
    broken = run("check", "self.py", cwd=project)
    assert broken.returncode == 2 and "self.py: a broken or looping symbolic link" in broken.stderr


def test_what_a_ruff_user_reaches_for(tmp_path):
    """`-o`/`--output-file`, `--output-format` on estimate, the command's own usage for an unknown
    option, `clean`, and a warning when no Python file is found."""
    import subprocess

    from conftest import LINT_CACHE, SLIDER_APP

    (tmp_path / "app.py").write_text(SLIDER_APP, encoding="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([LINT_CACHE, *args], cwd=tmp_path, capture_output=True, text=True)

    done = run("check", "--output-file", "report.txt", "app.py")
    assert done.returncode == 1 and "STC102" in (tmp_path / "report.txt").read_text(encoding="utf-8")
    done = run("check", "-o", "short.txt", "app.py")
    assert "STC102" in (tmp_path / "short.txt").read_text(encoding="utf-8")
    assert run("estimate", "--output-format", "json", "app.py").stdout.lstrip().startswith("{")
    unknown = run("check", "--colour", "never", "app.py")
    assert unknown.returncode == 2 and "usage: lint-cache check" in unknown.stderr
    assert (tmp_path / ".lint_cache_cache").is_dir()
    assert run("clean").returncode == 0 and not (tmp_path / ".lint_cache_cache").exists()
    (tmp_path / "docs").mkdir()
    nothing = run("check", "docs")
    assert nothing.returncode == 0 and "No Python files found" in nothing.stderr


FIXES = Path(__file__).parent / "fixes"


@pytest.fixture
def fixable(tmp_path):
    """Three safe fixes (STC201) in app.py, an unsafe one (STC206) and a finding with none in conn.py."""
    (tmp_path / "app.py").write_text((FIXES / "legacy_cache.before.py").read_text())
    (tmp_path / "conn.py").write_text((FIXES / "cache_data_connection.unsafe.before.py").read_text())
    return tmp_path


def test_the_summary_counts_the_fixes_only_unsafe_fixes_would_make(fixable):
    result = run("check", "--output-format", "concise", ".", cwd=fixable)
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1].endswith(
        "; 3 fixable with `lint-cache check --fix` (1 more with `lint-cache check --fix --unsafe-fixes`)."
    )
    only_unsafe = run("check", "--output-format", "concise", "conn.py", cwd=fixable)
    assert only_unsafe.stdout.splitlines()[-1].endswith("; 1 fixable with `lint-cache check --fix --unsafe-fixes`.")


def test_fix_only_applies_the_safe_fixes_and_reports_nothing_else(fixable):
    result = run("check", "--fix-only", "--show-fixes", "--output-format", "concise", ".", cwd=fixable)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "Fixed 3 problems:\n"
        "app.py:\n"
        "  3 × STC201 deprecated-st-cache\n"
        "Fixed 3 problems, 3 left: run `lint-cache check` to see them (2 files checked, Streamlit 1.67, the "
        "newest release known).\n"
    )
    assert (fixable / "app.py").read_text() == (FIXES / "legacy_cache.after.py").read_text()
    again = run("check", "--fix-only", "--output-format", "concise", ".", cwd=fixable)
    assert again.returncode == 0 and again.stdout.startswith("Fixed 0 problems, 3 left")


def test_show_fixes_lists_what_diff_would_mend_and_needs_a_fix_mode(fixable):
    diff = run("check", "--diff", "--show-fixes", "--unsafe-fixes", ".", cwd=fixable)
    assert diff.returncode == 1 and diff.stdout.startswith("--- a/")
    assert "Would fix 4 problems:\napp.py:\n  3 × STC201 deprecated-st-cache\nconn.py:\n  1 × STC206" in diff.stderr
    alone = run("check", "--show-fixes", ".", cwd=fixable)
    assert alone.returncode == 2 and "--show-fixes lists what --fix or --diff mends" in alone.stderr
    both = run("check", "--fix", "--fix-only", ".", cwd=fixable)
    assert both.returncode == 2 and "not allowed with argument" in both.stderr
