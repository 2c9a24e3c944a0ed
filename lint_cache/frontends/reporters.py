"""Output formats for `lint-cache check`: JSON, SARIF and GitHub annotations (`output_formats` has
the registry of every format and the others), and the `--statistics` table.

Paths in SARIF and GitHub annotations are made relative to the working folder, which in CI is the
repository's root: that is what code scanning and the annotation API resolve them against.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Optional
from urllib.parse import quote

from lint_cache import __version__
from lint_cache.diagnostics import ERROR, Diagnostic
from lint_cache.frontends import rule_docs
from lint_cache.frontends.display import machine_json, path_bytes, path_text, printable
from lint_cache.project import files
from lint_cache.rules import RULES, Rule

HOMEPAGE = "https://github.com/lint-cache/lint-cache"
SARIF_SCHEMA = "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"
SOURCE_ROOT = "%SRCROOT%"


def json_record(d: Diagnostic) -> dict:
    record = {
        "path": path_text(d.path),
        "line": d.line,
        "column": d.column,
        "end_line": d.end_line,
        "end_column": d.end_column,
        "code": d.code,
        "name": d.name,
        "message": d.message,
        "severity": d.severity,
        "fix_available": d.fixable,
    }
    if d.cell:
        record["cell"] = d.cell
    return record


def as_json(diagnostics: list[Diagnostic]) -> str:
    return machine_json([json_record(d) for d in diagnostics], indent=2) + "\n"


def rule_page_url(code: str) -> str:
    """The address of a rule's page, the one every link to it uses: SARIF's helpUri, rdjson's code
    URL, the language server's diagnostics and the README's rule table (tests/test_readme.py).

    The main branch, not a release tag: no release is tagged yet, so a tag's address would point at
    nothing. The page of the installed version itself is `lint-cache rule CODE`, SARIF's `help` and
    the editor's hover."""
    return f"{HOMEPAGE}/blob/main/rules/{code}.md"


FINGERPRINT_KEY = "lintCache/v1"


def sarif(diagnostics: list[Diagnostic], fixes=None, fingerprints: Optional[dict] = None) -> str:
    """SARIF 2.1.0 with what GitHub code scanning reads: every rule with its page as help, and
    results with relative paths under %SRCROOT%, their fixes (`fixes`, a replacements.FixFinder)
    and fingerprints."""
    rule_index = {rule.code: index for index, rule in enumerate(RULES)}
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "lint-cache",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": HOMEPAGE,
                        "rules": [_sarif_rule(rule) for rule in RULES],
                    }
                },
                "originalUriBaseIds": {SOURCE_ROOT: {"uri": Path.cwd().as_uri().rstrip("/") + "/"}},
                # Our columns count characters; SARIF's default is UTF-16 code units.
                "columnKind": "unicodeCodePoints",
                "results": [
                    _sarif_result(d, rule_index[d.code], fixes, (fingerprints or {}).get(d)) for d in diagnostics
                ],
            }
        ],
    }
    return machine_json(log, indent=2) + "\n"


def _sarif_rule(rule: Rule) -> dict:
    page = rule_docs.rule_page(rule.code)
    what_it_does = _plain(rule_docs.section(page, "What it does")) if page else ""
    why = _plain(rule_docs.section(page, "Why is this bad?")) if page else ""
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": what_it_does or rule.summary},
        "help": {
            "text": "\n\n".join(part for part in (what_it_does, why) if part) or rule.summary,
            "markdown": _without_title(page) if page else rule.summary,
        },
        "helpUri": rule_page_url(rule.code),
        "defaultConfiguration": {"level": _sarif_level(rule.severity)},
        "properties": {"tags": ["streamlit", "caching"]},
    }


def _plain(markdown: str) -> str:
    """Prose for the plain-text fields: the page's hard-wrapped lines joined into paragraphs (list
    items and code keep their own lines)."""
    lines: list[str] = []
    for line in markdown.splitlines():
        starts_block = not line.strip() or line.lstrip().startswith(("- ", "* ", "```"))
        if lines and lines[-1].strip() and not starts_block and not lines[-1].lstrip().startswith("```"):
            lines[-1] = f"{lines[-1]} {line.strip()}"
        else:
            lines.append(line)
    return "\n".join(lines)


