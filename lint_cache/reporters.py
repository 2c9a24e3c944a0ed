"""Output formats for `lint-cache check`: one function each, from diagnostics to text."""

from __future__ import annotations

import json
from collections import Counter
from typing import Callable

from lint_cache.diagnostics import Diagnostic


def concise(diagnostics: list[Diagnostic]) -> str:
    return "".join(f"{d.path}:{d.line}:{d.column}: {d.code} {d.message}\n" for d in diagnostics)


def as_json(diagnostics: list[Diagnostic]) -> str:
    records = [
        {
            "path": d.path,
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
        for d in diagnostics
    ]
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"


def statistics(diagnostics: list[Diagnostic]) -> str:
    """A count per code, most frequent first, as `ruff --statistics` prints it."""
    counts = Counter((d.code, d.name) for d in diagnostics)
    fixable = Counter(d.code for d in diagnostics if d.fixable)
    lines = []
    for (code, name), count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        mark = "[*]" if fixable[code] else "   "
        lines.append(f"{count:>5}  {code}  {mark} {name}\n")
    return "".join(lines)


FORMATS: dict[str, Callable[[list[Diagnostic]], str]] = {
    "concise": concise,
    "json": as_json,
}
