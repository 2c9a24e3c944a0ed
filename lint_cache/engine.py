"""The one entry point both front ends call: `check_source(text, path, settings)`.

source text ─▶ prefilter ─▶ libcst parse ─▶ facts ─▶ rules ─▶ positions ─▶ noqa ─▶ diagnostics
"""

from __future__ import annotations

import ast
import contextlib
import re
import warnings
from dataclasses import dataclass, replace
from typing import Optional

import libcst as cst

from lint_cache import deep, guards, isolation, joined_strings, positions, prefilter
from lint_cache.diagnostics import SAFE, UNSAFE, Diagnostic, Finding
from lint_cache.facts import ModuleFacts
from lint_cache.rules import RULES, RULES_BY_CODE, Rule, syntax_error
from lint_cache.settings import Settings

# flake8's own pattern for suppression comments: bare, `: STC102`, or `:STC101,STC102`.
_NOQA = re.compile(r"#\s*noqa(?::[\s]?(?P<codes>[A-Z][0-9A-Z]*(?:[,\s]+[A-Z][0-9A-Z]*)*))?", re.IGNORECASE)

# A comment line of its own that silences the whole file: `# lint-cache: noqa`, or only some codes with
# `# lint-cache: noqa: STC101,STC2`. Like flake8's own file-level comment, it is matched line by
# line without tokenizing, so the whole line must be the comment.
_FILE_NOQA = re.compile(
    r"^[ \t]*#[ \t]*lint-cache:[ \t]*noqa"
    r"(?::[ \t]*(?P<codes>[A-Z][0-9A-Z]*(?:[ \t]*,[ \t]*[A-Z][0-9A-Z]*)*))?[ \t]*\r?$",
    re.IGNORECASE | re.MULTILINE,
)


@dataclass
class LintResult:
    diagnostics: list[Diagnostic]
    module: Optional[cst.Module] = None  # the parsed module the diagnostics' fixes edit


def check_source(text: str, path: str = "<stdin>", settings: Optional[Settings] = None) -> list[Diagnostic]:
    """Lint one file's text. Never raises for any input: an unparsable file gives STC001. A file of
    more than `isolation.ISOLATE_ABOVE` characters is checked in a child process, and its
    diagnostics carry no `fix` (`fix_safety` still says whether there is one)."""
    settings = settings or Settings()
    if isolated_worthy(text):
        return run_isolated(lambda: without_fixes(lint_text(text, path, settings).diagnostics), path, settings)
    return lint_text(text, path, settings).diagnostics


def isolated_worthy(text: str) -> bool:
    """Whether checking `text` can take more memory than a process should risk (and can be isolated)."""
    return (
        len(text) > isolation.ISOLATE_ABOVE
        and guards.too_large(text) is None
        and isolation.available()
        and prefilter.may_cache(text)
    )


def run_isolated(work, path: str, settings: Settings):
    """`work()` in a child process; when the child fails, the file's STC001 (as a list of diagnostics)."""
    try:
        return isolation.run_isolated(work)
    except isolation.IsolatedFailure as failure:
        diagnostic = syntax_error_diagnostic(path, 1, 1, str(failure), settings, syntax_error.SPLIT_THE_FILE)
        return [diagnostic] if diagnostic is not None else []
    except isolation.IsolatedError as error:
        raise RuntimeError(f"in the child process that checked {path}:\n{error}") from None


