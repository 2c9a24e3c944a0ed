"""Child processes that never outlive the process that started them.

A CI cancel, `timeout`, an editor or the OOM killer ends lint-cache with SIGTERM or SIGKILL, which
no handler sees. Worker processes must not live on under init, keep rewriting files and keep the
caller's stdout open. On Linux the kernel kills a child when its parent dies (PR_SET_PDEATHSIG);
elsewhere a watchdog thread polls the parent's id. Before writing a file a worker checks that its
parent is still there.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
WATCHDOG_INTERVAL = 0.5  # seconds between two looks at the parent, where the kernel cannot help

_parent_pid: int | None = None


def die_with_parent(parent_pid: int) -> None:
    """Call first thing in a child: end this process as soon as `parent_pid` is gone."""
    global _parent_pid
    _parent_pid = parent_pid
    if not (sys.platform.startswith("linux") and _set_parent_death_signal()):
        threading.Thread(target=_watch, args=(parent_pid,), name="lint-cache-watchdog", daemon=True).start()
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(1)


def parent_alive() -> bool:
    """False in a child whose parent has died (it is about to be killed): it must not write files."""
    return _parent_pid is None or os.getppid() == _parent_pid


def _set_parent_death_signal() -> bool:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent_pid: int) -> None:
    event = threading.Event()
    while not event.wait(WATCHDOG_INTERVAL):
        if os.getppid() != parent_pid:
            os._exit(1)
