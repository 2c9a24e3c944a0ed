"""Every `--output-format`, by name: the human formats (`full`, `concise`) here, the machine formats
for CI systems here too (`json-lines`, `gitlab`, `junit`, `rdjson`), and the earlier ones
(`json`, `sarif`, `github`) in `reporters`.

Paths are relative to the working folder, which in CI is the repository's root. Human formats pass
every source line and name through `terminal.printable`.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from lint_cache.diagnostics import ERROR, SAFE, UNSAFE, Diagnostic
from lint_cache.frontends import reporters, terminal
from lint_cache.frontends.display import machine_json, path_text, xml_text
from lint_cache.frontends.replacements import FixFinder
from lint_cache.frontends.source_lines import SourceLines
from lint_cache.project import files


@dataclass
class Context:
    """What formats need besides the diagnostics."""

    paint: terminal.Painter
    sources: SourceLines
    fixes: Optional[FixFinder] = None  # None: no fixes in the report


# The formats that quote source lines and may be coloured; the others are data.
HUMAN = ("full", "concise")


def full(diagnostics: list[Diagnostic], context: Context) -> str:
    """Each finding with the source line, a caret under the range, the rule's name and whether a fix
    exists (ruff's default format)."""
    return "".join(_full_block(d, context) for d in diagnostics)


CONTEXT_LINES = 2  # source lines shown above the reported one


def _full_block(d: Diagnostic, context: Context) -> str:
    paint = context.paint
    colour = terminal.RED if d.severity == ERROR else terminal.YELLOW
    mark = " " + paint("[*]", terminal.CYAN) if d.fix_safety == SAFE else ""
    header = f"{paint(terminal.printable(d.location), terminal.BOLD)}: {paint(d.code, colour, terminal.BOLD)}{mark} "
    block = [header + terminal.printable(d.message)]
    lines = context.sources.lines(d.path, d.cell)
    if lines is not None and 1 <= d.line <= len(lines):
        first = max(1, d.line - CONTEXT_LINES)
        gutter = len(str(d.line))
        bar = paint(" " * gutter + " |", terminal.BLUE, terminal.BOLD)
        block.append(bar)
        for number in range(first, d.line + 1):
            number_bar = paint(f"{number:>{gutter}} |", terminal.BLUE, terminal.BOLD)
            block.append(f"{number_bar} {terminal.printable(lines[number - 1])}".rstrip())
        source = lines[d.line - 1]
        start = min(max(d.column - 1, 0), len(source))
        end = d.end_column - 1 if d.end_line == d.line and d.end_column > d.column else len(source)
        offset = terminal.width(terminal.printable(source[:start]))
        length = max(1, terminal.width(terminal.printable(source[start:end])))
        block.append(f"{bar} {' ' * offset}{paint('^' * length + ' ' + d.code + ' ' + d.name, colour, terminal.BOLD)}")
        block.append(bar)
    block.append(paint("  = " + _fix_note(d), terminal.CYAN))
    return "\n".join(block) + "\n\n"


def _fix_note(d: Diagnostic) -> str:
    if d.fix_safety == SAFE:
        return "fix available (safe): `lint-cache check --fix` applies it"
    if d.fix_safety == UNSAFE:
        return "fix available (unsafe): `lint-cache check --fix --unsafe-fixes` applies it"
    return f"no automatic fix: see `lint-cache rule {d.code}`"


def concise(diagnostics: list[Diagnostic], context: Context) -> str:
    paint = context.paint
    return "".join(
        f"{paint(terminal.printable(d.location), terminal.BOLD)}: "
        f"{paint(d.code, terminal.RED if d.severity == ERROR else terminal.YELLOW, terminal.BOLD)} "
        f"{terminal.printable(d.message)}\n"
        for d in diagnostics
    )


def json_lines(diagnostics: list[Diagnostic], context: Context) -> str:
    return "".join(machine_json(reporters.json_record(d)) + "\n" for d in diagnostics)


def fingerprints(diagnostics: list[Diagnostic], sources: SourceLines) -> dict[Diagnostic, str]:
    """A stable identity per finding for tools that track findings across commits (GitLab, SARIF):
    the file, the code and the reported line's text (not its number, which moves with every edit
    above it), with a counter for findings that share all three."""
    seen: Counter = Counter()
    result = {}
    for d in diagnostics:
        text = (sources.line(d.path, d.line, d.cell) or "").strip()
        identity = (Path(files.relative(d.path)).as_posix(), d.cell, d.code, text)
        seen[identity] += 1
        digest = hashlib.sha256(json.dumps([*identity, seen[identity]]).encode("utf-8")).hexdigest()
        result[d] = digest[:32]
    return result


def gitlab(diagnostics: list[Diagnostic], context: Context) -> str:
    """GitLab's Code Quality report: the fields its documentation lists
    (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format)."""
    identities = fingerprints(diagnostics, context.sources)
    issues = [
        {
            "description": f"{d.code} {d.message}",
            "check_name": d.code,
            "fingerprint": identities[d],
            "severity": "major" if d.severity == ERROR else "minor",
            "location": {"path": path_text(Path(files.relative(d.path)).as_posix()), "lines": {"begin": d.line}},
        }
        for d in diagnostics
    ]
    return machine_json(issues, indent=2) + "\n"


def junit(diagnostics: list[Diagnostic], context: Context) -> str:
    """JUnit XML, one test suite per file and one failed test case per finding (as ruff writes it);
    a run without findings is one passing test case."""
    import xml.etree.ElementTree as ElementTree  # for this format only

    suites = ElementTree.Element(
        "testsuites", name="lint-cache", tests=str(max(1, len(diagnostics))), failures=str(len(diagnostics)), errors="0"
    )
    by_path: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        by_path.setdefault(d.path, []).append(d)
    if not by_path:
        suite = ElementTree.SubElement(suites, "testsuite", name="lint-cache", tests="1", failures="0", errors="0")
        ElementTree.SubElement(suite, "testcase", name="No errors found", classname="lint-cache")
    for path, found in by_path.items():
        name = _xml_text(files.relative(path))
        suite = ElementTree.SubElement(
            suites, "testsuite", name=name, tests=str(len(found)), failures=str(len(found)), errors="0"
        )
        for d in found:
            attributes = {
                "name": f"lint-cache.{d.code}",
                "classname": name,
                "line": str(d.line),
                "column": str(d.column),
            }
            case = ElementTree.SubElement(suite, "testcase", **attributes)
            failure = ElementTree.SubElement(case, "failure", message=_xml_text(d.message), type=d.code)
            cell = f"cell {d.cell}, " if d.cell else ""
            failure.text = _xml_text(f"{cell}line {d.line}, col {d.column}, {d.code} {d.name}: {d.message}")
    ElementTree.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(suites, encoding="unicode") + "\n"


def _xml_text(text: str) -> str:
    """XML 1.0 cannot hold most control characters, lone surrogates, U+FFFE and U+FFFF at all, escaped
    or not: they become visible escapes."""
    return xml_text(text)


RDJSON_SEVERITY = {ERROR: "ERROR"}


def rdjson(diagnostics: list[Diagnostic], context: Context) -> str:
    """reviewdog's Diagnostic Format (rdjson), with the fixes as suggestions. Its columns count UTF-8
    bytes, so the character columns are converted through the source line."""
    records = []
    for d in diagnostics:
        record = {
            "message": d.message,
            "location": {"path": path_text(files.relative(d.path)), "range": _rdjson_range(d, context.sources)},
            "severity": RDJSON_SEVERITY.get(d.severity, "WARNING"),
            "code": {"value": d.code, "url": reporters.rule_page_url(d.code)},
        }
        fix = context.fixes.fix_of(d) if context.fixes is not None else None
        if fix is not None:
            record["suggestions"] = [
                {
                    "range": {"start": {"line": r.start_line, "column": 1}, "end": {"line": r.end_line, "column": 1}},
                    "text": r.text,
                }
                for r in fix.replacements
            ]
        records.append(record)
    result = {"source": {"name": "lint-cache", "url": reporters.HOMEPAGE}, "diagnostics": records}
    return machine_json(result, indent=2) + "\n"


def _rdjson_range(d: Diagnostic, sources: SourceLines) -> dict:
    def position(line: int, column: int) -> dict:
        text = sources.line(d.path, line, d.cell)
        byte_column = len(text[: column - 1].encode("utf-8")) + 1 if text is not None else column
        return {"line": line, "column": byte_column}

    described = {"start": position(d.line, d.column)}
    if d.end_line:
        described["end"] = position(d.end_line, d.end_column)
    return described


def _json(diagnostics: list[Diagnostic], context: Context) -> str:
    return reporters.as_json(diagnostics)


def _sarif(diagnostics: list[Diagnostic], context: Context) -> str:
    return reporters.sarif(diagnostics, context.fixes, fingerprints(diagnostics, context.sources))


def _github(diagnostics: list[Diagnostic], context: Context) -> str:
    return reporters.github(diagnostics)


FORMATS: dict[str, Callable[[list[Diagnostic], Context], str]] = {
    "full": full,
    "concise": concise,
    "json": _json,
    "json-lines": json_lines,
    "sarif": _sarif,
    "github": _github,
    "gitlab": gitlab,
    "junit": junit,
    "rdjson": rdjson,
}
# The formats that carry fixes, for which the fixes are computed.
WITH_FIXES = ("sarif", "rdjson")


def statistics_json(diagnostics: list[Diagnostic]) -> str:
    """`--statistics` as data: one record per code, most frequent first."""
    counts = Counter((d.code, d.name) for d in diagnostics)
    fixable = Counter(d.code for d in diagnostics if d.fixable)
    records = [
        {"code": code, "name": name, "count": count, "fixable": bool(fixable[code])}
        for (code, name), count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    return json.dumps(records, indent=2) + "\n"
