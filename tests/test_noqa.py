"""noqa through the real `lint-cache check`: `--add-noqa` (merging, idempotent, careful with strings),
STC002 unused-noqa and its fix, and `# flake8: noqa` honoured as flake8 honours it."""

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SLIDER_APP, check_at_1_40

BIN = Path(sys.executable).parent
LINT_CACHE = str(BIN / "lint-cache")

APP = """\
import streamlit as st


@st.cache_data
def load(path):
    rows = st.slider("Rows", 10, 1000)  # noqa: E501
    st.toast("loaded")
    help_text = st.text_input(\"\"\"A label
    on two lines\"\"\")
    return path, rows, help_text
"""


check = check_at_1_40


def test_add_noqa_merges_with_existing_comments_and_a_second_run_changes_nothing(tmp_path):
    (tmp_path / "app.py").write_bytes(APP.encode())
    (tmp_path / "app.py").chmod(0o640)
    first = check("app.py", "--add-noqa", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "Added 2 noqa comments." in first.stderr
    assert "1 line was left alone" in first.stderr  # the widget whose line ends inside a string
    text = (tmp_path / "app.py").read_text()
    assert '    rows = st.slider("Rows", 10, 1000)  # noqa: E501, STC102\n' in text
    assert '    st.toast("loaded")  # noqa: STC106\n' in text
    assert 'st.text_input("""A label\n' in text  # unchanged: a comment there would be part of the string
    assert (tmp_path / "app.py").stat().st_mode & 0o777 == 0o640
    compile(text, "app.py", "exec")

    remaining = check("app.py", cwd=tmp_path)
    assert [line.split(": ")[1].split()[0] for line in remaining.stdout.splitlines()[:-1]] == ["STC102"]  # text_input

    (tmp_path / "binary.py").write_bytes(b"import streamlit\x00 cache_data")  # STC001: left alone, no error
    second = check("app.py", "binary.py", "--add-noqa", cwd=tmp_path)
    assert second.returncode == 0 and "Added 0 noqa comments." in second.stderr
    assert (tmp_path / "app.py").read_text() == text


def test_unused_noqa_is_reported_and_fixed_safely(tmp_path):
    app = SLIDER_APP.replace('st.slider("Rows", 10, 1000)', 'st.slider("Rows", 10, 1000)  # noqa: STC102, STC106')
    app = app.replace("return path, rows", "return path, rows  # noqa: STC102 - kept for later")
    (tmp_path / "app.py").write_text(app)
    result = check("app.py", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[:2] == [
        "app.py:6:41: STC002 `# noqa: STC106` silences nothing on this line (no STC106 finding here): remove the code",
        "app.py:7:24: STC002 `# noqa: STC102` silences nothing on this line (no STC102 finding here): remove the code",
    ]
    fixed = check("app.py", "--fix", cwd=tmp_path)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert (tmp_path / "app.py").read_text() == SLIDER_APP.replace(
        'st.slider("Rows", 10, 1000)', 'st.slider("Rows", 10, 1000)  # noqa: STC102'
    ).replace("return path, rows", "return path, rows  # kept for later")
    # Codes of rules that are off, and other tools' codes, are left alone.
    (tmp_path / "other.py").write_text(
        SLIDER_APP.replace("return path, rows", "return path, rows  # noqa: E501, STC201")
    )
    assert check("other.py", "--ignore", "STC102,STC201", cwd=tmp_path).returncode == 0


def test_a_noqa_that_silences_nothing_at_all_is_removed_with_its_comment_or_its_line(tmp_path):
    app = SLIDER_APP.replace("return path, rows", "return path, rows  # noqa: STC106")
    app = app.replace("    rows = st.slider", "    # noqa: STC106\n    rows = st.slider")
    (tmp_path / "app.py").write_text(app)
    fixed = check("app.py", "--fix", cwd=tmp_path)
    assert fixed.returncode == 1 and "STC102" in fixed.stdout and "STC002" not in fixed.stdout, fixed.stdout
    # The comment goes from the end of the code line; a line that held only the comment goes.
    assert (tmp_path / "app.py").read_text() == SLIDER_APP


FLAKE8_SKIPPED = "# flake8: noqa\n" + SLIDER_APP
FLAKE8_SKIPPED_WITH_CODES = SLIDER_APP + "# flake8: noqa: E501\n"  # flake8 7 skips this file as well


@pytest.mark.parametrize("text", [FLAKE8_SKIPPED, FLAKE8_SKIPPED_WITH_CODES])
def test_cli_honours_flake8_file_noqa_as_flake8_does(tmp_path, text):
    (tmp_path / "app.py").write_text(text)
    result = check("app.py", cwd=tmp_path)
    assert (
        result.returncode == 0
        and result.stdout == "All checks passed (1 file checked, Streamlit 1.40 from --streamlit-version).\n"
    )
    flake8 = BIN / "flake8"
    if not flake8.exists():
        pytest.skip("flake8 is not installed here (the Python 3.9 CLI run)")
    through_flake8 = subprocess.run(
        [str(flake8), "--select", "STC", "--streamlit-version", "1.40", "app.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert through_flake8.returncode == 0 and through_flake8.stdout == ""


def test_a_comment_that_only_mentions_flake8_noqa_does_not_silence_the_file(tmp_path):
    (tmp_path / "app.py").write_text(SLIDER_APP + 'note = "see # flake8: noqa"\n')
    assert check("app.py", cwd=tmp_path).returncode == 1
