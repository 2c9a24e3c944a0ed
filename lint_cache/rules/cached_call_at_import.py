"""STC213 cached-call-at-import: a module the app imports calls a cached function at its top level
and keeps the result in a module variable.

An imported module runs once per process (design §1.11): the call happens once, when the first
session imports the module, and the variable keeps that result for every session. The cache's
ttl, max_entries and `.clear()` never reach the variable, and a failed or empty first result is
kept until the server restarts. Not reported: calls under `if __name__ == "__main__":`, and a
resource (a shared object, a connection, a client) that nothing expires (no ttl, no max_entries),
which the import keeps as the cache would.
"""

from __future__ import annotations

from typing import Iterator

from lint_cache.diagnostics import Finding
from lint_cache.facts import CachedFunction, ModuleFacts
from lint_cache.knowledge import resource_types
from lint_cache.settings import Settings

CODE = "STC213"
NAME = "cached-call-at-import"
SUMMARY = "A module the app imports keeps the result of a cached function call made at its top level"


def check(facts: ModuleFacts, settings: Settings) -> Iterator[Finding]:
    kept = facts.kept_cached_results
    if not kept or facts.reruns:
        return  # the entry script and pages call it again on every run
    version = settings.streamlit_version
    for result in kept:
        cache = result.function.cache
        called = CachedFunction(result.function, [])
        resource = called.shares_result(version) or any(
            resource_types.lookup(resource_types.UNPICKLABLE_FACTORIES, returned.callee)
            for returned in called.returned_calls
            if returned.callee is not None
        )
        if resource and not {"ttl", "max_entries"} & cache.options.keys():
            continue  # one resource for the process, which nothing expires: what the import keeps anyway
        name = result.function.name
        ttl = " its ttl," if "ttl" in result.function.cache.options else ""
        yield Finding(
            result.call,
            f"`{facts.source(result.target)} = {name}(...)` runs once per process: this module is imported, "
            f"so the first result stays in `{facts.source(result.target)}` for every session, and{ttl} "
            f"max_entries and `{name}.clear()` never reach it; call `{name}()` where the value is used",
        )
