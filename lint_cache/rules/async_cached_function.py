"""STC211 async-cached-function: a cached `async def` before 1.64, a cached async generator
function, or a sync cached function that returns an awaitable it made.

Before 1.64 the cache stores the coroutine object the call returns: cache_data cannot pickle it,
and cache_resource hands out one coroutine that fails when it is awaited a second time. From 1.64
the awaited value is cached, but an async generator is refused at decoration (before, the generator
object was cached); and from 1.65 a sync function returning an awaitable raises
CachedFunctionReturnedAwaitableError (design §1.10; 1.64.0 and 1.65.0 runtime/caching/).
`refresh_mode="background"` on an `async def` is STC210's.
"""

from __future__ import annotations

from typing import Iterator

from lint_cache.diagnostics import ERROR, Finding
from lint_cache.facts import ModuleFacts
from lint_cache.knowledge import streamlit_api
from lint_cache.settings import Settings

CODE = "STC211"
NAME = "async-cached-function"
SUMMARY = "A cached async function before 1.64, a cached async generator, or a sync one returning an awaitable"
SEVERITY = ERROR

SUPPORTED = streamlit_api.ASYNC_CACHED_FUNCTIONS


def check(facts: ModuleFacts, settings: Settings) -> Iterator[Finding]:
    version = settings.streamlit_version
    for cached in facts.cached_functions:
        where = f"cached `{cached.name}()`"
        if cached.is_async_generator:
            when = (
                "Streamlit refuses it when the function is decorated"
                if version >= SUPPORTED
                else f"the cache stores the generator object, which is spent after one pass (refused from {SUPPORTED})"
            )
            yield Finding(
                cached.node.name,
                f"{where} is an async generator function: {when}; collect the items in an `async def` and "
                "return them as a list",
            )
        elif cached.is_async and version < SUPPORTED:
            pickles = streamlit_api.CACHE_DECORATORS[cached.behaves_as(version)].pickles_result
            stored = (
                "a coroutine object, which it cannot pickle (an error on the first call)"
                if pickles
                else "a coroutine object, which can be awaited once and then fails for every later caller"
            )
            yield Finding(
                cached.node.name,
                f"{where} is an `async def`: before Streamlit {SUPPORTED} the cache stores {stored}; "
                f"cache a sync function that runs the coroutine (asyncio.run), or deploy Streamlit {SUPPORTED}",
            )
        elif cached.returned_awaitable is not None:
            raises = streamlit_api.RETURNED_AWAITABLE_RAISES
            happens = (
                "Streamlit raises CachedFunctionReturnedAwaitableError"
                if version >= raises
                else f"the cache stores the awaitable, which can be awaited once (an error from {raises})"
            )
            yield Finding(
                cached.node.name,
                f"{where} returns `{facts.source(cached.returned_awaitable)}` unawaited: {happens}; "
                + (
                    "make it an `async def` that awaits the call"
                    if version >= SUPPORTED
                    else "return the awaited value"
                ),
            )
