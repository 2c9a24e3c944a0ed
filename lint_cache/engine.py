"""The one entry point both front ends call: `check_source(text, path, settings)`, and with fixes
`fix_text(text, path, settings)`.

source text ─▶ prefilter ─▶ libcst parse ─▶ facts ─▶ rules ─▶ positions ─▶ noqa ─▶ diagnostics
"""

from __future__ import annotations

import ast
import contextlib
import gc
import re
import warnings
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Optional, TypeVar, Union

import libcst as cst

from lint_cache.diagnostics import SAFE, UNSAFE, Diagnostic, Finding
from lint_cache.facts import ModuleFacts
from lint_cache.facts.project import ProjectModules
from lint_cache.fixes import fixer
from lint_cache.knowledge import streamlit_api
from lint_cache.processes import isolation
from lint_cache.project import imports
from lint_cache.rules import RULES, RULES_BY_CODE, Rule, syntax_error, unused_noqa
from lint_cache.settings import Settings
from lint_cache.source import deep_code, guards, joined_strings, positions, prefilter

# flake8's own pattern for suppression comments: bare, `: STC102`, or `:STC101,STC102`.
_NOQA = re.compile(r"#\s*noqa(?::[\s]?(?P<codes>[A-Z][0-9A-Z]*(?:[,\s]+[A-Z][0-9A-Z]*)*))?", re.IGNORECASE)
NOQA = _NOQA  # the same pattern for `--add-noqa`, which writes what this reads

# A comment line of its own that silences the whole file: `# lint-cache: noqa`, or only some codes with
# `# lint-cache: noqa: STC101,STC2`. Like flake8's own file-level comment, it is matched line by
# line without tokenizing, so the whole line must be the comment.
_FILE_NOQA = re.compile(
    r"^[ \t]*#[ \t]*lint-cache:[ \t]*noqa"
    r"(?::[ \t]*(?P<codes>[A-Z][0-9A-Z]*(?:[ \t]*,[ \t]*[A-Z][0-9A-Z]*)*))?[ \t]*\r?$",
    re.IGNORECASE | re.MULTILINE,
)

# flake8's own file-level comment (flake8/defaults.py NOQA_FILE, matched at the start of any line):
# flake8 skips the whole file, whatever follows, so the CLI does too and the two front ends agree.
_FLAKE8_FILE_NOQA = re.compile(r"^\s*# flake8[:=]\s*noqa", re.IGNORECASE | re.MULTILINE)


TOO_DEEP = "the code is nested too deeply to check"

MAX_PASSES = 10  # of fixes, each on the text the last one left


@dataclass
class LintResult:
    diagnostics: list[Diagnostic]
    module: Optional[cst.Module] = None  # the parsed module the diagnostics' fixes edit
    # The project modules the findings depend on besides the file itself (their files, absolute).
    dependencies: list[str] = field(default_factory=list)
    # The import resolutions the findings rest on, found or not (`ProjectModules.lookups`).
    lookups: list[list] = field(default_factory=list)


def check_source(text: str, path: str = "<stdin>", settings: Optional[Settings] = None) -> list[Diagnostic]:
    """Lint one file's text. Never raises for any input: an unparsable file gives STC001. A file of
    more than `isolation.ISOLATE_ABOVE` characters is checked in a child process, and its
    diagnostics carry no `fix` (`fix_safety` still says whether there is one)."""
    return check_file(text, path, settings)[0]


def check_file(
    text: str, path: str = "<stdin>", settings: Optional[Settings] = None, with_fixes: bool = True
) -> tuple[list[Diagnostic], list[str], list[list]]:
    """`check_source`, with the project modules its findings depend on and the import resolutions
    they rest on (for the result cache).
    Without `with_fixes`, diagnostics carry no `fix` (`fix_safety` still says whether there is one):
    front ends that only report (the CLI's check, flake8) let the file's facts go at once."""
    settings = settings or Settings()
    if isolated_worthy(text):

        def work() -> tuple[list[Diagnostic], list[str], list[list]]:
            result = lint_text(text, path, settings, with_fixes=False)
            return result.diagnostics, result.dependencies, result.lookups

        found = run_isolated(work, path, _file_settings(text, settings))
        return found if isinstance(found, tuple) else (found, [], [])  # a list: the child's STC001
    result = lint_text(text, path, settings, with_fixes)
    return result.diagnostics, result.dependencies, result.lookups


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


