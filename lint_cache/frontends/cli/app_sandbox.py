"""Running an app for `lint-cache simulate` in a child process, contained.

`simulate` executes the app's code, with the user's privileges, as `streamlit run` does. The app
must not take lint-cache down with it: it runs in a forked child with a memory limit, each script
run is stopped after a time limit, and whatever ends it (sys.exit, os._exit, KeyboardInterrupt or
another BaseException, an endless loop, a crash) is reported as the app's error, with its line
where Python can still tell it. The parent prints the report; the app's own output goes where its
prints go. Without `fork` (Windows) the app runs in this process, with the time limit only where
SIGALRM exists.

The child leads a session of its own, and the whole session's process group is killed when the
simulation ends: what the app started (a subprocess, a fork) does not outlive `simulate`. The
answer is taken as soon as it arrives, and the child's exit is watched by itself, so that a fork
of the app that holds the report pipe open neither delays the report nor turns it into a timeout.
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

# A pipe holds at most 1 MiB (Linux's default pipe-max-size): what an exited child left is read in
# a few reads of 1 MiB; a fork writing on for ever is not waited for.
_DRAIN_READS = 16
EXIT_POLL = 0.05  # seconds between two looks at the child's exit, where no pidfd tells it at once
# The child that reports to the parent; a fork of the app is another process and reports nothing.
_reporter: Optional[int] = None

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
        answer, runs_started, finished = _listen(read_end, pid, timeout + GRACE, progress)
    finally:
        os.close(read_end)
        status = _end_app(pid)
    run = max(runs_started - 1, 0)
    if not finished:
        return "ended", (f"run {run} did not finish within --timeout {timeout:g} s and was killed", None, run)
    if answer is None:
        return "ended", (_death(status, memory), None, run)
    return answer


def _end_app(pid: int) -> int:
    """Kill every process of the app's group (its own, its subprocesses, its forks), then reap the
    app's process: its exit status. The group goes first, while the unreaped process keeps its id
    from being used again."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):  # no group yet: it had not reached setsid
        os.kill(pid, signal.SIGKILL)
    return os.waitpid(pid, 0)[1]


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
    global _reporter
    real_exit = os._exit
    _reporter = os.getpid()
    try:
        os.setsid()  # a process group of its own, for _end_app to kill with all it started
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


def _listen(read_end: int, pid: int, patience: float, progress: Optional[Progress]) -> tuple[Any, int, bool]:
    """(the child's answer or None, runs it started, whether it finished in time): the child has
    `patience` seconds after each run starts. Returns once the answer is in or the child has
    exited, whoever else still holds the pipe; the child is left unreaped for `_end_app`."""
    frames = _Frames(progress)
    exit_watch = _exit_watch(pid)
    deadline = time.monotonic() + patience
    watched = [read_end] + ([exit_watch] if exit_watch is not None else [])
    try:
        while frames.answer is None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None, frames.runs, False
            ready, _, _ = select.select(watched, [], [], remaining if exit_watch is not None else EXIT_POLL)
            if read_end in ready:
                chunk = os.read(read_end, 1 << 20)
                if chunk:
                    if frames.feed(chunk):
                        deadline = time.monotonic() + patience
                    continue
                watched.remove(read_end)  # every writer gone: the exit follows
            if exit_watch in ready or _exited(pid):
                if read_end in watched:
                    frames.feed(_available(read_end))
                return frames.answer, frames.runs, True
        return frames.answer, frames.runs, True
    finally:
        if exit_watch is not None:
            os.close(exit_watch)


class _Frames:
    """The child's frames, read as they arrive."""

    def __init__(self, progress: Optional[Progress]) -> None:
        self.progress, self.buffer, self.runs, self.answer = progress, bytearray(), 0, None

    def feed(self, chunk: bytes) -> bool:
        """Take `chunk` in; whether a run started in it."""
        self.buffer += chunk
        run_started = False
        while len(self.buffer) >= 5 and len(self.buffer) >= 5 + int.from_bytes(self.buffer[1:5], "big"):
            kind, size = bytes(self.buffer[:1]), int.from_bytes(self.buffer[1:5], "big")
            payload, self.buffer = bytes(self.buffer[5 : 5 + size]), self.buffer[5 + size :]
            if kind == _RUN:
                self.runs, run_started = self.runs + 1, True
            elif kind == _PROGRESS and self.progress is not None:
                done, expected = map(int, payload.split())
                self.progress(done, expected)
            elif kind == _ANSWER:
                with contextlib.suppress(Exception):  # an answer that does not unpickle: the child died
                    self.answer = pickle.loads(payload)
        return run_started


def _exit_watch(pid: int) -> Optional[int]:
    """A descriptor that becomes readable when `pid` exits (Linux 5.3), or None."""
    try:
        return os.pidfd_open(pid)
    except (AttributeError, OSError):
        return None


def _exited(pid: int) -> bool:
    """Whether `pid` has exited, without reaping it."""
    try:
        return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:
        return True


def _available(read_end: int) -> bytes:
    """What the pipe holds now, without waiting for writers that may never close it."""
    chunks = []
    for _ in range(_DRAIN_READS):
        if not select.select([read_end], [], [], 0)[0]:
            break
        chunk = os.read(read_end, 1 << 20)
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def _send(descriptor: int, kind: bytes, payload: bytes = b"") -> None:
    if os.getpid() != _reporter:  # a fork of the app: its frames would be taken for the app's
        return
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
