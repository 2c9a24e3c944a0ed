"""STC303 argument-blowup: widget values passed as arguments give more cache entries than the limit.

Every combination of widget values reaching a cached function's hashed parameters is another
entry; without `max_entries` (or `max_size` from 1.67) nothing evicts them (design §1.4).
"""

from __future__ import annotations

from typing import Iterator

from lint_cache.blowup.estimator import FunctionEstimate, module_estimates
from lint_cache.diagnostics import Finding
from lint_cache.facts import ModuleFacts, literal_value
from lint_cache.knowledge import streamlit_api
from lint_cache.settings import Settings

CODE = "STC303"
NAME = "argument-blowup"
SUMMARY = "Widget values passed as arguments give more entries than the limit, and nothing bounds the cache"


def check(facts: ModuleFacts, settings: Settings) -> Iterator[Finding]:
    for estimate in module_estimates(facts):
        if estimate.bound is not None or not estimate.arguments.exceeds(settings.max_estimated_entries):
            continue
        if estimate.tiny_entries:
            continue  # None, booleans, numbers, short strings: many entries, little memory
        described = (
            f"`{facts.source(site.call)}` passes {' × '.join(factor.describe() for factor in factors)}"
            for site, factors in estimate.call_sites
        )
        sites = "; ".join(dict.fromkeys(described))  # the same call written twice is named once
        memory = estimate.memory()
        size = f" (about {memory})" if memory else ""
        entries = "an unbounded number of" if estimate.arguments.unbounded else estimate.arguments.text()
        # A function of another module is reported at its first call here, counting these calls only.
        where = f" in {facts.module_name(estimate.defined_in)}" if estimate.defined_in is not None else ""
        calls = " from the calls here" if where else ""
        # scope="session" (1.53): a cache of its own for each session, dropped when the session ends.
        per_session = (
            " per session (freed when the session ends)"
            if estimate.cached.session_scoped(settings.streamlit_version)
            else ""
        )
        yield Finding(
            estimate.place,
            f"`{estimate.cached.name}()`{where} can store {entries} entries{per_session}{size}{calls}: {sites}"
            f"{_ttl_note(facts, estimate.cached, settings)}; bound the cache with max_entries"
            f"{_bound_where(facts, estimate)}",
        )


def _bound_where(facts: ModuleFacts, estimate: FunctionEstimate) -> str:
    """Where max_entries goes: where a decorator object of another module is configured
    (`cached = st.cache_data(ttl=600)` in lib/caching.py), else in the function's own module."""
    configured_in = estimate.cached.cache.defined_in
    if configured_in is not None and configured_in != facts.scan.path:
        return f" in {facts.module_name(configured_in)}, where its decorator is configured"
    return f" in {facts.module_name(estimate.defined_in)}" if estimate.defined_in is not None else ""


def _ttl_note(facts: ModuleFacts, cached, settings: Settings) -> str:
    """What a ttl does bound: the entries written within one ttl window, however many that is."""
    ttl = cached.cache.option("ttl")
    if ttl is None or settings.streamlit_version < streamlit_api.TTL_EXPIRES_ON_WRITE:
        return ""
    if literal_value(ttl, default=0) is None:
        return ""  # ttl=None: no ttl at all
    return (
        f" (ttl={facts.source(ttl)} bounds the entries to those written within one ttl window, "
        "not how many one window holds)"
    )
