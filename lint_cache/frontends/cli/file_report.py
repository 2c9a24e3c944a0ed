"""What linting one file gives, for every kind of file the CLI lints (`runner` for Python files,
`notebooks` for notebooks), and what to do with its fixes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from lint_cache.diagnostics import Diagnostic

# What to do with fixes: report only, write them, or show them as a diff.
REPORT, FIX, DIFF = "report", "fix", "diff"


@dataclass
class FileReport:
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    error: Optional[str] = None  # the file could not be linted or fixed: unreadable, or an internal error
    fixed_codes: tuple[str, ...] = ()  # the codes of the findings fixes mended (written with FIX, shown with DIFF)
    diff: str = ""
    note: Optional[str] = None  # the file was deliberately not linted, and why (printed on stderr)
    dependencies: list[str] = field(default_factory=list)  # project modules the findings depend on
    lookups: list[list] = field(default_factory=list)  # import resolutions they rest on (result cache)

    @property
    def fixed(self) -> int:
        return len(self.fixed_codes)


def fixed_codes(mended: list[Diagnostic]) -> tuple[str, ...]:
    return tuple(diagnostic.code for diagnostic in mended)
