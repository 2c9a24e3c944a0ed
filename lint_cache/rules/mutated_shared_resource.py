"""STC208 mutated-shared-resource: the app mutates in place an object a cache_resource function returned.

cache_resource (experimental_singleton, st.cache(allow_output_mutation=True)) gives every session
the same object: changing it changes it for every user, from several threads at once. cache_data
returns a copy, so its results are never reported (design §1.7).
"""

from __future__ import annotations

from typing import Iterator

from lint_cache.diagnostics import Finding
from lint_cache.facts import ModuleFacts
from lint_cache.settings import Settings

CODE = "STC208"
NAME = "mutated-shared-resource"
SUMMARY = "The app mutates in place an object that a cache_resource function returned"


def check(facts: ModuleFacts, settings: Settings) -> Iterator[Finding]:
    for mutation in facts.resource_mutations:
        via = f" (in `{mutation.via[0]}()`)" if mutation.via else ""
        yield Finding(
            mutation.node,
            f"{mutation.how}{via} changes the object cached {facts.function_name(mutation.resource)} returned, "
            "which is one object shared by every session and thread: copy it before changing it, keep per-user data in "
            "st.session_state, or guard shared changes with a lock",
        )
