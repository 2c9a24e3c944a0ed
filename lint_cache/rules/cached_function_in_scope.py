"""STC205 cached-function-in-scope: a cached function defined inside another function or a loop.

The function key is module + qualified name + source (§1.4): every definition shares one cache,
and the variables it reads from the enclosing function or loop are in no key, so results go stale.
"""

from __future__ import annotations

from typing import Iterator

from lint_cache.diagnostics import Finding
from lint_cache.facts import ModuleFacts
from lint_cache.settings import Settings

CODE = "STC205"
NAME = "cached-function-in-scope"
SUMMARY = "A cached function defined inside another function or a loop"


def check(facts: ModuleFacts, settings: Settings) -> Iterator[Finding]:
    for cached in facts.cached_functions:
        enclosing = cached.function.enclosing
        if "function" not in enclosing and "loop" not in enclosing:
            continue
        if "function" in enclosing:
            outer = cached.function.qualname.rsplit(".<locals>.", 1)[0].replace(".<locals>", "")
            place = f"inside `{outer}()`"
        else:
            place = "inside a loop"
        closures = cached.closure_reads
        if closures:
            names = ", ".join(f"`{name}`" for name in closures)
            problem = f"it reads {names} from around it, which no cache key includes, so results go stale"
        else:
            problem = "every definition shares one cache"
        yield Finding(
            cached.cache.node,
            f"cached `{cached.name}()` is defined {place}: {problem}; define it at module level and pass "
            "what it needs as arguments",
        )
