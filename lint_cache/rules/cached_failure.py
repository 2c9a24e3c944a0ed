"""STC112 cached-failure: a cached function catches the failure of an I/O call and returns a
fallback.

Streamlit never caches an exception, but it caches whatever the function returns: the fallback of
one transient outage (`[]`, `None`, an empty frame) is served to every run and every session until
the ttl ends, or for ever without one. The I/O calls and their exceptions are data in
`knowledge/failures.py`.
"""

from __future__ import annotations

from typing import Iterator

from lint_cache.diagnostics import Finding
from lint_cache.facts import ModuleFacts
from lint_cache.settings import Settings

CODE = "STC112"
NAME = "cached-failure"
SUMMARY = "A cached function catches an I/O failure and returns a fallback, which is cached like a result"


def check(facts: ModuleFacts, settings: Settings) -> Iterator[Finding]:
    version = settings.streamlit_version
    for cached in facts.cached_functions:
        ttl = cached.cache.option("ttl")
        until = f"until its ttl ({facts.source(ttl)}) ends" if ttl is not None else "until the cache is cleared"
        for caught in cached.caught_failures:
            yield Finding(
                caught.handler,
                f"cached `{cached.name}()` returns a fallback when `{facts.source(caught.io_call.func)}(...)` fails: "
                f"Streamlit caches it like any result, so one outage is served to {cached.served_first(version)} "
                f"{until}; re-raise (no exception is cached) or return the fallback outside the cached function",
            )
