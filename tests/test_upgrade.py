"""`lint-cache upgrade`: the findings a newer Streamlit makes worse than the release a project pins,
and the fixes that hold at both releases."""

from __future__ import annotations

import json
import subprocess
import textwrap
from pathlib import Path

import pytest

from conftest import LINT_CACHE

APP = """\
import streamlit as st


@st.experimental_memo(experimental_allow_widgets=True)
def pick(n):
    return n * st.slider("factor", 0, 10)


@st.cache(allow_output_mutation=True)
def model():
    return {"weights": []}


@st.cache_data(ttl=60)
def load(path):
    st.set_page_config(layout="wide")
    return path


st.write(pick(2), model(), load("x"))
"""
# st.cache_data exists from 1.18: a project pinned to 1.17 uses the decorators of its day.
APP_1_17 = """\
import streamlit as st


@st.experimental_memo
def load(path):
    return path


@st.cache(allow_output_mutation=True)
def model():
    return {"weights": []}


st.write(load("x"), model())
"""


def project(tmp_path: Path, pin: str, app: str = APP) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "requirements.txt").write_text(f"streamlit=={pin}\n", encoding="utf-8")
    (tmp_path / "app.py").write_text(textwrap.dedent(app), encoding="utf-8")
    return tmp_path


def upgrade(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [LINT_CACHE, "upgrade", "--output-format", "json", *args, "."], cwd=root, capture_output=True, text=True
    )


def problems(done: subprocess.CompletedProcess) -> list[tuple[int, str, str]]:
    assert done.returncode in (0, 1), done.stderr
    return [(item["line"], item["code"], item["message"].rsplit(" [", 1)[1]) for item in json.loads(done.stdout)]


def check_codes(root: Path, release: str) -> list[str]:
    done = subprocess.run(
        [LINT_CACHE, "check", "--no-cache", "--streamlit-version", release, "--output-format", "json", "."],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert done.returncode in (0, 1), done.stderr
    return sorted(item["code"] for item in json.loads(done.stdout))


@pytest.mark.parametrize(
    ("pin", "target", "expected"),
    [
        (
            "1.30.0",
            "1.67",
            [
                (4, "STC202", "Streamlit 1.30: warning → 1.67: error]"),
                (4, "STC103", "Streamlit 1.30: no finding → 1.67: error]"),
                (6, "STC102", "Streamlit 1.30: no finding → 1.67: warning]"),
                (9, "STC201", "Streamlit 1.30: warning → 1.67: error]"),
            ],
        ),
        (
            "1.30.0",
            "1.40",
            [
                (4, "STC202", "Streamlit 1.30: warning → 1.40: error]"),
                (4, "STC103", "Streamlit 1.30: no finding → 1.40: warning]"),
                (6, "STC102", "Streamlit 1.30: no finding → 1.40: warning]"),
            ],
        ),
        (
            "1.35.0",
            "1.37",
            [
                (4, "STC202", "Streamlit 1.35: warning → 1.37: error]"),
                (4, "STC103", "Streamlit 1.35: no finding → 1.37: warning]"),
            ],
        ),
        # From 1.45 the memo is gone already: only what 1.49 and 1.62 make worse.
        (
            "1.45.0",
            "1.67",
            [
                (4, "STC103", "Streamlit 1.45: warning → 1.67: error]"),
                (9, "STC201", "Streamlit 1.45: warning → 1.67: error]"),
            ],
        ),
    ],
)
def test_what_the_target_makes_worse(tmp_path, pin, target, expected):
    done = upgrade(project(tmp_path, pin), "--to", target)
    assert sorted(problems(done)) == sorted(expected)
    assert done.returncode == 1


def test_the_summary_names_both_releases_and_where_the_pin_came_from(tmp_path):
    root = project(tmp_path, "1.30.0")
    done = subprocess.run(
        [LINT_CACHE, "upgrade", "--output-format", "concise", "."], cwd=root, capture_output=True, text=True
    )
    assert "upgrading Streamlit 1.30 from requirements.txt to 1.67" in done.stdout


def test_from_overrides_the_pin_and_all_shows_every_finding(tmp_path):
    root = project(tmp_path, "1.30.0")
    assert [code for _, code, _ in problems(upgrade(root, "--from", "1.45", "--to", "1.67"))] == ["STC103", "STC201"]
    every = problems(upgrade(root, "--from", "1.45", "--to", "1.67", "--all"))
    assert ("STC202", "Streamlit 1.45: error → 1.67: error]") in [(code, when) for _, code, when in every]


def test_nothing_worse_exits_0(tmp_path):
    root = project(tmp_path, "1.66.0", "import streamlit as st\n\n\n@st.cache_data\ndef load(p):\n    return p\n")
    done = upgrade(root)
    assert problems(done) == [] and done.returncode == 0


@pytest.mark.parametrize("pin", ["1.17.0", "1.30.0"])
def test_fix_applies_only_what_holds_at_both_releases(tmp_path, pin):
    app = APP_1_17 if pin == "1.17.0" else APP
    root = project(tmp_path, pin, app)
    before_pin = check_codes(root, pin)
    done = subprocess.run([LINT_CACHE, "upgrade", "--fix", "."], cwd=root, capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stderr
    fixed = (root / "app.py").read_text(encoding="utf-8")
    compile(fixed, "app.py", "exec")
    if pin == "1.17.0":
        # cache_data does not exist on 1.17: nothing may change, or the app breaks before the bump.
        assert fixed == textwrap.dedent(app)
        return
    assert "@st.cache_data(experimental_allow_widgets=True)" in fixed and "@st.cache_resource\n" in fixed
    # The fixed app runs on the pinned release as before (no new finding there) and loses its
    # removed decorators at the target.
    assert set(check_codes(root, pin)) <= set(before_pin)
    assert not {"STC201", "STC202"} & set(check_codes(root, "1.67"))


def test_diff_writes_nothing(tmp_path):
    root = project(tmp_path, "1.30.0")
    done = subprocess.run([LINT_CACHE, "upgrade", "--diff", "."], cwd=root, capture_output=True, text=True)
    assert "+@st.cache_resource" in done.stdout and done.returncode == 1
    assert (root / "app.py").read_text(encoding="utf-8") == APP


def test_the_upgrade_notes_are_generated_from_the_release_data():
    done = subprocess.run(
        [LINT_CACHE, "upgrade", "--notes", "--from", "1.30", "--to", "1.67"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    by_release: dict[str, list[str]] = {}
    current = None
    for line in done.stdout.splitlines()[2:]:
        if line.endswith(":"):
            current = line[:-1]
        elif current is not None:
            by_release.setdefault(current, []).append(line.strip("- "))
    assert "st.experimental_memo" in by_release["1.37"][0] and "st.experimental_rerun" in by_release["1.37"][0]
    assert "st.cache_data takes show_time" in by_release["1.47"]
    assert "st.cache_data no longer takes experimental_allow_widgets (TypeError when decorated)" in by_release["1.49"]
    assert "st.cache_resource takes on_release, scope" in by_release["1.53"]
    assert any("st.cache" in change.split(": ")[1].split(", ") for change in by_release["1.62"] if ": " in change)
    assert "st.cache_data takes max_size" in by_release["1.67"]
    # Nothing outside the two releases.
    assert min(by_release, key=lambda r: int(r.split(".")[1])) > "1.30"
