"""Many sessions at once: one computation per value key, per-key (not global) locking, nothing lost."""

from __future__ import annotations

import collections
import threading
import time

import pytest

SESSIONS = 16
KEYS = 8


def run_sessions(model, sessions: int, script) -> list:
    """Run `script(index)` as one script run in each of `sessions` sessions, all started together."""
    start = threading.Barrier(sessions)
    errors = []

    def session_thread(index: int) -> None:
        session = model.server.new_session()
        start.wait()
        outcome = session.run(lambda: script(index))
        if outcome.error is not None:
            errors.append(outcome.error)

    threads = [threading.Thread(target=session_thread, args=(index,)) for index in range(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a session never finished (deadlock?)"
    return errors


@pytest.mark.parametrize("decorator", ["cache_data", "cache_resource"])
def test_overlapping_keys_are_computed_once_each_and_every_caller_gets_the_value(model, decorator):
    m = model("1.67")
    computed = collections.Counter()
    counter_lock = threading.Lock()
    results = collections.defaultdict(list)

    @getattr(m.st, decorator)
    def slow_square(x):
        with counter_lock:
            computed[x] += 1
        time.sleep(0.01)  # keep the computation open while other sessions ask for it
        return x * x

    def script(index):
        for x in range(KEYS):
            x = (x + index) % KEYS  # every session walks all keys, from a different start
            results[x].append(slow_square(x))

    assert run_sessions(m, SESSIONS, script) == []
    assert computed == {x: 1 for x in range(KEYS)}
    assert {x: set(values) for x, values in results.items()} == {x: {x * x} for x in range(KEYS)}
    assert all(len(values) == SESSIONS for values in results.values())
    report = m.report("slow_square")
    assert (report.body_runs, report.entries, report.results) == (KEYS, KEYS, KEYS)


def test_max_entries_holds_under_concurrency(model):
    m = model("1.35")
    computed = collections.Counter()
    counter_lock = threading.Lock()

    @m.st.cache_data(max_entries=3)
    def bounded(x):
        with counter_lock:
            computed[x] += 1
        return x

    def script(index):
        for x in range(KEYS):
            assert bounded(x) == x

    assert run_sessions(m, SESSIONS, script) == []
    report = m.report("bounded")
    assert report.entries == 3
    assert report.body_runs == sum(computed.values()) >= KEYS


def test_different_keys_compute_in_parallel(model):
    m = model("1.67")
    both_inside = threading.Barrier(2, timeout=5)

    @m.st.cache_resource
    def meet(x):
        both_inside.wait()  # only passes if the other key's body runs at the same time
        return x

    assert run_sessions(m, 2, lambda index: meet(index)) == []
    assert m.report("meet").body_runs == 2
