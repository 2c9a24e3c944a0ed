"""The per-function store: LRU eviction where reads refresh recency, and a ttl from the last write."""

from __future__ import annotations

import pytest

from lint_cache.runtime.store import LruTtlStore


def keys(store: LruTtlStore) -> list[str]:
    return [key for key, _ in store.live_items()]


def test_the_least_recently_written_entry_is_evicted(clock):
    store = LruTtlStore(clock, max_entries=2)
    for key in "abc":
        store.set(key, key.upper())
    assert keys(store) == ["b", "c"]


def test_reads_refresh_recency(clock):
    store = LruTtlStore(clock, max_entries=2)
    store.set("a", 1)
    store.set("b", 2)
    assert store.get("a") == 1
    store.set("c", 3)
    assert keys(store) == ["a", "c"]


def test_rewriting_a_key_neither_evicts_nor_duplicates(clock):
    store = LruTtlStore(clock, max_entries=2)
    store.set("a", 1)
    store.set("b", 2)
    store.set("a", 10)
    assert keys(store) == ["b", "a"]
    assert store.get("a") == 10


def test_ttl_counts_from_the_last_write_not_from_reads(clock):
    store = LruTtlStore(clock, ttl=10)
    store.set("a", 1)
    clock.advance(9)
    assert store.get("a") == 1
    clock.advance(1)
    assert keys(store) == []
    with pytest.raises(KeyError):
        store.get("a")


def test_a_rewrite_restarts_the_ttl(clock):
    store = LruTtlStore(clock, ttl=10)
    store.set("a", 1)
    clock.advance(8)
    store.set("a", 2)
    clock.advance(8)
    assert store.get("a") == 2


def test_expired_entries_are_dropped_before_anything_is_evicted(clock):
    store = LruTtlStore(clock, max_entries=2, ttl=10)
    store.set("old", 1)
    clock.advance(5)
    store.set("young", 2)
    clock.advance(6)
    store.set("new", 3)
    assert keys(store) == ["young", "new"]


def test_on_release_sees_evicted_expired_and_cleared_values_only(clock):
    released = []
    store = LruTtlStore(clock, max_entries=1, ttl=10, on_release=released.append)
    store.set("a", "first")
    store.set("a", "replaced")  # a rewrite is not a release
    store.set("b", "second")  # evicts a
    clock.advance(10)
    store.expire()  # b expires
    store.set("c", "third")
    store.delete("c")  # a delete is not a release either
    store.set("d", "fourth")
    store.clear()
    assert released == ["replaced", "second", "fourth"]
