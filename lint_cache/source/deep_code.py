"""Room for deeply nested code: libcst's parser and code generation recurse once per nesting level.

In the main thread a few thousand levels overflow the C stack and the process dies (measured:
5,000 nested parentheses, or a 10,000-term `a + b + ...`, crash Python 3.11 with libcst 1.9).
All libcst work therefore runs in a thread with a large stack and a raised recursion limit (where
no thread can be started, in place with a smaller raise; deep code then gives STC001, not a crash).
Nested brackets are also cut off where Python itself refuses them (200 levels): past that,
libcst's time and memory grow without bound (1,000 nested calls: 12 s and 2.2 GB).
"""

from __future__ import annotations

import os
import queue
import re
import sys
import threading
from dataclasses import dataclass
from typing import Callable, Optional, TypeVar

Result = TypeVar("Result")

STACK_SIZE = 512 * 1024 * 1024  # reserved address space; only the pages used are ever committed
RECURSION_LIMIT = 100_000
FALLBACK_RECURSION_LIMIT = 10_000  # when no thread can be started: as deep as the main stack allows
PYTHON_MAX_BRACKET_DEPTH = 200  # CPython's tokenizer: "too many nested parentheses"

_BRACKETS = re.compile(r"[\[\](){}]")
_OPENING = frozenset("([{")


class _RoomyThread:
    """One long-lived thread with a large stack that runs jobs one at a time. Reusing it matters:
    a fresh thread's stack pages fault in again on every file (measured: 0.9 ms a file)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # one job at a time, whoever the callers are
        self._jobs: queue.SimpleQueue[tuple[Callable[[], object], dict, threading.Event]] = queue.SimpleQueue()
        self._thread: Optional[threading.Thread] = None

    def forget_thread(self) -> None:
        """In a forked child: the thread did not come along, and its lock and queue must not either."""
        self.__init__()

    def run(self, function: Callable[[], Result]) -> Result:
        if threading.current_thread() is self._thread:
            return function()  # already inside: nested calls run as they are
        with self._lock:
            if not self._started():
                return self._inline(function)
            outcome: dict[str, object] = {}
            done = threading.Event()
            limit = sys.getrecursionlimit()
            sys.setrecursionlimit(max(limit, RECURSION_LIMIT))
            try:
                self._jobs.put((function, outcome, done))
                done.wait()
            finally:
                sys.setrecursionlimit(limit)
        if "error" in outcome:
            raise outcome["error"]  # type: ignore[misc]
        return outcome["value"]  # type: ignore[return-value]

    def _started(self) -> bool:
        if self._thread is not None:
            return True
        previous = threading.stack_size()
        try:
            threading.stack_size(STACK_SIZE)
            thread = threading.Thread(target=self._serve, name="lint-cache", daemon=True)
            thread.start()
        except (RuntimeError, ValueError, MemoryError):  # no threads, or no room for the stack
            return False
        finally:
            threading.stack_size(previous)
        self._thread = thread
        return True

    def _serve(self) -> None:
        while True:
            function, outcome, done = self._jobs.get()
            try:
                outcome["value"] = function()
            except BaseException as error:  # handed to the caller, which raises it
                outcome["error"] = error
            finally:
                done.set()

    @staticmethod
    def _inline(function: Callable[[], Result]) -> Result:
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, FALLBACK_RECURSION_LIMIT))
        try:
            return function()
        finally:
            sys.setrecursionlimit(limit)


_roomy_thread = _RoomyThread()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_roomy_thread.forget_thread)


def run_with_room(function: Callable[[], Result]) -> Result:
    """`function()`, run with a large stack and a raised recursion limit; its exception, if any,
    is raised here. Calls made from inside `function` run directly."""
    return _roomy_thread.run(function)


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
    shape = _statement_shape(text)
    return shape.longest_chain, shape.longest_chain_line


def most_nesting_tokens(text: str) -> int:
    """The most tokens that can each add a level of nesting (signs and operators, brackets, `~`,
    `not`, `lambda`, `if`) in one statement: how deeply its most nested statement can nest, at the
    most. An f-string's tokens count in full, its expressions being code too."""
    return _statement_shape(text).most_nesting


@dataclass(frozen=True)
class _Shape:
    longest_chain: int
    longest_chain_line: int
    most_nesting: int


# What can add a level of nesting: signs and operators, brackets, `~`, and these words.
NESTING_CHARACTERS = "-+~*/%@&|^.([{"
NESTING_WORDS = ("not", "lambda", "if")
_last_shape: tuple[Optional[str], Optional[_Shape]] = (None, None)


def _statement_shape(text: str) -> _Shape:
    """One pass over the tokens for both questions (the engine asks both of each file it parses)."""
    global _last_shape
    last_text, last = _last_shape
    if last_text is text and last is not None:
        return last
    longest, longest_at = 0, 0
    chain, depth, previous = 0, 0, None
    nesting, most_nesting = 0, 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "operator":
            nesting += 1
            if previous in _VALUE_ENDS:  # `a + b`, `a.b`; not `-1` or `(+x)`
                chain += 1
                if chain > longest:  # the line is counted once, at the end: counting here is quadratic
                    longest, longest_at = chain, match.start()
            previous = kind
        elif kind == "newline":
            if depth == 0:
                chain = 0  # the statement ends
                most_nesting, nesting = max(most_nesting, nesting), 0
        elif kind in ("open", "close"):
            if kind == "open":
                depth, nesting = depth + 1, nesting + 1
            else:
                depth = max(depth - 1, 0)
            previous = kind
        elif kind != "comment" and kind != "continuation":
            token = match.group()
            if (kind == "name" and token in NESTING_WORDS) or token == "~":
                nesting += 1
            elif kind == "string" and "f" in token[:2].lower() and token[0] not in "'\"":  # an f-string
                nesting += sum(token.count(character) for character in NESTING_CHARACTERS)
                nesting += sum(token.count(word) for word in NESTING_WORDS)
            previous = kind
    shape = _Shape(longest, text.count("\n", 0, longest_at) + 1 if longest else 0, max(most_nesting, nesting))
    _last_shape = (text, shape)
    return shape
