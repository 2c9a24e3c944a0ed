"""Checks made before parsing, so that no file can make lint-cache take unbounded memory or time.

Each returns None, or why the file is refused (the file's STC001). Files that pass them and are
still large are parsed in a child process (`lint_cache.processes.isolation`).
"""

from __future__ import annotations

import ast
import sys
import warnings
from typing import Optional

from lint_cache import byte_sizes
from lint_cache.processes import isolation
from lint_cache.source import deep_code

# Python source beyond this is generated data, not an app; libcst would need 10-20 GB for it.
MAX_CHARACTERS = 10_000_000
# Python's own recursion limit, which decides what nesting Python's parser accepts.
PYTHON_RECURSION_LIMIT = 1000


def too_large(text: str) -> Optional[str]:
    if len(text) <= MAX_CHARACTERS:
        return None
    return (
        f"the file holds {len(text):,} characters "
        f"({byte_sizes.format_size(len(text.encode('utf-8', 'surrogatepass')))}), "
        f"more than the {MAX_CHARACTERS:,} lint-cache checks"
    )


# Python refuses code nested about 3,000 levels deep, at the least (measured on 3.9 to 3.13: `-` or
# `not` chains, lambdas, conditional expressions, `**`, calls, attributes, binary operators). Each
# level costs at least one of `deep_code.NESTING_CHARACTERS` or `NESTING_WORDS` in its statement, so a
# file with fewer of them in all, or in each statement, is not asked: asking is an `ast.parse`, a sixth of libcst's
# parse time (a fifth of a whole check on a large app, whose statements are each far below this).
NESTING_PYTHON_ACCEPTS = 2000
NESTS_TOO_DEEPLY = (
    "Python's own parser refuses it: it nests too deeply (lambdas, `not`, signs, calls, subscripts or "
    "conditional expressions inside one another)"
)


def python_refuses(text: str) -> Optional[str]:
    """Why Python's own parser gives up on `text` for its depth (the app could not run either), or
    None. Syntax errors are not reported here: libcst knows newer syntax than the running Python,
    and its error is then explained by Python's message anyway."""
    # Counted in the whole text first (words inside longer words too: only ever more), at C speed.
    nesting = sum(map(text.count, deep_code.NESTING_CHARACTERS)) + sum(map(text.count, deep_code.NESTING_WORDS))
    if nesting < NESTING_PYTHON_ACCEPTS or deep_code.most_nesting_tokens(text) < NESTING_PYTHON_ACCEPTS:
        return None
    limit = sys.getrecursionlimit()
    # Python's verdict under its default limit, wherever this runs (the big-stack thread raises it).
    sys.setrecursionlimit(_stack_depth() + PYTHON_RECURSION_LIMIT)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Python's SyntaxWarnings are not ours to print
            ast.parse(text)
    except MemoryError:
        if isolation.address_space_exhausted():
            raise  # the memory limit, not the nesting: told as memory by whoever set the limit
        return NESTS_TOO_DEEPLY
    except RecursionError:
        return NESTS_TOO_DEEPLY
    except (SyntaxError, ValueError):
        return None
    finally:
        sys.setrecursionlimit(limit)
    return None


def _stack_depth() -> int:
    depth, frame = 0, sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back
    return depth
