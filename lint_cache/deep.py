"""Room for deeply nested code: libcst's parser and code generation recurse once per nesting level.

In the main thread a few thousand levels overflow the C stack and the process dies (measured:
5,000 nested parentheses, or a 10,000-term `a + b + ...`, crash Python 3.11 with libcst 1.9).
All libcst work therefore runs in a thread with a large stack and a raised recursion limit.
Nested brackets are also cut off where Python itself refuses them (200 levels): past that,
libcst's time and memory grow without bound (1,000 nested calls: 12 s and 2.2 GB).
"""

from __future__ import annotations

import re
import sys
import threading
from typing import Callable, Optional, TypeVar

Result = TypeVar("Result")

STACK_SIZE = 512 * 1024 * 1024  # reserved address space; only the pages used are ever committed
RECURSION_LIMIT = 100_000
PYTHON_MAX_BRACKET_DEPTH = 200  # CPython's tokenizer: "too many nested parentheses"

_BRACKETS = re.compile(r"[\[\](){}]")
_OPENING = frozenset("([{")
_stack_size_lock = threading.Lock()


def run_with_room(function: Callable[[], Result]) -> Result:
    """`function()`, run in a thread with a large stack; its exception, if any, is raised here."""
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = function()
        except BaseException as error:  # handed to the calling thread, which raises it
            outcome["error"] = error

    with _stack_size_lock:
        previous = threading.stack_size(STACK_SIZE)
        try:
            thread = threading.Thread(target=target, name="lint-cache", daemon=True)
            thread.start()
        finally:
            threading.stack_size(previous)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, RECURSION_LIMIT))
    try:
        thread.join()
    finally:
        sys.setrecursionlimit(limit)
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


def bracket_depth_beyond_python(text: str) -> Optional[int]:
    """The line where brackets nest deeper than Python allows, or None. Brackets in strings and
    comments count too, so a hit is only a reason to ask Python's own parser."""
    if text.count("(") + text.count("[") + text.count("{") <= PYTHON_MAX_BRACKET_DEPTH:
        return None
    depth = 0
    for match in _BRACKETS.finditer(text):
        if match.group() in _OPENING:
            depth += 1
            if depth > PYTHON_MAX_BRACKET_DEPTH:
                return text.count("\n", 0, match.start()) + 1
        else:
            depth = max(depth - 1, 0)
    return None


# libcst's parser takes time that grows with the square of a chain of binary operators or
# attribute accesses in one statement (measured: `1 + 1 + ...` of 1,000 terms 0.2 s, of 4,000
# terms 5 s, of 20,000 terms 230 s). Real statements stay far below this limit.
LONGEST_CHAIN = 1000

_TOKEN = re.compile(
    r"""
    (?P<string>(?:[rRbBuUfF]{1,2})?(?:'''(?:\\.|[^\\])*?'''|\"\"\"(?:\\.|[^\\])*?\"\"\"
        |'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"))
    |(?P<comment>\#[^\n]*)
    |(?P<number>(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?[jJ]?)
    |(?P<name>[^\W\d]\w*)
    |(?P<open>[(\[{])
    |(?P<close>[)\]}])
    |(?P<continuation>\\\n)
    |(?P<newline>\n)
    |(?P<operator>\*\*|//|<<|>>|[-+*/%@&|^.])
    |(?P<other>[=,:;<>!~])
    """,
    re.VERBOSE,
)
_VALUE_ENDS = frozenset({"string", "number", "name", "close"})


def longest_chain(text: str) -> tuple[int, int]:
    """(length, line) of the longest chain of binary operators and attribute accesses in one
    statement. Strings, comments and numbers are skipped, and a sign is not a binary operator."""
    if sum(text.count(operator) for operator in "+-*/%@&|^.") < LONGEST_CHAIN:
        return 0, 0  # too few operators in the whole file: no need to look closer
    longest, longest_line = 0, 0
    chain, depth, previous = 0, 0, None
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "operator":
            if previous in _VALUE_ENDS:  # `a + b`, `a.b`; not `-1` or `(+x)`
                chain += 1
                if chain > longest:
                    longest, longest_line = chain, text.count("\n", 0, match.start()) + 1
            previous = kind
        elif kind == "newline":
            if depth == 0:
                chain = 0  # the statement ends
        elif kind in ("open", "close"):
            depth = depth + 1 if kind == "open" else max(depth - 1, 0)
            previous = kind
        elif kind != "comment" and kind != "continuation":
            previous = kind
    return longest, longest_line
