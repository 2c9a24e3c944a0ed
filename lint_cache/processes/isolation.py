"""Running work that no check can bound in a child process, with a memory and a time limit.

libcst needs 700 to 1,500 times a file's size in memory, and when an allocation fails it aborts
the whole process (exit 134): every other file's findings would be lost, and a flake8 worker that
dies that way hangs flake8. Large files are therefore parsed in a forked child whose address space
is limited (`resource.setrlimit(RLIMIT_AS)`) and which is killed after a time limit; its failure
is that one file's STC001. Where there is no `fork` (Windows) the work runs in place, unlimited.

Limits: LINT_CACHE_MAX_MEMORY (a size such as 2GiB, default 4GiB above what the process already
uses) and LINT_CACHE_MAX_SECONDS (default 300), read from the environment.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import time
import traceback
from typing import Callable, Optional, TypeVar

from lint_cache import byte_sizes
from lint_cache.processes import workers

Result = TypeVar("Result")

DEFAULT_MEMORY = 4 * 1024**3
DEFAULT_SECONDS = 300.0
# Above this many characters a file is parsed in a child process; below, libcst needs at most a
# few hundred megabytes and a fork would cost more than it protects.
ISOLATE_ABOVE = 256_000


class IsolatedFailure(Exception):
    """The child could not finish: the message says why (memory, time, a crash)."""


class IsolatedError(Exception):
    """The work raised in the child; the message is the child's traceback."""


_inside_child = False


def available() -> bool:
    """Whether work can be isolated here: not without fork, and not again inside a child."""
    return hasattr(os, "fork") and not _inside_child


def memory_limit() -> int:
    """Bytes the child may allocate beyond what it starts with."""
    given = os.environ.get("LINT_CACHE_MAX_MEMORY")
    if given:
        try:
            return max(byte_sizes.parse_size(given), 1)
        except ValueError:
            pass  # a bad value falls back on the default: it must not stop a lint run
    return DEFAULT_MEMORY


def time_limit() -> float:
    given = os.environ.get("LINT_CACHE_MAX_SECONDS")
    if given:
        try:
            seconds = float(given)
            if seconds > 0 and seconds == seconds:  # not NaN
                return seconds
        except ValueError:
            pass
    return DEFAULT_SECONDS


def run_isolated(function: Callable[[], Result]) -> Result:
    """`function()` in a forked child; its value (it must pickle) is returned here. Raises
    IsolatedFailure when the child runs out of memory or time or dies, IsolatedError when
    `function` raised."""
    if not available():
        return function()
    parent = os.getpid()
    budget, seconds = effective_budget(memory_limit()), time_limit()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _child(function, parent, budget, write_end)
    os.close(write_end)
    try:
        data, finished = _collect(read_end, time.monotonic() + seconds)
    finally:
        os.close(read_end)
    if not finished:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    if not finished:
        raise IsolatedFailure(f"checking it took longer than {seconds:g} s (LINT_CACHE_MAX_SECONDS)")
    try:
        kind, value = pickle.loads(data)
    except Exception:  # the child died before it could answer
        raise IsolatedFailure(death(status, budget)) from None
    if kind == "memory":
        raise IsolatedFailure(out_of_memory(budget))
    if kind == "raised":
        raise IsolatedError(value)
    return value


def enter_child() -> None:
    """Call in a child that is itself the isolation: work in it is not isolated again."""
    global _inside_child
    _inside_child = True


def _child(function: Callable[[], object], parent: int, budget: int, write_end: int) -> None:
    enter_child()
    try:
        workers.die_with_parent(parent)
        _silence_stderr()  # libcst's "memory allocation failed" is told as the file's STC001
        limit_memory(budget)
        _, data = pickled_answer(function)
        view = memoryview(data)
        while view:
            view = view[os.write(write_end, view) :]
    finally:
        os._exit(0)


def pickled_answer(function: Callable[[], object]) -> tuple[tuple, bytes]:
    """Run `function` in a child: ("value", result), ("memory", None) when memory ran out (also
    while pickling the result) or ("raised", the traceback), and that answer pickled."""
    try:
        answer: tuple = ("value", function())
    except MemoryError:
        answer = ("memory", None)
    except BaseException:
        answer = ("raised", traceback.format_exc())
    try:
        return answer, pickle.dumps(answer)
    except MemoryError:
        return ("memory", None), pickle.dumps(("memory", None))


def _silence_stderr() -> None:
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)
    os.close(null)


def effective_budget(budget: int) -> int:
    """`budget`, or less when this process's own limit (set by the caller: `ulimit -v`) leaves less."""
    try:
        import resource
    except ImportError:
        return budget
    in_use = _address_space_in_use()
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    if in_use is None or soft == resource.RLIM_INFINITY:
        return budget
    return max(min(budget, soft - in_use), 0)


def limit_memory(budget: int) -> None:
    """Limit this process's address space to what it uses now plus `budget` bytes (Linux)."""
    try:
        import resource
    except ImportError:
        return
    in_use = _address_space_in_use()
    if in_use is None:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = in_use + budget
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft != resource.RLIM_INFINITY:
        wanted = min(wanted, soft)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


# An allocation fails when it would pass the limit: the address space then stands within one
# allocation of it (the parser's are an arena at most, a megabyte or less).
_EXHAUSTED_WITHIN = 16 * 1024**2


def address_space_exhausted() -> bool:
    """Whether this process's address space has reached its limit (RLIMIT_AS) at its peak: a
    MemoryError is then the limit's, not Python's parser refusing deep code (which raises
    MemoryError too). Linux; False elsewhere."""
    try:
        import resource
    except ImportError:
        return False
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    peak = _address_space_peak()
    return soft != resource.RLIM_INFINITY and peak is not None and peak >= soft - _EXHAUSTED_WITHIN


def _address_space_peak() -> Optional[int]:
    try:
        with open("/proc/self/status", encoding="ascii") as stream:
            for line in stream:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024  # in kB
    except (OSError, ValueError, IndexError):
        pass
    return None


def _address_space_in_use() -> Optional[int]:
    try:
        with open("/proc/self/statm", encoding="ascii") as stream:
            return int(stream.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None  # not Linux: RLIMIT_AS is not enforced there anyway


def _collect(read_end: int, deadline: float) -> tuple[bytes, bool]:
    """Everything the child writes, and whether it closed its end before the deadline."""
    chunks = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return b"", False
        ready, _, _ = select.select([read_end], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(read_end, 1 << 20)
        if not chunk:
            return b"".join(chunks), True
        chunks.append(chunk)


def out_of_memory(budget: int) -> str:
    return f"checking it needs more than {byte_sizes.format_size(budget)} of memory (LINT_CACHE_MAX_MEMORY)"


def death(status: int, budget: int) -> str:
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        if number in (signal.SIGABRT, signal.SIGSEGV, signal.SIGKILL):
            # libcst aborts when an allocation fails; the OOM killer sends SIGKILL
            return out_of_memory(budget) + f" (the parser was killed by {signal.Signals(number).name})"
        return f"the parser was killed by signal {number}"
    return f"the parser stopped with exit status {os.WEXITSTATUS(status)}"
