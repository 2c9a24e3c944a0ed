"""The rules: one module each, holding the code, the name, a one-line summary and `check`.

`check(facts, settings)` reads the facts of one module and yields findings; it never walks the
tree. The prose and the examples of each rule live in `rules/<CODE>.md` at the top of the
repository (shipped in the wheel), and the tests run them.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Callable, Iterable, Optional

from lint_cache.diagnostics import WARNING, Finding
from lint_cache.rules import (
    allow_widgets_deprecated,
    allow_widgets_without_widgets,
    argument_blowup,
    cache_option_as_parameter,
    cached_function_in_scope,
    deprecated_memo_singleton,
    deprecated_st_cache,
    misplaced_replay,
    replay_closure_error,
    side_effect_not_replayed,
    syntax_error,
    ttl_ignored_with_persist,
    unbounded_widget_replay,
    unhashable_param,
    unpicklable_cache_data,
    unsupported_widget_in_cache,
    unused_noqa,
    widget_in_cache,
    widget_replay_blowup,
)

if TYPE_CHECKING:
    from lint_cache.facts import ModuleFacts
    from lint_cache.settings import Settings

Check = Callable[["ModuleFacts", "Settings"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    summary: str
    severity: str
    check: Optional[Check]  # None for STC001, which the engine reports when parsing fails

    @classmethod
    def from_module(cls, module: ModuleType) -> Rule:
        return cls(
            code=module.CODE,
            name=module.NAME,
            summary=module.SUMMARY,
            severity=getattr(module, "SEVERITY", WARNING),
            check=getattr(module, "check", None),
        )


RULES: tuple[Rule, ...] = tuple(
    Rule.from_module(module)
    for module in (
        syntax_error,
        unused_noqa,
        unsupported_widget_in_cache,
        widget_in_cache,
        allow_widgets_deprecated,
        allow_widgets_without_widgets,
        side_effect_not_replayed,
        replay_closure_error,
        misplaced_replay,
        deprecated_st_cache,
        deprecated_memo_singleton,
        unhashable_param,
        ttl_ignored_with_persist,
        cached_function_in_scope,
        unpicklable_cache_data,
        cache_option_as_parameter,
        widget_replay_blowup,
        unbounded_widget_replay,
        argument_blowup,
    )
)

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
RULES_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}
