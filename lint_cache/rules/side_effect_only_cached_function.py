"""STC209 side-effect-only-cached-function: a cached function returns None and works by an effect.

A function that sets attributes of `self`, changes an argument or a module variable and returns
None does that only on a cache miss: on a hit Streamlit hands back the stored None and nothing is
set (design §1.7).
"""

from __future__ import annotations

from typing import Iterator

from lint_cache.diagnostics import Finding
from lint_cache.facts import ModuleFacts
from lint_cache.settings import Settings

CODE = "STC209"
NAME = "side-effect-only-cached-function"
SUMMARY = "A cached function returns None and only sets self, an argument or a module variable"


def check(facts: ModuleFacts, settings: Settings) -> Iterator[Finding]:
    for cached in facts.cached_functions:
        effect = facts.outside_effect(cached)
        if effect is None:
            continue
        line = facts.module.code_for_node(effect.node).strip().splitlines()[0]
        yield Finding(
            cached.cache.node,
            f"cached `{cached.name}()` returns None and {effect.what} (`{line}`): on a cache hit nothing runs, so "
            "nothing is set; return the value and assign it outside the cached function",
        )
