"""Inputs a cache key does not see, and objects every session shares (design §1.7).

Each session carries its own query parameters, `st.user` and `st.context` (set from the runs
file). While a cached body computes, every read of session state, query parameters, the user or
the context is remembered with the value key it computes. A later hit compares those reads with
the running session's values: a difference means the hit serves a result computed from other
inputs (stale), and per-user data read in another session means one user's result served to
another (a leak). `cache_resource` objects are fingerprinted when handed out and at the end of the
run: a change made in one session and then handed to another is reported too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Optional

MISSING = "<missing>"
PER_USER = frozenset({"user", "experimental_user", "context"})


@dataclass
class RequestInputs:
    """What the browser and the login send with one session's requests."""

    query_params: dict[str, str] = field(default_factory=dict)
    user: dict[str, Any] = field(default_factory=dict)
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Read:
    source: str  # "session_state", "query_params", "user", "context"
    key: str
    value: str  # repr of the value read, or MISSING
    session: str  # the session's name

    def spelled(self) -> str:
        return f"{self.source}.{self.key}"


def stale_reads(
    reads: list[Read], session: str, current_value: Callable[[str, str], str], function: str
) -> Iterator[str]:
    """What a hit of `function` in `session` serves that was computed from other inputs than the
    current ones; `current_value(source, key)` is the repr a read gives in that session now."""
    seen = set()
    for read in reads:
        if read.spelled() in seen:
            continue
        seen.add(read.spelled())
        now = current_value(read.source, read.key)
        if now == read.value:
            continue
        if read.source in PER_USER and read.session != session:
            yield (
                f"leak: {function}() was computed with {read.spelled()}={read.value} for session "
                f"{read.session!r}; session {session!r} ({now}) is served that result"
            )
        else:
            yield f"stale: {function}() was computed with {read.spelled()}={read.value}, now {now}"


def fingerprint(value: Any) -> Optional[str]:
    try:
        return repr(value)
    except Exception:  # noqa: BLE001 - an object whose repr fails cannot be compared
        return None


@dataclass
class HandedOut:
    """A cache_resource object given to a session's run, as it was then."""

    function: str
    value_key: str
    value: Any
    before: Optional[str]


@dataclass
class SharedObjects:
    """cache_resource objects handed out, and which session last changed each (per server)."""

    changed_by: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)
    reported: set[tuple[str, str, str, int]] = field(default_factory=set)

    def changed_elsewhere(self, session: str, function: str, value_key: str) -> Optional[str]:
        """The event to report when `session` is handed an object another session changed, the
        first time it is handed that change."""
        changer = self.changed_by.get((function, value_key))
        if changer is None or changer[0] == session:
            return None
        marker = (function, value_key, session, changer[1])
        if marker in self.reported:
            return None
        self.reported.add(marker)
        return (
            f"shared: the object {function}() returned was changed in session {changer[0]!r} "
            f"(its run {changer[1]}) and session {session!r} gets it changed"
        )

    def end_of_run(self, session: str, run_index: int, handed_out: list[HandedOut]) -> None:
        """Remember which of the objects handed to the run `run_index` of `session` it changed."""
        for handed in handed_out:
            if fingerprint(handed.value) != handed.before:
                self.changed_by[(handed.function, handed.value_key)] = (session, run_index)
