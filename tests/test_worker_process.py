"""The language server's worker process (`processes.worker_process`), forked for real: it keeps its
state between jobs, and whatever a job does to it (abort, run out of time or memory, be abandoned)
ends with an exception here and a new worker for the next job, never with this process's death."""

from __future__ import annotations

import asyncio
import os
import sys
import time

import pytest

from lint_cache.processes import isolation
from lint_cache.processes.worker_process import WorkerProcess

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked")


class Counter:
    """A worker's state: the jobs it has done, and what each job asks of it."""

    def __init__(self) -> None:
        self.done = 0

    def __call__(self, job: str) -> object:
        self.done += 1
        if job == "abort":
            os.abort()  # as libcst does when an allocation fails
        if job == "sleep":
            time.sleep(60)
        if job == "allocate":
            return bytearray(8 * 1024**3)  # more than the memory limit below
        if job == "raise":
            raise ValueError("a bug")
        if job == "large":
            return "x" * 5_000_000  # more than a pipe holds: read while it is written
        return (self.done, os.getpid())


def in_a_loop(scenario) -> None:
    asyncio.run(scenario())


def test_jobs_run_in_one_child_that_keeps_its_state():
    async def scenario():
        worker = WorkerProcess(Counter())
        worker.start()
        try:
            first, second = await worker.call("count"), await worker.call("count")
            assert first[1] == second[1] == worker.pid != os.getpid()
            assert (first[0], second[0]) == (1, 2)
            assert len(await worker.call("large")) == 5_000_000
        finally:
            worker.stop()
        assert worker.pid is None

    in_a_loop(scenario)


def test_a_child_that_aborts_is_a_failure_here_and_the_next_job_gets_a_new_child():
    async def scenario():
        worker = WorkerProcess(Counter())
        try:
            await worker.call("count")
            with pytest.raises(isolation.IsolatedFailure, match="killed by SIGABRT"):
                await worker.call("abort")
            assert await worker.call("count") == (1, worker.pid)  # a new child, with a new state
        finally:
            worker.stop()

    in_a_loop(scenario)


def test_an_exception_in_the_job_is_reported_with_its_traceback_and_the_child_goes_on():
    async def scenario():
        worker = WorkerProcess(Counter())
        try:
            pid = (await worker.call("count"))[1]
            with pytest.raises(isolation.IsolatedError, match="ValueError: a bug"):
                await worker.call("raise")
            assert await worker.call("count") == (3, pid)
        finally:
            worker.stop()

    in_a_loop(scenario)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is enforced on Linux")
def test_a_job_over_the_memory_limit_is_a_failure(monkeypatch):
    monkeypatch.setenv("LINT_CACHE_MAX_MEMORY", "1GiB")

    async def scenario():
        worker = WorkerProcess(Counter())
        try:
            with pytest.raises(isolation.IsolatedFailure, match="needs more than 1.07 GB of memory"):
                await worker.call("allocate")
            assert (await worker.call("count"))[0] == 1
        finally:
            worker.stop()

    in_a_loop(scenario)


def test_a_job_over_the_time_limit_is_killed():
    async def scenario():
        worker = WorkerProcess(Counter())
        try:
            await worker.call("count")
            pid = worker.pid
            started = time.monotonic()
            with pytest.raises(isolation.IsolatedFailure, match="longer than 0.3 s"):
                await worker.call("sleep", seconds=0.3)
            assert time.monotonic() - started < 5
            assert not os.path.exists(f"/proc/{pid}") or sys.platform != "linux"
        finally:
            worker.stop()

    in_a_loop(scenario)


def test_a_cancelled_call_kills_the_child_at_once():
    async def scenario():
        worker = WorkerProcess(Counter())
        try:
            await worker.call("count")
            pid = worker.pid
            call = asyncio.ensure_future(worker.call("sleep"))
            await asyncio.sleep(0.2)
            call.cancel()
            with pytest.raises(asyncio.CancelledError):
                await call
            assert worker.pid is None
            with pytest.raises(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)  # killed and already waited for: no zombie left
            assert (await worker.call("count"))[0] == 1
        finally:
            worker.stop()

    in_a_loop(scenario)
