import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from packaging.version import Version

from lint_cache import check_source
from lint_cache.settings import Settings

CASES = Path(__file__).parent / "cases"

# Apps several test files write to disk: a widget inside a cached function (STC102), and the legacy
# decorator with a safe fix (STC201: `@st.cache(allow_output_mutation=True)` → `@st.cache_resource`).
SLIDER_APP = """\
import streamlit as st


@st.cache_data
def load(path):
    rows = st.slider("Rows", 10, 1000)
    return path, rows
"""
LEGACY_APP = """\
import streamlit as st


@st.cache(allow_output_mutation=True)
def model():
    return {"weights": [1, 2, 3]}
"""
EXPECT = re.compile(r"#.*\bexpect: *(?P<codes>STC\d{3}(?:[ ,]+STC\d{3})*)")
VERSION = re.compile(r"^# streamlit-version: *(?P<version>[\d.]+)", re.MULTILINE)


def lint(code: str, version: str = "1.67", **settings):
    """Diagnostics for a snippet (dedented), linted for `version`."""
    return check_source(textwrap.dedent(code), "snippet.py", Settings(streamlit_version=Version(version), **settings))


def codes(code: str, version: str = "1.67", **settings) -> list[str]:
    return [d.code for d in lint(code, version, **settings)]


def expected_findings(text: str) -> set[tuple[int, str]]:
    """(line, code) for every `# expect: STCnnn` comment of a case file."""
    found = set()
    for number, line in enumerate(text.splitlines(), start=1):
        match = EXPECT.search(line)
        if match:
            found.update((number, code) for code in re.split(r"[ ,]+", match.group("codes")))
    return found


def case_version(text: str) -> str:
    match = VERSION.search(text)
    return match.group("version") if match else "1.67"


@pytest.fixture
def linted():
    return lint


LINT_CACHE = str(Path(sys.executable).parent / "lint-cache")


def check_at_1_40(*args, cwd, env=None):
    """`lint-cache check --no-cache --streamlit-version 1.40 ARGS` as a subprocess in `cwd`."""
    return subprocess.run(
        [LINT_CACHE, "check", "--no-cache", "--streamlit-version", "1.40", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
