"""Real Streamlit releases in virtualenvs of their own, and the driver run inside them.

Plain Python (no pytest): the oracle tests' fixtures, the agreement comparison and the recorder
(tools/oracle/record.py) share it. One virtualenv per release lives under $LINT_CACHE_ORACLE_DIR
(default ~/.cache/lint-cache/oracle) and is reused once ready. Streamlit is never installed into
the test environment itself: the linter reads the installed Streamlit's version.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Iterator

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

DRIVER = Path(__file__).with_name("driver.py")
INSTALL_TIMEOUT = 900
RUN_TIMEOUT = 600  # one driver process; AppTest itself waits up to driver.APPTEST_TIMEOUT per run

# Pins that keep an old release importable today. Streamlit up to 1.35 wants numpy<2, and
# pyarrow 21+ needs numpy 2 ("pyarrow requires NumPy 2.0 or newer"), which breaks st.dataframe
# and st.data_editor. The folder is named by release, not by pins: after changing a release's pins,
# delete its folder under the oracle directory (`streamlit-<release>-py<NN>-pinned`) to rebuild it.
COMPANION_PINS = {
    "1.30.0": ["pyarrow<21"],
    "1.35.0": ["pyarrow<21"],
}


class OracleSetupError(RuntimeError):
    """A release could not be installed or imported (the message carries pip's own words)."""


def oracle_root() -> Path:
    return Path(os.environ.get("LINT_CACHE_ORACLE_DIR", "~/.cache/lint-cache/oracle")).expanduser()


def venv_python(root: Path) -> Path:
    return root / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def requirements(version: str) -> list[str]:
    return [f"streamlit=={version}", *COMPANION_PINS.get(version, [])]


def ensure_streamlit(version: str) -> Path:
    """The interpreter of a virtualenv holding `streamlit==version`, installing it if needed."""
    python_tag = f"py{sys.version_info.major}{sys.version_info.minor}"
    pins = "-pinned" if COMPANION_PINS.get(version) else ""
    root = oracle_root() / f"streamlit-{version}-{python_tag}{pins}"
    root.parent.mkdir(parents=True, exist_ok=True)
    # Sessions running at the same time share the folder: one builds, the others wait for it.
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
            raise OracleSetupError(f"oracle: `{' '.join(step)}` took more than {INSTALL_TIMEOUT} s") from None
        if done.returncode != 0:
            output = (done.stderr or done.stdout).strip()[-2000:]
            command = " ".join(step)
            raise OracleSetupError(f"oracle: could not set up real streamlit=={version} with `{command}`:\n{output}")
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


def run_driver(python: Path, request: dict, timeout: float = RUN_TIMEOUT):
    """The driver's JSON for `request` (one app or a batch, see driver.py), run in `python`.

    A driver that fails as a whole gives {"driver_failed": its stderr} (for a batch, the caller
    spreads it over the apps)."""
    done = subprocess.run(
        [str(python), str(DRIVER), json.dumps(request)], capture_output=True, text=True, timeout=timeout
    )
    if done.returncode != 0:
        return {"driver_failed": done.stderr.strip()[-3000:]}
    return json.loads(done.stdout)
