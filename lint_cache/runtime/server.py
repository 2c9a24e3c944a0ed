"""A Streamlit server process, as far as caching goes: one set of caches shared by its sessions."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Callable, Union

from packaging.version import Version

from lint_cache.runtime.cached_function import CacheDecorator, CacheStore, FunctionStatsTable, legacy_cache_alias
from lint_cache.runtime.caches import CacheRegistry
from lint_cache.runtime.commands import command_table
from lint_cache.runtime.errors import SimulationError
from lint_cache.runtime.inputs import SharedObjects
from lint_cache.runtime.session import Session
from lint_cache.runtime.store import Clock
from lint_cache.runtime.versions import OLDEST_MODELLED, Release
from lint_cache.runtime.widget_rules import rules_for

MEMO_DEPRECATION = "`st.experimental_memo` is deprecated. Please use the new command `st.cache_data` instead."
SINGLETON_DEPRECATION = (
    "`st.experimental_singleton` is deprecated. Please use the new command `st.cache_resource` instead."
)


@dataclass(frozen=True)
class FunctionReport:
    name: str  # qualified name
    line: int
    body_runs: int
    entries: int  # value-key entries stored now
    results: int  # stored results: more than entries under widget replay


class Server:
    def __init__(self, version: Union[Version, str], clock: Clock = time.monotonic) -> None:
        self.release = Release(Version(str(version)))
        if self.release.version < OLDEST_MODELLED:
            raise SimulationError(
                f"Streamlit {version} is older than {OLDEST_MODELLED}, the oldest release the reference runtime models"
            )
        self.clock = clock
        self.widget_rules = rules_for(self.release)
        self.caches = CacheRegistry(clock, self.widget_rules.keys_results_by_widgets)
        self.commands = command_table(self.release)
        self.function_stats = FunctionStatsTable()
        self.cache_store = CacheStore(self.caches, self.function_stats)
        self.cache_data = CacheDecorator(self.release, self.cache_store, "cache_data", shares_result=False)
        self.cache_resource = CacheDecorator(self.release, self.cache_store, "cache_resource", shares_result=True)
        self.shared = SharedObjects()  # cache_resource objects every session gets

    def new_session(self) -> Session:
        return Session(self.commands, self.widget_rules, self.release.widget_warning_code, self.shared)

    def decorators(self) -> dict[str, Any]:
        """The caching names `streamlit` exports in this release."""
        found: dict[str, Any] = {}
        if self.release.has_cache_data:
            found.update(cache_data=self.cache_data, cache_resource=self.cache_resource)
        if self.release.has_memo_and_singleton:
            deprecated = self.release.has_cache_data  # deprecated from 1.18, when their successors came
            found["experimental_memo"] = CacheDecorator(
                self.release, self.cache_store, "experimental_memo", False, MEMO_DEPRECATION if deprecated else None
            )
            found["experimental_singleton"] = CacheDecorator(
                self.release,
                self.cache_store,
                "experimental_singleton",
                True,
                SINGLETON_DEPRECATION if deprecated else None,
            )
        if self.release.st_cache == "alias":
            found["cache"] = legacy_cache_alias(self.cache_data, self.cache_resource)
        elif self.release.st_cache == "legacy":
            found["cache"] = legacy_st_cache
        return found

    def function_reports(self) -> list[FunctionReport]:
        """One row per function key, in the order the functions were first decorated."""
        counts: dict[str, list[int]] = {}
        for key, cache in self.caches.caches():
            entries = cache.entries()
            totals = counts.setdefault(key, [0, 0])
            totals[0] += len(entries)
            totals[1] += sum(len(entry.results) for entry in entries)
        return [
            FunctionReport(function.qualname, function.line, function.body_runs, *counts.get(key, [0, 0]))
            for key, function in self.function_stats.items()
        ]


def legacy_st_cache(*args: Any, **kwargs: Any) -> Callable[..., Any]:
    raise SimulationError("st.cache before Streamlit 1.36 (the legacy cache with its own hashing) is not modelled")
