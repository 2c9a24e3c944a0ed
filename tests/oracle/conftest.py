"""Real Streamlit for the oracle tests: one virtualenv per pinned release, created on first use.

The virtualenvs live under $LINT_CACHE_ORACLE_DIR (default ~/.cache/lint-cache/oracle) and are
reused once ready. Streamlit is never installed into the test environment itself: the
linter reads the installed Streamlit's version. A failed install fails the tests, with pip's
own words, rather than skipping them.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterator

import pytest

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

from .scenarios import ORACLE_VERSIONS, SCENARIOS

DRIVER = Path(__file__).with_name("driver.py")
INSTALL_TIMEOUT = 900
RUN_TIMEOUT = 120


def oracle_root() -> Path:
    return Path(os.environ.get("LINT_CACHE_ORACLE_DIR", "~/.cache/lint-cache/oracle")).expanduser()


def venv_python(root: Path) -> Path:
    return root / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


# Pins that keep an old release importable today: Streamlit 1.35 wants numpy<2, and pyarrow 21+
# needs numpy 2 ("pyarrow requires NumPy 2.0 or newer"), which breaks st.dataframe and st.data_editor.
COMPANION_PINS = {"1.35.0": ["pyarrow<21"]}


def requirements(version: str) -> list[str]:
    return [f"streamlit=={version}", *COMPANION_PINS.get(version, [])]


def ensure_streamlit(version: str) -> Path:
    """The interpreter of a virtualenv holding `streamlit==version`, installing it if needed."""
    python_tag = f"py{sys.version_info.major}{sys.version_info.minor}"
    pins = "-pinned" if COMPANION_PINS.get(version) else ""  # a new folder when the pins change
    root = oracle_root() / f"streamlit-{version}-{python_tag}{pins}"
    root.parent.mkdir(parents=True, exist_ok=True)
    # Test sessions running at the same time share the folder: one builds, the others wait for it.
    with exclusive(root.with_name(f"{root.name}.lock")):
        if not (root / "ready").exists():
            build_virtualenv(root, version)
    return venv_python(root)


def build_virtualenv(root: Path, version: str) -> None:
    building = root.with_name(f"{root.name}.building")
    shutil.rmtree(building, ignore_errors=True)
    python = str(venv_python(building))
    steps = [
        [sys.executable, "-m", "venv", "--without-pip", str(building)],
        [sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--disable-pip-version-check"]
        + requirements(version),
        [python, "-c", "import streamlit.testing.v1, streamlit, pyarrow; print(streamlit.__version__)"],
    ]
    for step in steps:
        try:
            done = subprocess.run(step, capture_output=True, text=True, timeout=INSTALL_TIMEOUT)
        except subprocess.TimeoutExpired:
            pytest.fail(f"oracle: `{' '.join(step)}` took more than {INSTALL_TIMEOUT} s", pytrace=False)
        if done.returncode != 0:
            output = (done.stderr or done.stdout).strip()[-2000:]
            pytest.fail(
                f"oracle: could not set up real streamlit=={version} with `{' '.join(step)}`:\n{output}", pytrace=False
            )
    (building / "ready").write_text(done.stdout)
    shutil.rmtree(root, ignore_errors=True)  # a leftover without the ready mark
    os.replace(building, root)


@contextlib.contextmanager
def exclusive(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `lock_path` (POSIX; elsewhere concurrent sessions are not guarded)."""
    with open(lock_path, "w") as lock_file:
        if fcntl is not None:
            fcntl.flock(lock_file, fcntl.LOCK_EX)
        yield


def run_driver(python: Path, app: Path, runs: tuple) -> dict:
    request = json.dumps({"app": str(app), "runs": list(runs)})
    done = subprocess.run([str(python), str(DRIVER), request], capture_output=True, text=True, timeout=RUN_TIMEOUT)
    if done.returncode != 0:
        return {"driver_failed": done.stderr.strip()[-3000:]}
    return json.loads(done.stdout)


@pytest.fixture(scope="session")
def oracle_pythons() -> dict[str, Path]:
    with ThreadPoolExecutor(max_workers=len(ORACLE_VERSIONS)) as pool:
        return dict(zip(ORACLE_VERSIONS, pool.map(ensure_streamlit, ORACLE_VERSIONS)))


@pytest.fixture(scope="session")
def scenario_apps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("oracle_apps")
    apps = {}
    for scenario in SCENARIOS:
        apps[scenario.name] = folder / f"{scenario.name}.py"
        apps[scenario.name].write_text(scenario.app, encoding="utf-8")
    return apps


@pytest.fixture(scope="session")
def real_streamlit(oracle_pythons: dict[str, Path], scenario_apps: dict[str, Path]) -> dict[tuple[str, str], dict]:
    """What AppTest shows for every (release, scenario), run in parallel subprocesses."""
    jobs = [(version, scenario) for version in ORACLE_VERSIONS for scenario in SCENARIOS]
    # One driver per core: each is CPU-bound (importing Streamlit, running AppTest).
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = pool.map(
            lambda job: run_driver(oracle_pythons[job[0]], scenario_apps[job[1].name], job[1].runs_on(job[0])), jobs
        )
        return {(version, scenario.name): result for (version, scenario), result in zip(jobs, results)}
