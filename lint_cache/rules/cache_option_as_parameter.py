"""STC207 cache-option-as-parameter: a cached function's parameter named like a decorator option.

`def load(path, ttl=3600)` does not set a ttl: the parameter is an ordinary argument, hashed into
the key, and does nothing for the cache. Seen in real apps.
"""

from __future__ import annotations

from typing import Iterator

import libcst as cst

from lint_cache import streamlit_api
from lint_cache.diagnostics import Finding
from lint_cache.facts import ModuleFacts
from lint_cache.settings import Settings

CODE = "STC207"
NAME = "cache-option-as-parameter"
SUMMARY = "A cached function's parameter is named like a decorator option (ttl, max_entries, ...)"


def check(facts: ModuleFacts, settings: Settings) -> Iterator[Finding]:
    for cached in facts.cached_functions:
        node = cached.node
        if not isinstance(node, cst.FunctionDef):
            continue
        params = (*node.params.posonly_params, *node.params.params, *node.params.kwonly_params)
        for param in params:
            name = param.name.value
            if name in streamlit_api.CACHE_OPTIONS:
                yield Finding(
                    param,
                    f"parameter `{name}` of cached `{cached.name}()` is an ordinary argument, not the cache option: "
                    f"it is hashed into the key and does nothing for the cache; set it on the decorator "
                    f"(`@st.{_modern(cached.cache.decorator)}({name}=...)`) and remove the parameter",
                )


def _modern(decorator: str) -> str:
    return streamlit_api.CACHE_DECORATORS[decorator].replacement or decorator
