"""Running an app for `lint-cache simulate` in a child process, contained.

`simulate` executes the app's code, with the user's privileges, as `streamlit run` does. The app
must not take lint-cache down with it: it runs in a forked child with a memory limit, each script
run is stopped after a time limit, and whatever ends it (sys.exit, os._exit, KeyboardInterrupt or
another BaseException, an endless loop, a crash) is reported as the app's error, with its line
where Python can still tell it. The parent prints the report; the app's own output goes where its
prints go. Without `fork` (Windows) the app runs in this process, with the time limit only where
SIGALRM exists.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import time
import traceback
from typing import Any, Callable, ContextManager, Iterator, Optional

from lint_cache import byte_sizes
from lint_cache.processes import isolation, workers

GRACE = 5.0  # seconds the child gets beyond a run's limit to report the app's line itself
# What the child sends, each as one frame (kind, 4-byte length, payload): a run starts, progress
# of an enumeration ("done expected"), the answer (pickled).
_RUN, _PROGRESS, _ANSWER = b"r", b"p", b"a"

RunGuard = Callable[[], ContextManager[None]]
Progress = Callable[[int, int], None]


class AppStopped(BaseException):
    """Raised inside the app: it ran out of time, or called os._exit. A BaseException, so that the
    app's `except Exception` cannot swallow it."""


def run_contained(
    work: Callable[[RunGuard, Optional[Progress]], Any],
    timeout: float,
    memory: int,
    progress: Optional[Progress] = None,
) -> tuple[str, Any]:
    """`work(around_run, progress)` in a child: ("value", its value); ("ended", (what ended it, its
    traceback as (file, line, source) or None, the run)) when the app ended the simulation;
    ("raised", the exception) for an exception of `work` itself (a SimulationError, a SyntaxError in
    the app). `progress` is called here with what the child reports."""
    if not hasattr(os, "fork"):
        return _in_place(work, timeout, progress)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        _child(work, os.getppid(), timeout, memory, write_end, progress is not None)
    os.close(write_end)
    try:
        answer, runs_started, finished = _listen(read_end, timeout + GRACE, progress)
    finally:
        os.close(read_end)
    if not finished:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    run = max(runs_started - 1, 0)
    if not finished:
        return "ended", (f"run {run} did not finish within --timeout {timeout:g} s and was killed", None, run)
    if answer is None:
        return "ended", (_death(status, memory), None, run)
    return answer


def _in_place(work: Callable[[RunGuard, Optional[Progress]], Any], timeout: float, progress: Optional[Progress]):
    started = [0]
    try:
        return "value", work(lambda: _timed_run(timeout, started, None), progress)
    except Exception as error:  # the simulator's own verdict (SimulationError, the app's SyntaxError)
        return "raised", error
    except BaseException as error:  # noqa: B036 - what ended the app: sys.exit, AppStopped, ...
        return "ended", _ended(error, started[0] - 1)


def _child(
    work: Callable[[RunGuard, Optional[Progress]], Any],
    parent: int,
    timeout: float,
    memory: int,
    write_end: int,
    reports_progress: bool,
) -> None:
    real_exit = os._exit
    try:
        workers.die_with_parent(parent)
        isolation.limit_memory(memory)

        def app_exit(status: int = 0) -> None:
            raise AppStopped(f"the app called os._exit({status})")

        os._exit = app_exit  # the app's os._exit ends the simulation with its line, not silently
        started = [0]
        try:

            def forward(done: int, expected: int) -> None:
                _send(write_end, _PROGRESS, f"{done} {expected}".encode())

            def around_run() -> ContextManager[None]:
                return _timed_run(timeout, started, write_end)

            answer: tuple = ("value", work(around_run, forward if reports_progress else None))
        except Exception as error:  # the simulator's own verdict: the app's own exceptions end in its report
            answer = ("raised", error)
        except BaseException as error:  # noqa: B036 - what ended the app: sys.exit, AppStopped, ...
            answer = ("ended", _ended(error, started[0] - 1))
        try:
            data = pickle.dumps(answer)
        except Exception:  # an exception that does not pickle: its text does
            data = pickle.dumps(("raised", RuntimeError(traceback.format_exc())))
        with contextlib.suppress(OSError):
            _send(write_end, _ANSWER, data)
    finally:
        real_exit(0)


def _ended(error: BaseException, run: int) -> tuple[str, list[tuple[str, int, str]], int]:
    """(what ended the app, its traceback as (file, line, source), the run)."""
    if isinstance(error, SystemExit):
        what = f"the app called sys.exit({error.code!r})" if error.code is not None else "the app called sys.exit()"
    elif isinstance(error, AppStopped):
        what = str(error)
    else:
        what = f"the app raised {type(error).__name__}" + (f": {error}" if str(error) else "")
    frames = [
        (frame.filename, frame.lineno or 0, frame.line or "") for frame in traceback.extract_tb(error.__traceback__)
    ]
    return what, frames, max(run, 0)


@contextlib.contextmanager
def _timed_run(timeout: float, started: list[int], write_end: int | None) -> Iterator[None]:
    started[0] += 1
    if write_end is not None:
        _send(write_end, _RUN)  # the parent's clock starts again
    if not hasattr(signal, "setitimer"):
        yield
        return

    def out_of_time(signum: int, frame: Any) -> None:
        raise AppStopped(f"run {started[0] - 1} did not finish within --timeout {timeout:g} s")

    previous = signal.signal(signal.SIGALRM, out_of_time)
    signal.setitimer(signal.ITIMER_REAL, timeout, 1.0)  # again every second, should the app swallow it
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _listen(read_end: int, patience: float, progress: Optional[Progress]) -> tuple[Any, int, bool]:
    """(the child's answer or None, runs it started, whether it finished in time): the child has
    `patience` seconds after each run starts."""
    runs, deadline, buffer, answer = 0, time.monotonic() + patience, bytearray(), None
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None, runs, False
        ready, _, _ = select.select([read_end], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(read_end, 1 << 20)
        if not chunk:
            return answer, runs, True
        buffer += chunk
        while len(buffer) >= 5 and len(buffer) >= 5 + int.from_bytes(buffer[1:5], "big"):
            kind, size = bytes(buffer[:1]), int.from_bytes(buffer[1:5], "big")
            payload, buffer = bytes(buffer[5 : 5 + size]), buffer[5 + size :]
            if kind == _RUN:
                runs, deadline = runs + 1, time.monotonic() + patience
            elif kind == _PROGRESS and progress is not None:
                done, expected = map(int, payload.split())
                progress(done, expected)
            elif kind == _ANSWER:
                with contextlib.suppress(Exception):  # an answer that does not unpickle: the child died
                    answer = pickle.loads(payload)


def _send(descriptor: int, kind: bytes, payload: bytes = b"") -> None:
    _write_all(descriptor, kind + len(payload).to_bytes(4, "big") + payload)


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def _death(status: int, memory: int) -> str:
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        name = signal.Signals(number).name if number in signal.valid_signals() else str(number)
        if number in (signal.SIGKILL, signal.SIGABRT, signal.SIGSEGV):
            return (
                f"the app's process was killed by {name} (out of memory? the limit is "
                f"{byte_sizes.format_size(memory)}, --max-memory)"
            )
        return f"the app's process was killed by {name}"
    return f"the app's process ended with exit status {os.WEXITSTATUS(status)} before the simulation finished"
