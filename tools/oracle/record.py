"""Record what real Streamlit shows, release by release, into the fixtures the recorded tests read.

    PYTHONPATH=. python tools/oracle/record.py                 # every release of RECORDED_RELEASES
    PYTHONPATH=. python tools/oracle/record.py 1.45.1 1.60.0   # only these

For each release: build (or reuse) its virtualenv (tests/oracle/venvs.py: `streamlit==X` plus
COMPANION_PINS, under ~/.cache/lint-cache/oracle), run every agreement app
(tests/agreement/apps.py) that runs on it through tests/oracle/driver.py with signals, a cache
miss then a hit, in one process (as tests/agreement/compare.py does live), and every oracle
scenario (tests/oracle/scenarios.py) from its `since` on in a process of its own with its runs (as
tests/oracle/conftest.py does live); then write tests/oracle/recorded/<release>.json: sorted keys,
no temporary paths, no object addresses, no timestamps, so that recording twice gives the same file.

This never runs inside pytest: it needs the network (pip) the first time and a few minutes per
release. tests/agreement/test_recorded.py and tests/oracle/test_recorded.py then compare the
linter and the reference runtime with every fixture in seconds, without Streamlit.

Adding a release: put it in RECORDED_RELEASES (tests/oracle/recorded.py); if it does not import
with today's packages, add the pins that make it (e.g. "pyarrow<21" for numpy 1) to COMPANION_PINS
(tests/oracle/venvs.py); run this script for it; where an app or scenario cannot run there at all
(an API it uses is missing), say so with the app's `since` / the scenario's `rejected_from`; run the
recorded tests and put each (app, release) where the linter disagrees in KNOWN_DISAGREEMENTS
(tests/agreement/test_recorded.py) or, for the reference runtime, RUNTIME_DISAGREEMENTS
(tests/oracle/test_recorded.py), with the reason. Commit the new JSON file.

Re-record a release (after changing an app, a scenario, the driver or the pins) the same way; a
fixture whose app changed fails the recorded tests with this command.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

TESTS = Path(__file__).resolve().parents[2] / "tests"
sys.path.insert(0, str(TESTS))  # the `oracle` and `agreement` packages, as pytest imports them

from agreement.apps import APPS  # noqa: E402
from agreement.compare import RUNS, run_apps  # noqa: E402
from oracle import recorded  # noqa: E402
from oracle.scenarios import SCENARIOS  # noqa: E402
from oracle.venvs import COMPANION_PINS, ensure_streamlit, requirements, run_driver  # noqa: E402

COMPANIONS = ("altair", "numpy", "pandas", "protobuf", "pyarrow")
WORKERS = 2  # driver processes at a time: each is CPU-bound


def record(version: str, workers: int = WORKERS) -> dict:
    python = ensure_streamlit(version)
    with tempfile.TemporaryDirectory(prefix="lint-cache-record-") as folder:
        apps = [app for app in APPS if app.runs_on(version)]
        paths = {}
        for app in apps:
            paths[app.name] = Path(folder) / f"{app.name}.py"
            paths[app.name].write_text(app.text, encoding="utf-8")
        scenarios = [scenario for scenario in SCENARIOS if scenario.applies_to(version)]
        scenario_paths = {scenario.name: scenario.write(Path(folder) / "scenarios") for scenario in scenarios}

        def scenario_job(scenario):
            request = {"app": str(scenario_paths[scenario.name]), "runs": list(scenario.runs_on(version))}
            return run_driver(python, request)

        with ThreadPoolExecutor(max_workers=workers) as pool:
            app_results = pool.submit(run_apps, python, version, paths)  # the longest job first
            scenario_results = list(pool.map(scenario_job, scenarios))
            app_results = app_results.result()

        recording = {
            "format": recorded.FORMAT,
            "streamlit": version,
            "requirements": requirements(version),
            "installed": installed(python),
            "python": f"{sys.version_info.major}.{sys.version_info.minor}",
            "apps": {
                app.name: {
                    "runs": list(RUNS),
                    "source_sha256": recorded.source_hash(app.text),
                    "result": app_results[app.name],
                }
                for app in apps
            },
            "scenarios": {
                scenario.name: {
                    "runs": list(scenario.runs_on(version)),
                    "source_sha256": recorded.source_hash(scenario.app),
                    "result": result,
                }
                for scenario, result in zip(scenarios, scenario_results)
            },
        }
        return recorded.normalized(recording, folder)


def installed(python: Path) -> dict[str, str]:
    """The companion packages' versions in the release's virtualenv (what the recording ran on)."""
    code = "import importlib.metadata as m, json, sys\nprint(json.dumps({p: m.version(p) for p in sys.argv[1:]}))"
    done = subprocess.run([str(python), "-c", code, *COMPANIONS], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def problems(recording: dict) -> list[str]:
    """Apps or scenarios the driver could not run at all (recorded as such, for the tests to show)."""
    return [
        f"{kind} {name}: {entry['result']['driver_failed'].strip().splitlines()[-1]}"
        for kind in ("apps", "scenarios")
        for name, entry in recording[kind].items()
        if "driver_failed" in entry["result"]
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("releases", nargs="*", help=f"default: {' '.join(recorded.RECORDED_RELEASES)}")
    parser.add_argument("--workers", type=int, default=WORKERS, help="driver processes at a time (default 2)")
    arguments = parser.parse_args(argv)
    recorded.RECORDED_DIR.mkdir(exist_ok=True)
    for version in arguments.releases or recorded.RECORDED_RELEASES:
        started = time.monotonic()
        recording = record(version, arguments.workers)
        path = recorded.fixture_path(version)
        path.write_text(recorded.dumps(recording), encoding="utf-8")
        failed = problems(recording)
        pins = f" (pins: {', '.join(COMPANION_PINS[version])})" if COMPANION_PINS.get(version) else ""
        print(
            f"{version}{pins}: {len(recording['apps'])} apps, {len(recording['scenarios'])} scenarios"
            f" -> {os.path.relpath(path)} ({path.stat().st_size} bytes, {time.monotonic() - started:.0f} s)"
        )
        for problem in failed:  # recorded as such: the recorded tests show it
            print(f"  driver failed: {problem}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
