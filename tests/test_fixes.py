"""Fixes: exact before/after text (comments and odd formatting kept), idempotence, safety levels,
and files written only when asked, atomically."""

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import libcst as cst
import pytest
from packaging.version import Version

from conftest import case_version
from lint_cache.engine import fix_text
from lint_cache.project import files
from lint_cache.settings import Settings

FIXES = Path(__file__).parent / "fixes"
CASES = sorted(path.name[: -len(".before.py")] for path in FIXES.glob("*.before.py"))
LINT_CACHE = str(Path(sys.executable).parent / "lint-cache")


def settings_for(text: str) -> Settings:
    return Settings(streamlit_version=Version(case_version(text)))


@pytest.mark.parametrize("case", CASES)
def test_fix_gives_exactly_the_expected_text(case):
    before = (FIXES / f"{case}.before.py").read_text()
    after = (FIXES / f"{case}.after.py").read_text()
    unsafe = case.endswith(".unsafe")
    result = fix_text(before, f"{case}.py", settings_for(before), unsafe=unsafe)
    assert result.error is None
    assert result.text == after
    assert result.fixed, "the case must exercise at least one fix"
    cst.parse_module(result.text)


@pytest.mark.parametrize("case", CASES)
def test_fixing_twice_changes_nothing(case):
    after = (FIXES / f"{case}.after.py").read_text()
    result = fix_text(after, f"{case}.py", settings_for(after), unsafe=case.endswith(".unsafe"))
    assert result.text == after
    assert result.fixed == []


@pytest.mark.parametrize("case", [case for case in CASES if case.endswith(".unsafe")])
def test_unsafe_fixes_need_the_flag(case):
    before = (FIXES / f"{case}.before.py").read_text()
    result = fix_text(before, f"{case}.py", settings_for(before), unsafe=False)
    assert result.text == before
    assert any(d.fix is not None and not d.fix.safe for d in result.remaining)


@pytest.fixture
def app(tmp_path):
    shutil.copy(FIXES / "legacy_cache.before.py", tmp_path / "app.py")
    os.chmod(tmp_path / "app.py", 0o640)
    return tmp_path / "app.py"


def run(*args, cwd):
    return subprocess.run([LINT_CACHE, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_check_without_fix_never_writes(app):
    before = app.read_bytes()
    old = app.stat()
    os.utime(app, ns=(old.st_atime_ns, old.st_mtime_ns - 10**9))
    mtime = app.stat().st_mtime_ns
    for args in (["check", "app.py"], ["check", "app.py", "--diff"], ["check", ".", "--format", "json"]):
        run(*args, cwd=app.parent)
    assert app.read_bytes() == before
    assert app.stat().st_mtime_ns == mtime


def test_diff_prints_the_fix_and_exits_1(app):
    result = run("check", "app.py", "--diff", cwd=app.parent)
    assert result.returncode == 1
    assert result.stdout.startswith("--- a/app.py\n+++ b/app.py\n")
    assert "-@st.cache(allow_output_mutation=True)\n+@st.cache_resource\n" in result.stdout
    assert "3 fixes in 1 file would be applied." in result.stderr


def test_fix_writes_atomically_keeping_permissions_and_reports_what_is_left(app):
    result = run("check", "app.py", "--fix", cwd=app.parent)
    assert app.read_text() == (FIXES / "legacy_cache.after.py").read_text()
    assert stat.S_IMODE(app.stat().st_mode) == 0o640
    assert [p.name for p in app.parent.iterdir()] == ["app.py"]  # no temporary file left behind
    assert result.returncode == 1  # one st.cache cannot be fixed
    assert (
        result.stdout.splitlines()[-1]
        == "Found 1 problem (1 file checked, 3 fixed, Streamlit 1.67, the newest release known)."
    )
    again = run("check", "app.py", "--fix", cwd=app.parent)
    assert (
        again.stdout.splitlines()[-1] == "Found 1 problem (1 file checked, Streamlit 1.67, the newest release known)."
    )


def test_fix_keeps_encoding_bom_and_crlf(tmp_path):
    source = (
        "\ufeff# -*- coding: utf-8 -*-\r\nimport streamlit as st\r\n\r\n@st.cache\r\ndef f():\r\n    return 'é'\r\n"
    )
    path = tmp_path / "app.py"
    path.write_bytes(source.encode("utf-8"))
    run("check", "app.py", "--fix", cwd=tmp_path)
    assert path.read_bytes() == source.replace("@st.cache\r", "@st.cache_data\r").encode("utf-8")


def test_fix_keeps_latin1(tmp_path):
    source = "# -*- coding: latin-1 -*-\nimport streamlit as st\n\n@st.cache\ndef f():\n    return 'café'\n"
    path = tmp_path / "app.py"
    path.write_bytes(source.encode("latin-1"))
    run("check", "app.py", "--fix", cwd=tmp_path)
    assert path.read_bytes() == source.replace("@st.cache\n", "@st.cache_data\n").encode("latin-1")


def test_fix_through_a_symlink_edits_the_target(tmp_path, app):
    link = tmp_path / "link.py"
    link.symlink_to(app)
    run("check", "link.py", "--fix", cwd=tmp_path)
    assert link.is_symlink()
    assert app.read_text() == (FIXES / "legacy_cache.after.py").read_text()


def test_a_file_changed_on_disk_meanwhile_is_not_overwritten(tmp_path):
    path = tmp_path / "app.py"
    path.write_bytes(b"edited by someone else\n")
    with pytest.raises(files.ChangedOnDisk):
        files.replace_contents(str(path), b"fixed\n", expected=b"what lint-cache read\n")
    assert path.read_bytes() == b"edited by someone else\n"


def test_a_failing_write_leaves_the_original_and_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "app.py"
    path.write_bytes(b"original\n")

    def disk_full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OSError):
        files.replace_contents(str(path), b"fixed\n", expected=b"original\n")
    assert path.read_bytes() == b"original\n"
    assert [p.name for p in tmp_path.iterdir()] == ["app.py"]