def without_fixes(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Diagnostics that can travel between processes: a fix edits this process's tree."""
    return [replace(diagnostic, fix=None) for diagnostic in diagnostics]


def lint_text(text: str, path: str = "<stdin>", settings: Optional[Settings] = None) -> LintResult:
    """`check_source`, keeping the parsed module for the fixer."""
    settings = settings or Settings()
    if not prefilter.may_cache(text):
        return LintResult([])
    refusal = refused(text, path, settings)
    if refusal is not None:
        return LintResult(refusal)
    try:
        return deep.run_with_room(lambda: _lint(text, path, settings))
    except RecursionError:
        reason = "the code is nested too deeply to check"
        diagnostic = syntax_error_diagnostic(path, 1, 1, reason, settings, syntax_error.SPLIT_IT)
        return LintResult([diagnostic] if diagnostic is not None else [])


def _lint(text: str, path: str, settings: Settings) -> LintResult:
    silenced = file_noqa_codes(text)
    if silenced:
        settings = replace(settings, per_file_ignore=settings.per_file_ignore + silenced)
    if not any(settings.selects(rule.code) for rule in RULES):
        return LintResult([])  # nothing can be reported: skip the parse
    module, diagnostic = _parse(text, path, settings)
    if module is None:
        return LintResult([diagnostic] if diagnostic is not None else [])
    try:
        return _checked(module, text, path, settings)
    finally:
        _parsed_from_stand_in.discard(id(module))


def _checked(module: cst.Module, text: str, path: str, settings: Settings) -> LintResult:
    facts = ModuleFacts(module, path, settings, text)
    findings = [
        (rule, finding)
        for rule in RULES
        if rule.check is not None and settings.selects(rule.code)
        for finding in rule.check(facts, settings)
    ]
    if not findings:
        return LintResult([], module)
    diagnostics = sorted(_diagnostics(findings, module, text, path, settings))
    if id(module) in _parsed_from_stand_in:
        # The module was parsed from a stand-in text: fixes would write the stand-in back.
        return LintResult([replace(d, fix=None, fix_safety=None) for d in diagnostics])
    return LintResult(diagnostics, module)


def refused(text: str, path: str, settings: Settings) -> Optional[list[Diagnostic]]:
    """STC001 (as a list, empty when not selected) for a file too large or too deep to parse; else None."""
    line, reason, remedy = 1, guards.too_large(text), syntax_error.SPLIT_THE_FILE
    if reason is None:
        chain, chain_line = deep.longest_chain(text)
        if chain >= deep.LONGEST_CHAIN:
            line, remedy = chain_line, syntax_error.SPLIT_IT
            reason = (
                f"line {line} chains {chain:,} operators in one statement, more than lint-cache can parse "
                "in reasonable time"
            )
    if reason is None:
        reason, remedy = guards.python_refuses(text), syntax_error.SPLIT_IT
    if reason is None:
        return None
    diagnostic = syntax_error_diagnostic(path, line, 1, reason, settings, remedy)
    return [diagnostic] if diagnostic is not None else []


def module_facts(text: str, path: str, settings: Settings) -> tuple[Optional[ModuleFacts], Optional[Diagnostic]]:
    """The facts of a file for reports other than diagnostics (`lint-cache estimate`): None with
    STC001 when the file does not parse, None alone when it cannot hold a cached function. Work on
    the facts through `deep.run_with_room` too."""
    if not prefilter.may_cache(text):
        return None, None
    refusal = refused(text, path, settings)
    if refusal is not None:
        return None, refusal[0] if refusal else None

    def parse_and_scan() -> tuple[Optional[ModuleFacts], Optional[Diagnostic]]:
        module, diagnostic = _parse(text, path, settings)
        _parsed_from_stand_in.discard(id(module))  # facts need no fixes
        return (None, diagnostic) if module is None else (ModuleFacts(module, path, settings, text), None)

    try:
        return deep.run_with_room(parse_and_scan)
    except RecursionError:
        reason = "the code is nested too deeply to check"
        return None, syntax_error_diagnostic(path, 1, 1, reason, settings, syntax_error.SPLIT_IT)


def _parse(text: str, path: str, settings: Settings) -> tuple[Optional[cst.Module], Optional[Diagnostic]]:
    if deep.bracket_depth_beyond_python(text) is not None:
        python_error = _python_syntax_error(text)
        if python_error is not None:
            return None, syntax_error_diagnostic(path, *python_error, settings)
    try:
        return cst.parse_module(text), None
    except cst.ParserSyntaxError as error:
        stand_in = joined_strings.collapsed(text) if _python_syntax_error(text) is None else None
        if stand_in is not None:
            with contextlib.suppress(cst.ParserSyntaxError):
                module = cst.parse_module(stand_in)
                _parsed_from_stand_in.add(id(module))
                return module, None
        line, column, reason = _syntax_error_reason(text, error)
        return None, syntax_error_diagnostic(path, line, column, reason, settings)


# The ids of live modules parsed from a stand-in text (`joined_strings`); libcst nodes take no attributes.
_parsed_from_stand_in: set[int] = set()


def _syntax_error_reason(text: str, error: cst.ParserSyntaxError) -> tuple[int, int, str]:
    """Python's own account of a syntax error (libcst's positions and wording are rougher), or
    libcst's when Python accepts the code (syntax newer than libcst knows)."""
    return _python_syntax_error(text) or (error.raw_line, error.raw_column + 1, error.message)


def _python_syntax_error(text: str) -> Optional[tuple[int, int, str]]:
    """(line, column, reason) of the syntax error Python finds in `text`, or None."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Python's SyntaxWarnings are not ours to print
            ast.parse(text)
    except SyntaxError as python_error:
        line, column = python_error.lineno or 1, python_error.offset or 1
        return line, column, f"{python_error.msg} (line {line}, column {column})"
    except (ValueError, RecursionError, MemoryError):
        return None
    return None


def syntax_error_diagnostic(
    path: str, line: int, column: int, reason: str, settings: Settings, remedy: str = syntax_error.FIX_THE_SYNTAX
) -> Optional[Diagnostic]:
    """STC001 at the given place, unless it is not selected."""
    rule = RULES_BY_CODE[syntax_error.CODE]
    if not settings.selects(rule.code):
        return None
    message = syntax_error.message(reason, remedy)
    return Diagnostic(path, line, column, rule.code, message, line, column, rule.name, rule.severity)


def _diagnostics(
    findings: list[tuple[Rule, Finding]], module: cst.Module, text: str, path: str, settings: Settings
) -> set[Diagnostic]:
    # Positions cost a code generation over the whole module, so only files with findings pay it.
    places = positions.spans(module, text, (finding.node for _, finding in findings))
    lines = text.splitlines()
    diagnostics = set()
    for rule, finding in findings:
        where = places[finding.node]
        if settings.line_noqa and _suppressed(lines, where.start_line, rule.code):
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
                fix_safety=None if finding.fix is None else SAFE if finding.fix.safe else UNSAFE,
            )
        )
    return diagnostics


def file_noqa_codes(text: str) -> tuple[str, ...]:
    """The codes (or prefixes) that `# lint-cache: noqa` comment lines silence in the whole file:
    ("STC",), every code, when one of them lists none."""
    if "lint-cache" not in text:
        return ()
    silenced: list[str] = []
    for match in _FILE_NOQA.finditer(text):
        codes = match.group("codes")
        if codes is None:
            return ("STC",)
        silenced.extend(code.strip().upper() for code in codes.split(","))
    return tuple(silenced)


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
