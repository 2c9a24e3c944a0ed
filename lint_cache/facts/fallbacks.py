"""Failures a cached function turns into a result (STC112): a `try` whose body makes an I/O call and
a handler that catches that failure and returns a fallback without raising."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import libcst as cst

from lint_cache.facts.walk import nodes_of
from lint_cache.knowledge import failures

_RAISE_OR_RETURN = frozenset({cst.Raise, cst.Return})
_CALL = frozenset({cst.Call})


@dataclass(frozen=True)
class CaughtFailure:
    handler: cst.ExceptHandler
    io_call: cst.Call  # the first I/O call of the try body
    fallback: cst.Return  # the handler's return


def caught_failures(tries: list[cst.Try], qualified_name) -> list[CaughtFailure]:
    """The handlers of a function's own `try` statements (`tries`) that swallow an I/O
    failure into a return. `qualified_name(node)` says what a called name stands for ("requests.get")."""
    found = []
    for node in tries:
        io_call = _first_io_call(node.body, qualified_name)
        if io_call is None:
            continue
        for handler in node.handlers:
            if not _catches_io_failure(handler, qualified_name):
                continue
            inner = nodes_of(handler.body, _RAISE_OR_RETURN)
            if any(isinstance(statement, cst.Raise) for statement in inner):
                continue  # re-raised (maybe after logging): nothing is cached
            fallback = next((statement for statement in inner if isinstance(statement, cst.Return)), None)
            if fallback is None:
                continue
            if fallback.value is not None and _first_io_call(fallback.value, qualified_name) is not None:
                continue  # another source (`return pd.read_csv(mirror_url)`): its failure is raised, not cached
            found.append(CaughtFailure(handler, io_call, fallback))
    return found


def _first_io_call(body: cst.CSTNode, qualified_name) -> Optional[cst.Call]:
    """An I/O call of the try body (the first one met), or None."""
    for call in nodes_of(body, _CALL):
        func = call.func
        if isinstance(func, cst.Attribute) and func.attr.value in failures.IO_METHODS:
            return call
        name = qualified_name(func)
        if name is not None and name.startswith(failures.IO_CALL_PREFIXES):
            return call
    return None


def _catches_io_failure(handler: cst.ExceptHandler, qualified_name) -> bool:
    """A bare `except:`, a catch-all, or an exception that says an I/O call failed for a moment (not
    one that says the request itself is wrong, like requests' `InvalidSchema`)."""
    if handler.type is None:
        return True
    kinds = handler.type.elements if isinstance(handler.type, cst.Tuple) else [handler.type]
    for kind in kinds:
        expression = kind.value if isinstance(kind, cst.Element) else kind
        final = (qualified_name(expression) or "").rpartition(".")[2]
        if final in failures.CATCH_ALL or final in failures.IO_EXCEPTIONS:
            return True
    return False
