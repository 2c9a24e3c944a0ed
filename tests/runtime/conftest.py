"""Helpers for the reference runtime's unit tests: a fake clock, a server with its `streamlit`
module installed, and apps run from source."""

from __future__ import annotations

import contextlib
import textwrap
import time
from dataclasses import dataclass
from typing import Any, Callable

import pytest

from lint_cache.runtime import FunctionReport, Server, SimulationResult, simulate_app
from lint_cache.runtime.module import installed
from lint_cache.runtime.session import RunOutcome, Session


class FakeClock:
    """Seconds that only move when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Model:
    server: Server
    st: Any  # the `streamlit` module the runtime installed
    session: Session

    def run(self, script: Callable[[], Any], **changes: Any) -> RunOutcome:
        """One script run; `changes` set widgets (by label or key) before it."""
        outcome = self.session.run(script, changes)
        if outcome.error is not None:
            raise outcome.error
        return outcome

    def report(self, name: str) -> FunctionReport:
        (row,) = [row for row in self.server.function_reports() if row.name.endswith(name)]
        return row


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def model():
    """`model(version, clock)`: a fresh server for that release, with its `streamlit` installed."""
    with contextlib.ExitStack() as stack:

        def make(version: str = "1.35", clock: Callable[[], float] = time.monotonic) -> Model:
            server = Server(version, clock)
            st = stack.enter_context(installed(server.release.version, server.commands, server.decorators()))
            return Model(server, st, server.new_session())

        yield make


@pytest.fixture
def run_app(tmp_path):
    """`run_app(source, version, runs=..., enumerate=...)`: simulate an app written from source."""

    def simulate(source: str, version: str = "1.35", **options: Any) -> SimulationResult:
        app = tmp_path / "app.py"
        app.write_text(textwrap.dedent(source).lstrip(), encoding="utf-8")
        return simulate_app(str(app), version, **options)

    return simulate
