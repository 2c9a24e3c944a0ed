"""What real Streamlit showed, recorded per release: the fixtures the recorded tests compare against.

`recorded/<release>.json` holds, for one release, the driver's JSON (tests/oracle/driver.py, a
cache miss then a hit, exactly as the live tests run it) for every agreement app
(tests/agreement/apps.py, with signals) and every oracle scenario (scenarios.py) that runs on the
release, each with the hash of the source it was recorded from. tools/oracle/record.py writes
them; the recorded tests read them without any Streamlit installed.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from pathlib import Path

from packaging.version import Version

RECORDED_DIR = Path(__file__).with_name("recorded")
# The releases tools/oracle/record.py records by default: the newest patch of each minor.
RECORDED_RELEASES = ("1.30.0", "1.35.0", "1.45.1", "1.60.0", "1.63.0", "1.67.0")
FORMAT = 1
RECORD_COMMAND = "PYTHONPATH=. python tools/oracle/record.py"

ADDRESS = re.compile(r"\bat 0x[0-9a-fA-F]+")


def fixture_path(version: str) -> Path:
    return RECORDED_DIR / f"{version}.json"


def recorded_versions() -> tuple[str, ...]:
    """The releases with a fixture, oldest first."""
    return tuple(sorted((path.stem for path in RECORDED_DIR.glob("*.json")), key=Version))


@functools.cache
def load(version: str) -> dict:
    return json.loads(fixture_path(version).read_text(encoding="utf-8"))


def source_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class StaleRecording(LookupError):
    """An app or scenario changed (or was added) since its release was recorded."""


def entry(recording: dict, kind: str, name: str, text: str, runs: list) -> dict:
    """The driver's result for one app ("apps") or scenario ("scenarios") of a release's recording.

    Fails with the command to re-record when the app is missing, or its source or runs changed,
    since it was recorded."""
    recorded = recording[kind].get(name)
    version = recording["streamlit"]
    again = f"re-record with `{RECORD_COMMAND} {version}`"
    if recorded is None:
        raise StaleRecording(f"{kind[:-1]} {name!r} was never recorded on {version}: {again}")
    if recorded["source_sha256"] != source_hash(text) or recorded["runs"] != list(runs):
        raise StaleRecording(f"{kind[:-1]} {name!r} changed since it was recorded on {version}: {again}")
    return recorded["result"]


def normalized(value, folder: str):
    """The driver's JSON without what changes from one recording to the next: the temporary folder
    the apps were written to, object addresses in messages, and the timestamped log lines before
    the last line of a driver failure (the line that says what failed)."""
    if isinstance(value, dict):
        if "driver_failed" in value:
            lines = [line for line in value["driver_failed"].strip().splitlines() if line.strip()]
            value = {**value, "driver_failed": lines[-1] if lines else ""}
        return {key: normalized(item, folder) for key, item in value.items()}
    if isinstance(value, list):
        return [normalized(item, folder) for item in value]
    if isinstance(value, str):
        return ADDRESS.sub("at 0x…", value.replace(folder, "<apps>"))
    return value


def dumps(recording: dict) -> str:
    return json.dumps(recording, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
