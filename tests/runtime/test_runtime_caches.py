"""cache_data vs cache_resource, LRU and ttl through the decorators, validate, clear, persist, scope."""

from __future__ import annotations

import threading

import pytest

from lint_cache.runtime import UnserializableReturnValueError


def test_cache_data_hands_out_copies_and_cache_resource_one_shared_object(model):
    m = model("1.35")
    st = m.st

    @st.cache_data
    def data():
        return [1]

    @st.cache_resource
    def shared():
        return [1]

    seen = []

    def script():
        data().append(2)
        shared().append(2)
        seen.append((data(), shared()))

    m.run(script)
    m.run(script)
    assert [copy for copy, _ in seen] == [[1], [1]]
    assert seen[0][1] is seen[1][1]
    assert seen[1][1] == [1, 2, 2]
    assert (m.report("data").body_runs, m.report("shared").body_runs) == (1, 1)


def test_an_unpicklable_cache_data_result_raises_and_stores_nothing(model):
    m = model("1.67")

    @m.st.cache_data
    def make_lock():
        return threading.Lock()

    for _ in range(2):
        with pytest.raises(UnserializableReturnValueError):
            m.run(make_lock)
    report = m.report("make_lock")
    assert (report.body_runs, report.entries) == (2, 0)


def test_max_entries_evicts_the_least_recently_used_value_key(model):
    m = model("1.67")
    calls = []

    @m.st.cache_data(max_entries=2)
    def double(x):
        calls.append(x)
        return 2 * x

    for arguments in ([1, 2], [1], [3], [1, 2]):
        m.run(lambda arguments=arguments: [double(x) for x in arguments])
    assert calls == [1, 2, 3, 2]  # reading 1 kept it; 2 was the least recently used
    assert m.report("double").entries == 2


def test_ttl_counts_from_the_last_write(model, clock):
    m = model("1.35", clock)
    calls = []

    @m.st.cache_resource(ttl="1m")
    def load():
        calls.append(clock())
        return "value"

    m.run(load)
    clock.advance(59)
    m.run(load)
    clock.advance(1)
    assert m.report("load").entries == 0
    m.run(load)
    assert calls == [1000.0, 1060.0]


def test_persisted_cache_data_ignores_ttl_and_max_entries(model, clock):
    m = model("1.35", clock)
    calls = []

    @m.st.cache_data(persist="disk", ttl=1, max_entries=1)
    def load(x):
        calls.append(x)
        return x

    m.run(lambda: (load(1), load(2)))
    clock.advance(10)
    m.run(lambda: (load(1), load(2)))
    assert calls == [1, 2]
    assert m.report("load").entries == 2


def test_a_failed_validate_recomputes(model):
    m = model("1.67")
    healthy = {"now": True}

    @m.st.cache_resource(validate=lambda resource: healthy["now"])
    def connect():
        return object()

    got = []
    m.run(lambda: got.append(connect()))
    m.run(lambda: got.append(connect()))
    healthy["now"] = False
    m.run(lambda: got.append(connect()))
    assert got[0] is got[1]
    assert got[2] is not got[1]
    assert m.report("connect").body_runs == 2


@pytest.mark.parametrize(("version", "entries", "results"), [("1.35", 1, 0), ("1.67", 0, 0)])
def test_a_failed_validate_keeps_the_value_key_entry_up_to_1_37(model, version, entries, results):
    m = model(version)
    healthy = {"now": True}

    @m.st.cache_resource(validate=lambda resource: healthy["now"])
    def connect():
        if not healthy["now"]:
            raise ConnectionError("down")
        return object()

    m.run(connect)
    healthy["now"] = False
    with pytest.raises(ConnectionError):
        m.run(connect)
    # 1.15-1.37 delete the result inside the entry (MultiCacheResults); later releases the entry.
    report = m.report("connect")
    assert (report.entries, report.results) == (entries, results)


def test_clear_drops_one_value_key_or_all(model):
    m = model("1.67")
    calls = []

    @m.st.cache_data
    def square(x):
        calls.append(x)
        return x * x

    m.run(lambda: (square(1), square(2)))
    m.run(lambda: square.clear(1))
    m.run(lambda: (square(1), square(2)))
    assert calls == [1, 2, 1]
    m.run(square.clear)
    m.run(lambda: (square(1), square(2)))
    assert calls == [1, 2, 1, 1, 2]


def test_st_cache_data_clear_leaves_resources_alone(model):
    m = model("1.67")
    calls = []

    @m.st.cache_data
    def data():
        calls.append("data")

    @m.st.cache_resource
    def resource():
        calls.append("resource")

    m.run(lambda: (data(), resource()))
    m.run(m.st.cache_data.clear)
    m.run(lambda: (data(), resource()))
    assert calls == ["data", "resource", "data"]


def test_decorating_with_other_ttl_or_max_entries_replaces_the_cache(model):
    m = model("1.35")
    calls = []

    def define(max_entries):
        @m.st.cache_data(max_entries=max_entries)
        def load():
            calls.append(max_entries)

        return load

    m.run(lambda: define(5)())
    m.run(lambda: define(5)())
    m.run(lambda: define(6)())
    assert calls == [5, 6]


def test_session_scope_gives_each_session_its_own_cache(model):
    m = model("1.67")
    calls = []

    @m.st.cache_data(scope="session")
    def per_session():
        calls.append("session")

    @m.st.cache_data
    def global_():
        calls.append("global")

    other = m.server.new_session()
    for session in (m.session, other, m.session):
        session.run(lambda: (per_session(), global_()))
    assert sorted(calls) == ["global", "session", "session"]


def test_on_release_sees_evicted_resources(model):
    m = model("1.67")
    released = []

    @m.st.cache_resource(max_entries=1, on_release=released.append)
    def resource(x):
        return f"resource {x}"

    m.run(lambda: (resource(1), resource(2)))
    assert released == ["resource 1"]


@pytest.mark.parametrize(
    ("version", "option", "accepted"),
    [("1.23", "hash_funcs", False), ("1.24", "hash_funcs", True), ("1.52", "scope", False), ("1.53", "scope", True)],
)
def test_decorator_options_follow_the_release(model, version, option, accepted):
    m = model(version)
    decorate = lambda: m.st.cache_data(**{option: {"scope": "global"}.get(option)})  # noqa: E731
    if accepted:
        decorate()
    else:
        with pytest.raises(TypeError, match=f"unexpected keyword argument '{option}'"):
            decorate()
