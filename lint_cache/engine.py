"""The one entry point both front ends call: `check_source(text, path, settings)`.

source text ─▶ prefilter ─▶ libcst parse ─▶ facts ─▶ rules ─▶ positions ─▶ noqa ─▶ diagnostics
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass
from typing import Optional

import libcst as cst

from lint_cache import positions, prefilter
from lint_cache.diagnostics import Diagnostic, Finding
from lint_cache.facts import ModuleFacts
from lint_cache.rules import RULES, RULES_BY_CODE, Rule, syntax_error
from lint_cache.settings import Settings

# flake8's own pattern for suppression comments: bare, `: STC102`, or `:STC101,STC102`.
_NOQA = re.compile(r"#\s*noqa(?::[\s]?(?P<codes>[A-Z][0-9A-Z]*(?:[,\s]+[A-Z][0-9A-Z]*)*))?", re.IGNORECASE)

# Deeply nested code makes libcst recurse; this is how deep a file may go before we report that it
# cannot be checked instead of crashing.
_RECURSION_LIMIT = 20_000


@dataclass
class LintResult:
    diagnostics: list[Diagnostic]
    module: Optional[cst.Module] = None  # the parsed module the diagnostics' fixes edit


def check_source(text: str, path: str = "<stdin>", settings: Optional[Settings] = None) -> list[Diagnostic]:
    """Lint one file's text. Never raises for any input: an unparsable file gives STC001."""
    return lint_text(text, path, settings).diagnostics


def lint_text(text: str, path: str = "<stdin>", settings: Optional[Settings] = None) -> LintResult:
    """`check_source`, keeping the parsed module for the fixer."""
    settings = settings or Settings()
    if not prefilter.may_cache(text):
        return LintResult([])
    module, diagnostic = _parse(text, path, settings)
    if module is None:
        return LintResult([diagnostic] if diagnostic is not None else [])
    facts = ModuleFacts(module, path, settings)
    findings = [
        (rule, finding)
        for rule in RULES
        if rule.check is not None and settings.selects(rule.code)
        for finding in rule.check(facts, settings)
    ]
    if not findings:
        return LintResult([], module)
    return LintResult(sorted(_diagnostics(findings, module, text, path)), module)


def _parse(text: str, path: str, settings: Settings) -> tuple[Optional[cst.Module], Optional[Diagnostic]]:
    limit = sys.getrecursionlimit()
    try:
        sys.setrecursionlimit(max(limit, _RECURSION_LIMIT))
        return cst.parse_module(text), None
    except cst.ParserSyntaxError as error:
        line, column, reason = _syntax_error_reason(text, error)
        return None, syntax_error_diagnostic(path, line, column, reason, settings)
    except RecursionError:
        return None, syntax_error_diagnostic(path, 1, 1, "the code is nested too deeply", settings)
    finally:
        sys.setrecursionlimit(limit)


def _syntax_error_reason(text: str, error: cst.ParserSyntaxError) -> tuple[int, int, str]:
    """Python's own account of a syntax error (libcst's positions and wording are rougher), or
    libcst's when Python accepts the code (syntax newer than libcst knows)."""
    try:
        ast.parse(text)
    except SyntaxError as python_error:
        line, column = python_error.lineno or 1, python_error.offset or 1
        return line, column, f"{python_error.msg} (line {line}, column {column})"
    except (ValueError, RecursionError, MemoryError):
        pass
    return error.raw_line, error.raw_column + 1, error.message


def syntax_error_diagnostic(path: str, line: int, column: int, reason: str, settings: Settings) -> Optional[Diagnostic]:
    """STC001 at the given place, unless it is not selected."""
    rule = RULES_BY_CODE[syntax_error.CODE]
    if not settings.selects(rule.code):
        return None
    return Diagnostic(
        path, line, column, rule.code, syntax_error.message(reason), line, column, rule.name, rule.severity
    )


def _diagnostics(findings: list[tuple[Rule, Finding]], module: cst.Module, text: str, path: str) -> set[Diagnostic]:
    # Positions cost a code generation over the whole module, so only files with findings pay it.
    places = positions.spans(module, text, (finding.node for _, finding in findings))
    lines = text.splitlines()
    diagnostics = set()
    for rule, finding in findings:
        where = places[finding.node]
        if _suppressed(lines, where.start_line, rule.code):
            continue
        diagnostics.add(
            Diagnostic(
                path=path,
                line=where.start_line,
                column=where.start_column + 1,
                end_line=where.end_line,
                end_column=where.end_column + 1,
                code=rule.code,
                name=rule.name,
                message=finding.message,
                severity=finding.severity or rule.severity,
                fix=finding.fix,
            )
        )
    return diagnostics


def _suppressed(lines: list[str], line: int, code: str) -> bool:
    if line > len(lines) or "noqa" not in lines[line - 1].lower():
        return False
    match = _NOQA.search(lines[line - 1])
    if match is None:
        return False
    codes = match.group("codes")
    if codes is None:
        return True
    return any(code.startswith(listed.upper()) for listed in re.split(r"[,\s]+", codes.strip()) if listed)
