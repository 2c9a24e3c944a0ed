"""`lint-cache check --stdin-filename PATH -`: an unsaved buffer on standard input, checked with
PATH's settings and reported under PATH; with --fix the fixed text on standard output."""

import json
import subprocess
import sys
from pathlib import Path

from conftest import LEGACY_APP, SLIDER_APP

LINT_CACHE = str(Path(sys.executable).parent / "lint-cache")


def check(*args, text, cwd):
    return subprocess.run(
        [LINT_CACHE, "check", *args], input=text.encode("utf-8"), capture_output=True, cwd=cwd, timeout=120
    )


def configured(folder: Path, settings: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pyproject.toml").write_text(f"[tool.lint-cache]\n{settings}\n", encoding="utf-8")
    return folder


def test_findings_are_reported_under_the_given_name(tmp_path):
    done = check("--stdin-filename", "pages/app.py", "-", "--streamlit-version", "1.67", text=SLIDER_APP, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert done.stdout.decode().startswith("pages/app.py:6:12: STC102 `st.slider` inside cached `load()`")
    assert not (tmp_path / "pages" / "app.py").exists()  # nothing is read from or written to disk


def test_the_named_paths_settings_apply(tmp_path):
    configured(tmp_path / "legacy", 'streamlit-version = "1.67"\nignore = ["STC102"]')
    configured(tmp_path / "app", 'streamlit-version = "1.67"\nexclude = ["generated"]')
    quiet = check("--stdin-filename", "legacy/app.py", "-", text=SLIDER_APP, cwd=tmp_path)
    assert quiet.returncode == 0 and b"All checks passed" in quiet.stdout, quiet.stderr
    loud = check("--stdin-filename", "app/pages/app.py", "-", "--format", "json", text=SLIDER_APP, cwd=tmp_path)
    assert [finding["code"] for finding in json.loads(loud.stdout)] == ["STC102"]
    excluded = check("--stdin-filename", "app/generated/app.py", "-", text=SLIDER_APP, cwd=tmp_path)
    assert excluded.returncode == 0, excluded.stderr
    excluded_fix = check("--stdin-filename", "app/generated/app.py", "--fix", "-", text=LEGACY_APP, cwd=tmp_path)
    assert excluded_fix.stdout == LEGACY_APP.encode()  # the buffer comes back as it was


def test_fix_prints_the_fixed_text_and_reports_on_stderr(tmp_path):
    text = "# -*- coding: utf-8 -*-\n" + LEGACY_APP.replace("model():", "model():  # 🎈") + SLIDER_APP.split("\n", 1)[1]
    done = check("--stdin-filename", "app.py", "--fix", "-", "--streamlit-version", "1.67", text=text, cwd=tmp_path)
    assert done.returncode == 1  # the STC102 is left: no safe fix mends it
    assert done.stdout.decode() == text.replace("@st.cache(allow_output_mutation=True)", "@st.cache_resource")
    report = done.stderr.decode()
    assert "app.py:12:12: STC102" in report and "STC201" not in report and "1 fixed" in report

    clean = check(
        "--stdin-filename", "app.py", "--fix", "-", "--streamlit-version", "1.67", text=LEGACY_APP, cwd=tmp_path
    )
    assert clean.returncode == 0 and clean.stdout.decode() == LEGACY_APP.replace(
        "@st.cache(allow_output_mutation=True)", "@st.cache_resource"
    )


def test_diff_shows_the_fix_under_the_given_name(tmp_path):
    done = check(
        "--stdin-filename", "app.py", "--diff", "-", "--streamlit-version", "1.67", text=LEGACY_APP, cwd=tmp_path
    )
    assert done.returncode == 1
    diff = done.stdout.decode()
    assert diff.startswith("--- a/app.py\n+++ b/app.py\n") and "+@st.cache_resource\n" in diff


def test_unparsable_text_is_stc001_under_the_given_name(tmp_path):
    broken = "import streamlit as st\n\n@st.cache_data\ndef load(:\n    return 1\n"
    done = check("--stdin-filename", "app.py", "-", text=broken, cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout.decode().startswith("app.py:4:10: STC001 cannot parse the file: invalid syntax")
    fixed = check("--stdin-filename", "app.py", "--fix", "-", text=broken, cwd=tmp_path)
    assert fixed.stdout.decode() == broken and b"app.py:4:10: STC001" in fixed.stderr
    undecodable = subprocess.run(
        [LINT_CACHE, "check", "--stdin-filename", "app.py", "--fix", "-"],
        input=b"import streamlit as st\nst.cache_data\nx = '\xff'\n",
        capture_output=True,
        cwd=tmp_path,
    )
    assert undecodable.stdout == b"import streamlit as st\nst.cache_data\nx = '\xff'\n"
    assert b"app.py:1:1: STC001 cannot parse the file: cannot decode the file" in undecodable.stderr


def test_stdin_without_a_name_and_with_other_paths(tmp_path):
    unnamed = check("-", "--streamlit-version", "1.67", text=SLIDER_APP, cwd=tmp_path)
    assert unnamed.stdout.decode().startswith("-:6:12: STC102")
    mixed = check("--stdin-filename", "app.py", "other.py", text=SLIDER_APP, cwd=tmp_path)
    assert mixed.returncode == 2
    assert b"standard input (`-`, or --stdin-filename) cannot be combined with other paths" in mixed.stderr