def without_fixes(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Diagnostics that can travel between processes: a fix edits this process's tree."""
    return [replace(diagnostic, fix=None) for diagnostic in diagnostics]


def lint_text(
    text: str, path: str = "<stdin>", settings: Optional[Settings] = None, with_fixes: bool = True
) -> LintResult:
    """`check_source`, keeping the parsed module for the fixer."""
    settings = _file_settings(text, settings or Settings())
    text = _without_lone_surrogates(text)
    project = project_modules(settings)
    if not prefilter.may_cache(text) and not project.may_use_project_caching(text, path):
        # Nothing to report, as the texts of the modules it imports say: until they change.
        result = LintResult([], dependencies=project.gate_dependencies(text, path))
    else:
        refusal = refused(text, path, settings)
        if refusal is not None:
            return LintResult(refusal)
        found = _guarded(lambda: _lint(text, path, settings, project, with_fixes), path, settings)
        result = found if isinstance(found, LintResult) else LintResult([found] if found is not None else [])
    result.lookups = project.lookups(path, result.dependencies)
    return result


def _file_settings(text: str, settings: Settings) -> Settings:
    """The settings one file is checked under: its `# lint-cache: noqa` lines silence their codes
    (STC001 too, whatever refuses the file), and a release outside the known range is checked as
    the nearest known one behaves, as its note says."""
    silenced = file_noqa_codes(text)
    known = streamlit_api.checked_as(settings.streamlit_version)
    if not silenced and known == settings.streamlit_version:
        return settings
    return replace(settings, per_file_ignore=settings.per_file_ignore + silenced, streamlit_version=known)


@dataclass
class FixResult:
    text: str
    fixed: list[Diagnostic] = field(default_factory=list)  # what the applied fixes mended
    remaining: list[Diagnostic] = field(default_factory=list)  # what is still there afterwards
    error: Optional[str] = None  # the fixes would have broken the file; nothing was changed


def fix_text(text: str, path: str, settings: Settings, unsafe: bool = False) -> FixResult:
    """The text with the fixes applied (unsafe ones too when asked), and what is left. Fixes whose
    edits overlap are applied in separate passes, each linting the text the last one left, as ruff
    does. A large file is fixed in a child process, as `check_source` checks it."""
    if isolated_worthy(text):
        return _fix_isolated(text, path, settings, unsafe)
    return deep_code.run_with_room(lambda: _fix_text(text, path, settings, unsafe))


def _fix_isolated(text: str, path: str, settings: Settings, unsafe: bool) -> FixResult:
    def work() -> FixResult:
        result = deep_code.run_with_room(lambda: _fix_text(text, path, settings, unsafe))
        return replace(result, fixed=without_fixes(result.fixed), remaining=without_fixes(result.remaining))

    outcome = run_isolated(work, path, _file_settings(text, settings))
    return outcome if isinstance(outcome, FixResult) else FixResult(text, [], outcome)


def _fix_text(text: str, path: str, settings: Settings, unsafe: bool) -> FixResult:
    original = text
    fixed: list[Diagnostic] = []
    for _ in range(MAX_PASSES):
        result = lint_text(text, path, settings)
        wanted = [d for d in result.diagnostics if d.fix is not None and (d.fix.safe or unsafe)]
        if not wanted or result.module is None:
            return FixResult(text, fixed, result.diagnostics)
        applied, new_text = fixer.fix_pass(result.module, text, wanted)
        if new_text is None:
            return FixResult(text, fixed, result.diagnostics)
        problem = fixer.breaks(new_text)
        if problem is not None:
            return FixResult(original, [], lint_text(original, path, settings).diagnostics, problem)
        if new_text == text:
            return FixResult(text, fixed, result.diagnostics)
        text = new_text
        fixed.extend(applied)
    return FixResult(text, fixed, lint_text(text, path, settings).diagnostics)


_PROJECTS: dict[frozenset[str], ProjectModules] = {}


def project_modules(settings: Settings) -> ProjectModules:
    """The project modules this process has read, shared by every file it lints (per widget setting)."""
    if settings.extra_widgets not in _PROJECTS:
        _PROJECTS[settings.extra_widgets] = ProjectModules(settings.extra_widgets)
    return _PROJECTS[settings.extra_widgets]


def forget_project_modules() -> None:
    """Read the project's modules afresh from now on, and look for them afresh (a long-lived server,
    after an edit, or after a module was created or removed)."""
    _PROJECTS.clear()
    imports.forget()
    # The modules read were exempted from the cyclic collector (`ProjectModules`): give them back.
    gc.unfreeze()


Work = TypeVar("Work")


def _guarded(work: Callable[[], Work], path: str, settings: Settings) -> Union[Work, Optional[Diagnostic]]:
    """The one guard around libcst work (check, estimate, fix): it runs on the big-stack thread, and
    code nested too deeply even for that gives STC001 (None when STC001 is not selected)."""
    try:
        return deep_code.run_with_room(work)
    except RecursionError:
        return syntax_error_diagnostic(path, 1, 1, TOO_DEEP, settings, syntax_error.SPLIT_IT)


def _lint(text: str, path: str, settings: Settings, project: ProjectModules, with_fixes: bool) -> LintResult:
    if not prefilter.may_cache(text) and not project.uses_project_caching(text, path):
        return LintResult([], dependencies=project.gate_dependencies(text, path))
    if not any(settings.selects(rule.code) for rule in RULES):
        return LintResult([])  # nothing can be reported: skip the parse
    module, diagnostic = _parsed(text, path, settings, project)
    if module is None:
        return LintResult([diagnostic] if diagnostic is not None else [])
    try:
        return _checked(module, text, path, settings, project, with_fixes)
    finally:
        _parsed_from_stand_in.discard(id(module))


def _checked(
    module: cst.Module, text: str, path: str, settings: Settings, project: ProjectModules, with_fixes: bool
) -> LintResult:
    facts = ModuleFacts(module, path, settings, text, project)
    findings = [
        (rule, finding)
        for rule in RULES
        if rule.check is not None and settings.selects(rule.code)
        for finding in rule.check(facts, settings)
    ]
    used_noqa: set[tuple[int, str]] = set()
    diagnostics = _diagnostics(findings, module, text, path, settings, used_noqa) if findings else set()
    if settings.line_noqa and settings.selects(unused_noqa.CODE) and unused_noqa.may_apply(text):
        diagnostics |= _unused_noqa(module, text, path, settings, used_noqa)
    if not with_fixes:
        # A fix builds its edits from the facts when asked; with none to build, the facts can go
        # now rather than wait for the cyclic collector (`ModuleScan.release`).
        diagnostics = set(without_fixes(diagnostics))
        facts.scan.release()
    if id(module) in _parsed_from_stand_in:
        # The module was parsed from a stand-in text: fixes would write the stand-in back.
        diagnostics = {replace(d, fix=None, fix_safety=None) for d in diagnostics}
        return LintResult(sorted(diagnostics), None, facts.dependencies)
    return LintResult(sorted(diagnostics), module, facts.dependencies)


def _unused_noqa(
    module: cst.Module, text: str, path: str, settings: Settings, used: set[tuple[int, str]]
) -> set[Diagnostic]:
    """STC002 for the noqa codes that silenced none of the findings (`used`: line, listed code)."""
    rule = RULES_BY_CODE[unused_noqa.CODE]

    def lines_of(comments: list[cst.Comment]) -> dict[cst.Comment, int]:
        return {comment: span.start_line for comment, span in positions.spans(module, text, comments).items()}

    def selected(listed: str) -> bool:
        return any(
            other.code.startswith(listed) and settings.selects(other.code) for other in RULES if other is not rule
        )

    findings = [(rule, finding) for finding in unused_noqa.findings(module, _NOQA, lines_of, used, selected)]
    return _diagnostics(findings, module, text, path, settings) if findings else set()


def refused(text: str, path: str, settings: Settings) -> Optional[list[Diagnostic]]:
    """STC001 (as a list, empty when not selected) for a file too large or too deep to parse; else None."""
    line, reason, remedy = 1, guards.too_large(text), syntax_error.SPLIT_THE_FILE
    if reason is None:
        chain, chain_line = deep_code.longest_chain(text)
        if chain >= deep_code.LONGEST_CHAIN:
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
    the facts through `deep_code.run_with_room` too."""
    project = project_modules(settings)
    if not prefilter.may_cache(text) and not project.may_use_project_caching(text, path):
        return None, None
    refusal = refused(text, path, settings)
    if refusal is not None:
        return None, refusal[0] if refusal else None

    def parse_and_scan() -> tuple[Optional[ModuleFacts], Optional[Diagnostic]]:
        if not prefilter.may_cache(text) and not project.uses_project_caching(text, path):
            return None, None
        module, diagnostic = _parsed(text, path, settings, project)
        _parsed_from_stand_in.discard(id(module))  # facts need no fixes
        return (None, diagnostic) if module is None else (ModuleFacts(module, path, settings, text, project), None)

    found = _guarded(parse_and_scan, path, settings)
    return found if isinstance(found, tuple) else (None, found)


def _parsed(
    text: str, path: str, settings: Settings, project: ProjectModules
) -> tuple[Optional[cst.Module], Optional[Diagnostic]]:
    """The file's tree: the one the project's modules hold when another file's facts read this
    very text, else parsed now."""
    tree = project.tree(path, text)
    return (tree, None) if tree is not None else _parse(text, path, settings)


def _parse(text: str, path: str, settings: Settings) -> tuple[Optional[cst.Module], Optional[Diagnostic]]:
    if deep_code.bracket_depth_beyond_python(text) is not None:
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
    findings: list[tuple[Rule, Finding]],
    module: cst.Module,
    text: str,
    path: str,
    settings: Settings,
    used_noqa: Optional[set[tuple[int, str]]] = None,
) -> set[Diagnostic]:
    # Positions cost a code generation over the whole module, so only files with findings pay it.
    places = positions.spans(
        module, text, (node for _, finding in findings for node in (finding.node, *(n for n, _ in finding.related)))
    )
    lines = text.splitlines()
    diagnostics = set()
    for rule, finding in findings:
        where = places[finding.node]
        if settings.line_noqa and _suppressed(lines, where.start_line, rule.code, used_noqa):
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
                related=tuple(_located(places[node], what) for node, what in finding.related),
            )
        )
    return diagnostics


def _located(where: positions.Span, what: str) -> tuple[int, int, int, int, str]:
    return (where.start_line, where.start_column + 1, where.end_line, where.end_column + 1, what)


def file_noqa_codes(text: str) -> tuple[str, ...]:
    """The codes (or prefixes) that `# lint-cache: noqa` comment lines silence in the whole file:
    ("STC",), every code, when one of them lists none. flake8's `# flake8: noqa` silences every code."""
    if "flake8" in text and _FLAKE8_FILE_NOQA.search(text):
        return ("STC",)
    if "lint-cache" not in text:
        return ()
    silenced: list[str] = []
    for match in _FILE_NOQA.finditer(text):
        codes = match.group("codes")
        if codes is None:
            return ("STC",)
        silenced.extend(code.strip().upper() for code in codes.split(","))
    return tuple(silenced)


def _suppressed(lines: list[str], line: int, code: str, used: Optional[set[tuple[int, str]]] = None) -> bool:
    """Whether a noqa comment on `line` silences `code`; the listed codes that do go into `used`."""
    if line > len(lines) or "noqa" not in lines[line - 1].lower():
        return False
    match = _NOQA.search(lines[line - 1])
    if match is None:
        return False
    codes = match.group("codes")
    if codes is None:
        return True
    listed_codes = [listed.upper() for listed in re.split(r"[,\s]+", codes.strip()) if listed]
    silencing = [listed for listed in listed_codes if code.startswith(listed)]
    if used is not None:
        used.update((line, listed) for listed in silencing)
    return bool(silencing)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_lone_surrogates(text: str) -> str:
    """The text with each unpaired surrogate (an editor's buffer can hold one; UTF-8 cannot) as
    U+FFFD: one character for one, so every position stays, and the rest of the file is linted."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _LONE_SURROGATE.sub("\ufffd", text)
    return text
