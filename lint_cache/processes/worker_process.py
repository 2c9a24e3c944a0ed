"""A long-lived child process that does one job at a time for an asyncio program (the language
server), within the limits `isolation` gives a child of `lint-cache check`.

The child is forked, so it starts with everything the parent imported; its address space is
limited (LINT_CACHE_MAX_MEMORY above what it starts with) and each job has LINT_CACHE_MAX_SECONDS.
When libcst aborts on a failed allocation, or a job runs out of time, only the child dies: the call
raises `isolation.IsolatedFailure` saying why, and the next call starts a new child. The child
keeps its state between jobs (the project's modules it has read), so jobs stay as quick as they
would be in place. It dies with its parent (`workers.die_with_parent`), and holds none of the
parent's standard streams: a client waiting for the parent's stdout to close never waits for it.

Jobs and answers are pickled: the child is this same program, forked, and trusts only its parent.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import pickle
import signal
import struct
from typing import Callable, Generic, Optional, TypeVar

from lint_cache.processes import isolation, workers

Job = TypeVar("Job")
Answer = TypeVar("Answer")

_LENGTH = struct.Struct(">Q")  # each message: its length, then its pickle
_READ_AHEAD = 1 << 20


class WorkerProcess(Generic[Job, Answer]):
    """`await call(job)` runs `serve(job)` in the child. Calls must not overlap (hold a lock)."""

    def __init__(self, serve: Callable[[Job], Answer]):
        self._serve = serve
        self.pid: Optional[int] = None
        self._budget = 0
        self._from_child: Optional[int] = None  # our ends of the two pipes, before the loop takes them
        self._to_child: Optional[int] = None
        self._reader: Optional[asyncio.StreamReader] = None
        self._writer: Optional[asyncio.StreamWriter] = None
        self._transports: list[asyncio.BaseTransport] = []

    def start(self) -> None:
        """Fork the child now (a no-op while one runs). Call it from the thread that lives as long
        as the program: on Linux the child dies with the thread that forked it. Raises
        IsolatedFailure when no child can be started (no memory or processes left)."""
        if self.pid is not None or not isolation.available():
            return
        self._budget = isolation.effective_budget(isolation.memory_limit())
        jobs_read, jobs_write = os.pipe()
        answers_read, answers_write = os.pipe()
        parent = os.getpid()
        try:
            pid = os.fork()
        except OSError as error:
            for descriptor in (jobs_read, jobs_write, answers_read, answers_write):
                os.close(descriptor)
            raise isolation.IsolatedFailure(f"no worker process could be started ({error})") from None
        if pid == 0:  # the child: never returns
            os.close(jobs_write)
            os.close(answers_read)
            _child(self._serve, parent, self._budget, jobs_read, answers_write)
        os.close(jobs_read)
        os.close(answers_write)
        self.pid, self._from_child, self._to_child = pid, answers_read, jobs_write

    async def call(self, job: Job, seconds: Optional[float] = None) -> Answer:
        """`serve(job)` in the child (in place where there is no `fork`). Raises IsolatedFailure
        when the child runs out of memory or time or dies, IsolatedError when `serve` raised. A call
        that is cancelled kills the child: its job is abandoned."""
        if not isolation.available() and self.pid is None:
            return self._serve(job)
        seconds = isolation.time_limit() if seconds is None else seconds
        try:
            await self._connect()
            data = pickle.dumps(job)
            self._writer.write(_LENGTH.pack(len(data)) + data)
            await self._writer.drain()
            kind, value = pickle.loads(await asyncio.wait_for(self._answer(), seconds))
        except asyncio.TimeoutError:
            self.stop()
            raise isolation.IsolatedFailure(
                f"checking it took longer than {seconds:g} s (LINT_CACHE_MAX_SECONDS)"
            ) from None
        except (asyncio.IncompleteReadError, ConnectionError, pickle.UnpicklingError, EOFError):
            raise isolation.IsolatedFailure(isolation.death(self._reap(), self._budget)) from None
        except BaseException:  # cancelled: the child is in the middle of a job nobody waits for
            self.stop()
            raise
        if kind == "memory":
            self._reap()  # the child answers, then ends: its heap cannot be trusted any more
            raise isolation.IsolatedFailure(isolation.out_of_memory(self._budget))
        if kind == "raised":
            raise isolation.IsolatedError(value)
        return value

    def stop(self) -> None:
        """Kill the child, if there is one, and wait for it. Synchronous: safe while exiting."""
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        self._reap()

    async def _connect(self) -> None:
        if self.pid is None:
            self.start()
        if self._reader is not None:
            return
        loop = asyncio.get_running_loop()
        reader = asyncio.StreamReader(limit=_READ_AHEAD)
        from_child, _ = await loop.connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(reader), os.fdopen(self._from_child, "rb", buffering=0)
        )
        self._from_child = None
        self._transports.append(from_child)
        to_child, protocol = await loop.connect_write_pipe(
            asyncio.streams.FlowControlMixin, os.fdopen(self._to_child, "wb", buffering=0)
        )
        self._to_child = None
        self._transports.append(to_child)
        self._reader, self._writer = reader, asyncio.StreamWriter(to_child, protocol, None, loop)

    async def _answer(self) -> bytes:
        (length,) = _LENGTH.unpack(await self._reader.readexactly(_LENGTH.size))
        return await self._reader.readexactly(length)

    def _reap(self) -> int:
        """Wait for the child to end (it has, or has been killed); its status. Closes the pipes."""
        status = 0
        if self.pid is not None:
            with contextlib.suppress(ChildProcessError):
                _, status = os.waitpid(self.pid, 0)
        for transport in self._transports:
            # RuntimeError: its event loop has ended (the program is exiting), nothing to close for.
            with contextlib.suppress(RuntimeError):
                transport.close()
        for descriptor in (self._from_child, self._to_child):
            if descriptor is not None:
                os.close(descriptor)
        self.pid = self._from_child = self._to_child = None
        self._reader = self._writer = None
        self._transports = []
        return status


def _child(serve: Callable[[object], object], parent: int, budget: int, jobs: int, answers: int) -> None:
    try:
        workers.die_with_parent(parent)
        isolation.enter_child()
        _let_go_of_inherited_files(keep=(jobs, answers))
        isolation.limit_memory(budget)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a terminal's Ctrl-C is for the parent to handle
        while True:
            header = _read_exactly(jobs, _LENGTH.size)
            if header is None:
                break  # the parent closed its end: no more jobs
            job = pickle.loads(_read_exactly(jobs, _LENGTH.unpack(header)[0]) or b"")
            answer, data = isolation.pickled_answer(functools.partial(serve, job))
            _write_all(answers, _LENGTH.pack(len(data)) + data)
            if answer[0] == "memory":
                break
    finally:
        os._exit(0)


def _let_go_of_inherited_files(keep: tuple[int, ...]) -> None:
    """Point stdin, stdout and stderr at /dev/null and close every other file the parent had open
    (as `subprocess` does): the parent's client must see its stdout close when the parent ends, a
    sibling worker must not hold this one's pipes, and libcst's "memory allocation failed" is told
    as a diagnostic."""
    null = os.open(os.devnull, os.O_RDWR)
    for descriptor in (0, 1, 2):
        os.dup2(null, descriptor)
    try:
        inherited = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:  # not Linux
        inherited = list(range(3, 256))
    for descriptor in inherited:
        if descriptor > 2 and descriptor not in keep:
            with contextlib.suppress(OSError):
                os.close(descriptor)


def _read_exactly(descriptor: int, size: int) -> Optional[bytes]:
    chunks, wanted = [], size
    while wanted:
        chunk = os.read(descriptor, min(wanted, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        wanted -= len(chunk)
    return b"".join(chunks)


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]
