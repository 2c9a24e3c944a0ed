"""STC207 cache-option-as-parameter: a cached function's parameter named like a decorator option.

`def load(path, ttl=3600)` does not set a ttl: the parameter is an ordinary argument, hashed into
the key, and does nothing for the cache. Seen in real apps.
"""

from __future__ import annotations

from typing import Iterator

from lint_cache.diagnostics import Finding
from lint_cache.facts import ModuleFacts
from lint_cache.knowledge import streamlit_api
from lint_cache.settings import Settings

CODE = "STC207"
NAME = "cache-option-as-parameter"
SUMMARY = "A cached function's parameter is named like a decorator option (ttl, max_entries, ...)"


def check(facts: ModuleFacts, settings: Settings) -> Iterator[Finding]:
    version = settings.streamlit_version
    for cached in facts.cached_functions:
        decorator = _current(cached.cache.decorator, version)
        for param in cached.parameters:
            name = param.name.value
            option = streamlit_api.CACHE_OPTIONS.get(name)
            if option is None:
                continue
            if option.accepted(decorator, version):
                remedy = f"set it on the decorator (`@st.{decorator}({name}=...)`) and remove the parameter"
            else:
                remedy = f"remove the parameter (`st.{decorator}` has no `{name}` option in Streamlit {version})"
            yield Finding(
                param,
                f"parameter `{name}` of cached `{cached.name}()` is an ordinary argument, not the cache option: "
                f"it is hashed into the key and does nothing for the cache; {remedy}",
            )


def _current(decorator: str, version) -> str:
    """The decorator to advise: the function's own, or its replacement once that exists."""
    info = streamlit_api.CACHE_DECORATORS[decorator]
    if info.replacement is not None and info.deprecated_in is not None and version >= info.deprecated_in:
        return info.replacement
    return decorator
