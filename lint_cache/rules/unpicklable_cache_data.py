"""STC206 unpicklable-cache-data: a cache_data function that returns a connection, lock, client or file.

`st.cache_data` stores a pickled copy of the result; these objects cannot be pickled, so every call
raises UnserializableReturnValueError. Shared resources belong in `st.cache_resource`.
"""

from __future__ import annotations

from typing import Iterator

from lint_cache.diagnostics import ERROR, Finding, Fix
from lint_cache.facts import CachedFunction, ModuleFacts
from lint_cache.fixes import edits
from lint_cache.knowledge import resource_types, streamlit_api
from lint_cache.settings import Settings

CODE = "STC206"
NAME = "unpicklable-cache-data"
SUMMARY = "A cache_data function returns a connection, lock, client or open file (use cache_resource)"
SEVERITY = ERROR

# Options cache_resource does not accept: swapping the decorator would break the call.
CACHE_DATA_ONLY_OPTIONS = streamlit_api.options_missing_from("cache_data", "cache_resource")


def check(facts: ModuleFacts, settings: Settings) -> Iterator[Finding]:
    for cached in facts.cached_functions:
        # st.cache too from 1.36, when it is cache_data's alias
        decorator = cached.behaves_as(settings.streamlit_version)
        if not streamlit_api.CACHE_DECORATORS[decorator].pickles_result:
            continue
        for returned in cached.returned_calls:
            if returned.callee is None:
                continue
            what = resource_types.lookup(resource_types.UNPICKLABLE_FACTORIES, returned.callee)
            if what is None:
                continue
            yield Finding(
                returned.call,
                f"cached `{cached.name}()` returns {what} (`{facts.source(returned.call.func)}(...)`), which "
                f"`st.{decorator}` cannot pickle (UnserializableReturnValueError): use "
                "`st.cache_resource` for connections, clients and other shared resources",
                fix=_fix(facts, cached),
            )


def _fix(facts: ModuleFacts, cached: CachedFunction):
    if cached.cache.decorator != "cache_data" or CACHE_DATA_ONLY_OPTIONS & cached.cache.options.keys():
        return None
    if cached.cache.defined_in is not None:
        return None  # the decorator object is made in another module: the fix is there
    return Fix(
        "Replace `st.cache_data` with `st.cache_resource`",
        safe=False,  # callers that mutate the result now share one object
        edits=lambda: edits.replace_decorator(facts, cached.cache, "cache_resource"),
    )
