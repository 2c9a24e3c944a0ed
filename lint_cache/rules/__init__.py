"""The rules: one module each, holding the code, the name, a one-line summary and `check`.

`check(facts, settings)` reads the facts of one module and yields findings; it never walks the
tree. The rules are found by walking this package: adding one is a module here, its page and a
case file. The prose and the examples of each rule live in `rules/<CODE>.md` at the top of the
repository (shipped in the wheel), and the tests run them.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Optional

from lint_cache.diagnostics import WARNING, Finding

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


def _rule_modules() -> Iterator[ModuleType]:
    """Every module of this package that defines a rule (a CODE); nothing is registered by hand."""
    for found in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{found.name}")
        if hasattr(module, "CODE"):
            yield module


RULES: tuple[Rule, ...] = tuple(sorted((Rule.from_module(module) for module in _rule_modules()), key=lambda r: r.code))

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
RULES_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}
if len(RULES_BY_CODE) != len(RULES) or len(RULES_BY_NAME) != len(RULES):  # never drop a rule silently
    raise ImportError(f"two rule modules share a code or a name: {sorted(rule.code for rule in RULES)}")
