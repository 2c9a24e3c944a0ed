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
from typing import TYPE_CHECKING, Any, Iterator, Optional

if TYPE_CHECKING:
    from lint_cache.runtime.session import ScriptRun, Session

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


def current_value(session: Session, source: str, key: str) -> str:
    """The repr of what a read of `source.key` gives in `session` now, without recording it."""
    try:
        if source == "session_state":
            return repr(session.state.get_item(key))
        mapping = {"query_params": session.request.query_params, "context": session.request.context}.get(
            source, session.request.user
        )
        return repr(mapping[key]) if key in mapping else MISSING
    except KeyError:
        return MISSING


def record_read(run: ScriptRun, source: str, key: str) -> None:
    """Remember a read made while cached bodies compute (every nesting level reads it)."""
    if not run.captures:
        return
    read = Read(source, key, current_value(run.session, source, key), run.session.name)
    for capture in run.captures:
        capture.reads.append(read)


def stale_reads(reads: list[Read], run: ScriptRun, function: str) -> Iterator[str]:
    """What a hit of `function` serves that was computed from other inputs than the current ones."""
    seen = set()
    for read in reads:
        if read.spelled() in seen:
            continue
        seen.add(read.spelled())
        now = current_value(run.session, read.source, read.key)
        if now == read.value:
            continue
        if read.source in PER_USER and read.session != run.session.name:
            yield (
                f"leak: {function}() was computed with {read.spelled()}={read.value} for session "
                f"{read.session!r}; session {run.session.name!r} ({now}) is served that result"
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

    def handed_out(self, run: ScriptRun, function: str, value_key: str, value: Any) -> None:
        changer = self.changed_by.get((function, value_key))
        session = run.session
        if changer is not None and changer[0] != session.name:
            marker = (function, value_key, session.name, changer[1])
            if marker not in self.reported:
                self.reported.add(marker)
                session.events.append(
                    f"shared: the object {function}() returned was changed in session {changer[0]!r} "
                    f"(its run {changer[1]}) and session {session.name!r} gets it changed"
                )
        session.handed_out.append(HandedOut(function, value_key, value, fingerprint(value)))

    def end_of_run(self, session: Session, run_index: int) -> None:
        for handed in session.handed_out:
            if fingerprint(handed.value) != handed.before:
                self.changed_by[(handed.function, handed.value_key)] = (session.name, run_index)
        session.handed_out = []
