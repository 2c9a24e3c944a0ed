"""STC204 ttl-ignored-with-persist: `cache_data(persist="disk", ttl=...)`.

With disk persistence Streamlit ignores `ttl` and says so only in the server's console log.
"""

from __future__ import annotations

from typing import Iterator

from lint_cache.diagnostics import Finding
from lint_cache.facts import ModuleFacts, literal_value
from lint_cache.knowledge import streamlit_api
from lint_cache.settings import Settings

CODE = "STC204"
NAME = "ttl-ignored-with-persist"
SUMMARY = "ttl on a cache_data function that persists to disk: the ttl is ignored"


def check(facts: ModuleFacts, settings: Settings) -> Iterator[Finding]:
    for cached in facts.cached_functions:
        cache = cached.cache
        # Only decorators that pickle their results can persist them (st.cache from 1.36, as cache_data).
        decorator = streamlit_api.CACHE_DECORATORS[cached.behaves_as(settings.streamlit_version)]
        if not decorator.pickles_result or "ttl" not in cache.options:
            continue
        persist = literal_value(cache.option("persist"), default=None)
        if persist is True or persist == "disk":
            if literal_value(cache.option("ttl"), default=0) is None:
                continue  # ttl=None is the default: nothing is ignored
            yield Finding(
                cache.anchor("ttl"),
                f"`ttl` on cached `{cached.name}()` is ignored because it persists to disk (Streamlit says so only "
                "in the server log): drop `persist` to expire entries, or drop `ttl` and clear the cache yourself",
            )