def _without_title(page: str) -> str:
    """The page below its `# CODE name` title, which the rule's id and name already give."""
    lines = page.splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    return "\n".join(lines).strip()


def _sarif_result(d: Diagnostic, rule_index: int, fixes=None, fingerprint: Optional[str] = None) -> dict:
    region = {"startLine": d.line, "startColumn": d.column}
    if d.end_line:
        region.update(endLine=d.end_line, endColumn=d.end_column)
    result = {
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": _sarif_level(d.severity),
        "message": {"text": d.message},
        "locations": [{"physicalLocation": {"artifactLocation": _artifact(d.path), "region": region}}],
    }
    if fingerprint is not None:
        result["partialFingerprints"] = {FINGERPRINT_KEY: fingerprint}
    fix = fixes.fix_of(d) if fixes is not None else None
    if fix is not None:
        result["fixes"] = [_sarif_fix(d, fix)]
    if d.cell:
        result["properties"] = {"notebookCell": d.cell}
    return result


def _sarif_fix(d: Diagnostic, fix) -> dict:
    """A fix as whole-line replacements: each deletes lines start..end-1 (none for an insertion)."""
    replacements = [
        {
            "deletedRegion": {"startLine": r.start_line, "startColumn": 1, "endLine": r.end_line, "endColumn": 1},
            "insertedContent": {"text": r.text},
        }
        for r in fix.replacements
    ]
    safety = "safe" if fix.safe else "unsafe: it can change behaviour"
    return {
        "description": {"text": f"{fix.description} ({safety})"},
        "artifactChanges": [{"artifactLocation": _artifact(d.path), "replacements": replacements}],
    }


def _sarif_level(severity: str) -> str:
    return "error" if severity == ERROR else "warning"


def _artifact(path: str) -> dict:
    relative = files.relative(path)
    if os.path.isabs(relative):  # outside the working folder: an absolute file URI
        return {"uri": "file://" + quote(path_bytes(Path(relative).as_posix()))}
    # The file system's bytes, percent-encoded: a name that is not UTF-8 stays exact and the URI ASCII.
    return {"uri": quote(path_bytes(Path(relative).as_posix())), "uriBaseId": SOURCE_ROOT}


def github(diagnostics: list[Diagnostic]) -> str:
    """GitHub Actions workflow commands: one `::error` or `::warning` annotation per finding."""
    lines = []
    for d in diagnostics:
        properties = {"file": printable(files.relative(d.path)), "line": d.line, "col": d.column}
        if d.end_line:
            properties.update(endLine=d.end_line, endColumn=d.end_column)
        properties["title"] = f"{d.code} {d.name}".strip() + (f" (cell {d.cell})" if d.cell else "")
        listed = ",".join(f"{key}={_escape_property(str(value))}" for key, value in properties.items())
        command = "error" if d.severity == ERROR else "warning"
        message = printable(d.message, keep="\r\n")
        lines.append(f"::{command} {listed}::{_escape_data(message)}\n")
    return "".join(lines)


# The escaping of GitHub's own toolkit (@actions/core, command.ts): data may not hold line breaks,
# which it encodes (annotations show them); other control characters are escaped by `printable`,
# and a property value may not hold the `,` and `:` that delimit properties.
def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def statistics(diagnostics: list[Diagnostic]) -> str:
    """A count per code, most frequent first, as `ruff --statistics` prints it."""
    counts = Counter((d.code, d.name) for d in diagnostics)
    fixable = Counter(d.code for d in diagnostics if d.fixable)
    lines = []
    for (code, name), count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        mark = "[*]" if fixable[code] else "   "
        lines.append(f"{count:>5}  {code}  {mark} {name}\n")
    return "".join(lines)
