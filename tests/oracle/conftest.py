"""Real Streamlit for the live oracle tests: the releases of ORACLE_VERSIONS, run now.

The virtualenvs are built by `venvs.py` (plain Python, shared with the recorder,
tools/oracle/record.py) on first use. A failed install fails the tests, with pip's own words,
rather than skipping them. The recorded releases need no Streamlit: see test_recorded.py.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .scenarios import ORACLE_VERSIONS, SCENARIOS
from .venvs import OracleSetupError, ensure_streamlit, run_driver


def ensure_streamlit_or_fail(version: str) -> Path:
    try:
        return ensure_streamlit(version)
    except OracleSetupError as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="session")
def oracle_pythons() -> dict[str, Path]:
    with ThreadPoolExecutor(max_workers=len(ORACLE_VERSIONS)) as pool:
        return dict(zip(ORACLE_VERSIONS, pool.map(ensure_streamlit_or_fail, ORACLE_VERSIONS)))


@pytest.fixture(scope="session")
def scenario_apps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("oracle_apps")
    return {scenario.name: scenario.write(folder) for scenario in SCENARIOS}


@pytest.fixture(scope="session")
def real_streamlit(oracle_pythons: dict[str, Path], scenario_apps: dict[str, Path]) -> dict[tuple[str, str], dict]:
    """What AppTest shows for every (release, scenario), run in parallel subprocesses."""
    jobs = [
        (version, scenario) for version in ORACLE_VERSIONS for scenario in SCENARIOS if scenario.applies_to(version)
    ]
    # One driver per core: each is CPU-bound (importing Streamlit, running AppTest).
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = pool.map(
            lambda job: run_driver(
                oracle_pythons[job[0]],
                {"app": str(scenario_apps[job[1].name]), "runs": list(job[1].runs_on(job[0]))},
            ),
            jobs,
        )
        return {(version, scenario.name): result for (version, scenario), result in zip(jobs, results)}
