"""What rules report (`Finding`, about a node) and what front ends print (`Diagnostic`, about a place)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Optional

if TYPE_CHECKING:  # only the engine and the rules build findings: printing one needs no libcst
    import libcst as cst

ERROR = "error"
WARNING = "warning"
SAFE = "safe"
UNSAFE = "unsafe"


# Replace a node of the parsed module with another node, or remove it (None).
Edit = tuple["cst.CSTNode", Optional["cst.CSTNode"]]

# Another place that explains a finding, and what it is: the widget's call inside a helper.
Related = tuple["cst.CSTNode", str]
# The same place once located: line, column, end line, end column (1-based) and what it is.
RelatedPlace = tuple[int, int, int, int, str]


@dataclass(frozen=True)
class Fix:
    """How to mend a finding. The edits are built only when fixing (`--fix`, `--diff`), since
    building some of them (import updates) costs a walk over the module."""

    description: str
    safe: bool  # safe fixes cannot change behaviour; unsafe ones need --unsafe-fixes
    edits: Callable[[], list[Edit]] = field(repr=False, compare=False)


@dataclass(frozen=True)
class Finding:
    """One problem a rule found, reported at `node`."""

    node: cst.CSTNode
    message: str
    severity: Optional[str] = None  # None: the rule's default
    fix: Optional[Fix] = None
    related: tuple[Related, ...] = ()


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int  # 1-based
    column: int  # 1-based
    code: str
    message: str
    end_line: int = 0
    end_column: int = 0
    name: str = field(default="", compare=False)
    severity: str = field(default=WARNING, compare=False)
    fix: Optional[Fix] = field(default=None, compare=False, repr=False)
    fix_safety: Optional[str] = field(default=None, compare=False)  # SAFE or UNSAFE when a fix exists
    cell: int = field(default=0, compare=False)  # in a notebook: the code cell (1-based) that `line` counts in
    related: tuple[RelatedPlace, ...] = field(default=(), compare=False)

    @property
    def location(self) -> str:
        """`path:line:column`, or `path:cell N:line:column` in a notebook."""
        cell = f"cell {self.cell}:" if self.cell else ""
        return f"{self.path}:{cell}{self.line}:{self.column}"

    @property
    def fixable(self) -> bool:
        return self.fix_safety is not None
