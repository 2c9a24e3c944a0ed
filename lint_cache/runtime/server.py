"""A Streamlit server process, as far as caching goes: one set of caches shared by its sessions."""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from typing import Any, Callable, Optional, Union

from packaging.version import Version

from lint_cache.runtime.budget import ServerBudget
from lint_cache.runtime.cached_function import CacheDecorator, CacheStore, FunctionStatsTable, legacy_cache_alias
from lint_cache.runtime.caches import CacheRegistry
from lint_cache.runtime.commands import command_table
from lint_cache.runtime.errors import SimulationError
from lint_cache.runtime.inputs import SharedObjects
from lint_cache.runtime.session import Session, running_without_script_run
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
    scope: str = "global"  # "session": one cache per session (1.53)


class Server:
    """`cache_data_budget`: `server.maxCacheDataSize` in bytes (1.67; ignored before), None for none."""

    def __init__(
        self, version: Union[Version, str], clock: Clock = time.monotonic, cache_data_budget: Optional[int] = None
    ) -> None:
        self.release = Release(Version(str(version)))
        if self.release.version < OLDEST_MODELLED:
            raise SimulationError(
                f"Streamlit {version} is older than {OLDEST_MODELLED}, the oldest release the reference runtime models"
            )
        self.clock = clock
        self.widget_rules = rules_for(self.release)
        self.budget = ServerBudget(cache_data_budget) if cache_data_budget and self.release.has_server_budget else None
        self.caches = CacheRegistry(clock, self.widget_rules.keys_results_by_widgets, self.budget)
        self.commands = command_table(self.release)
        self.function_stats = FunctionStatsTable()
        self.shared = SharedObjects()  # cache_resource objects every session gets
        background = Session(self.commands, self.widget_rules, self.release.widget_warning_code, SharedObjects(), True)
        background.name = "background refresh"
        self.cache_store = CacheStore(
            self.caches, self.function_stats, self.release, functools.partial(running_without_script_run, background)
        )
        self.cache_data = CacheDecorator(self.release, self.cache_store, "cache_data", shares_result=False)
        self.cache_resource = CacheDecorator(self.release, self.cache_store, "cache_resource", shares_result=True)

    def new_session(self) -> Session:
        return Session(self.commands, self.widget_rules, self.release.widget_warning_code, self.shared)

    def end_session(self, session: Session) -> None:
        """The browser tab closed: its session-scoped caches are cleared and dropped
        (`AppSession.clear_session_caches`, 1.67.0 app_session.py:368-375)."""
        self.caches.clear_session(session.id)

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
            FunctionReport(
                function.qualname,
                function.line,
                function.body_runs,
                *counts.get(key, [0, 0]),
                function.scope,
            )
            for key, function in self.function_stats.items()
        ]


def legacy_st_cache(*args: Any, **kwargs: Any) -> Callable[..., Any]:
    raise SimulationError("st.cache before Streamlit 1.36 (the legacy cache with its own hashing) is not modelled")
