"""STC301 widget-replay-blowup: widget replay stores more results than the limit.

Under widget replay (1.15–1.37 with the opt-in) every combination of the values of the widgets a
cached function runs is another stored result, and `max_entries` / `ttl` count argument entries
only: the combinations inside one entry are unbounded (design §1.4). The seed's "five sliders and
a 100 MB DataFrame", in numbers.
"""

from __future__ import annotations

from typing import Iterator

from lint_cache.blowup.estimator import REPLAY, module_estimates
from lint_cache.diagnostics import Finding
from lint_cache.facts import ModuleFacts
from lint_cache.settings import Settings

CODE = "STC301"
NAME = "widget-replay-blowup"
SUMMARY = "Widget replay stores more combinations of widget values than the limit"


def check(facts: ModuleFacts, settings: Settings) -> Iterator[Finding]:
    for estimate in module_estimates(facts):
        replay = estimate.replay
        if estimate.semantics != REPLAY or replay.unbounded or not replay.exceeds(settings.max_estimated_entries):
            continue  # an unbounded widget is STC302's
        factors = " × ".join(factor.describe() for factor in estimate.replay_factors)
        memory = estimate.memory()
        notes = [
            "widget replay keys are not bounded by max_entries",
            *(["some widgets run only in some branches"] if replay.upper_bound else []),
            *([f"about {memory}"] if memory else []),
        ]
        yield Finding(
            estimate.cached.cache.node,
            f"`{estimate.cached.name}()` stores {replay.text()} results per argument set: {factors} "
            f"({'; '.join(notes)}); move the widgets out and pass their values as arguments",
        )
