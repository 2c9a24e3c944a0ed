"""The rules: one module each, holding the code, the name, a one-line summary and `check`.

`check(facts, settings)` reads the facts of one module and yields findings; it never walks the
tree. The rules are found by walking this package: adding one is a module here, its page and a
case file. The prose and the examples of each rule live in `rules/<CODE>.md` at the top of the
repository (shipped in the wheel), and the tests run them.

Every command needs the rules' codes and names (to check `--select`, to read the result cache, to
print a report), but only a file that is parsed needs their checks, and importing a rule imports
the facts and libcst (0.1 s). So the metadata is read from each module's source, where it is
written as plain assignments, and the module itself is imported the first time its check runs.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Optional

from lint_cache.diagnostics import ERROR, WARNING, Finding

if TYPE_CHECKING:
    from lint_cache.facts import ModuleFacts
    from lint_cache.settings import Settings

Check = Callable[["ModuleFacts", "Settings"], Iterable[Finding]]

_METADATA = ("CODE", "NAME", "SUMMARY", "SEVERITY")
_SEVERITY_NAMES = {"ERROR": ERROR, "WARNING": WARNING}  # `SEVERITY = ERROR`, from lint_cache.diagnostics


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    summary: str
    severity: str
    module: str  # where `check` is; STC001 has none: the engine reports it when parsing fails

    @cached_property
    def check(self) -> Optional[Check]:
        return getattr(importlib.import_module(self.module), "check", None)


def metadata_in(source: bytes) -> Optional[dict[str, str]]:
    """CODE, NAME, SUMMARY and SEVERITY as a rule module assigns them at its top level, or None when
    the module is no rule or writes them in a way that needs running it."""
    # They come before the first function; parsing only that much takes a fifth of the time. A cut
    # inside a string does not parse, and then the whole module is read.
    first_function = re.search(rb"^(def|class|@)", source, re.MULTILINE)
    if first_function is not None:
        try:
            found = _assigned(source[: first_function.start()])
        except SyntaxError:
            found = None
        if found is not None:
            return found
    return _assigned(source)


def _assigned(source: bytes) -> Optional[dict[str, str]]:
    found: dict[str, str] = {}
    for statement in ast.parse(source).body:
        if not (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
            and statement.targets[0].id in _METADATA
        ):
            continue
        value = statement.value
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            found[statement.targets[0].id] = value.value
        elif isinstance(value, ast.Name) and value.id in _SEVERITY_NAMES:
            found[statement.targets[0].id] = _SEVERITY_NAMES[value.id]
        else:
            return None
    if not {"CODE", "NAME", "SUMMARY"} <= found.keys():
        return None
    return found


def _rule(name: str) -> Optional[Rule]:
    """The rule in module `name` of this package, if it is one; read from its source, or, where
    the source is not at hand, from the imported module."""
    module = f"{__name__}.{name}"
    try:
        metadata = metadata_in((Path(__file__).parent / f"{name}.py").read_bytes())
    except (OSError, SyntaxError, ValueError):
        metadata = None
    if metadata is None:
        imported = importlib.import_module(module)
        if not hasattr(imported, "CODE"):
            return None
        metadata = {key: getattr(imported, key) for key in _METADATA if hasattr(imported, key)}
    return Rule(
        code=metadata["CODE"],
        name=metadata["NAME"],
        summary=metadata["SUMMARY"],
        severity=metadata.get("SEVERITY", WARNING),
        module=module,
    )


def _rules() -> Iterator[Rule]:
    """Every module of this package that defines a rule (a CODE); nothing is registered by hand."""
    for found in pkgutil.iter_modules(__path__):
        rule = _rule(found.name)
        if rule is not None:
            yield rule


RULES: tuple[Rule, ...] = tuple(sorted(_rules(), key=lambda r: r.code))

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
RULES_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}
if len(RULES_BY_CODE) != len(RULES) or len(RULES_BY_NAME) != len(RULES):  # never drop a rule silently
    raise ImportError(f"two rule modules share a code or a name: {sorted(rule.code for rule in RULES)}")
