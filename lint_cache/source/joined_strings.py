"""Long implicitly joined strings, which Python accepts and libcst refuses.

libcst's parser stops at 3,000 string literals joined without `+` (`("a" "b" ...)`, common in
generated prompt or CSS text); Python has no such limit. Rather than a false STC001 that hides the
file's real findings, each such run is replaced, for parsing only, by one triple-quoted string of
exactly the same length and line breaks, so every position after it stays the same. The text of
those strings is then not seen by the rules, and the file gets no fixes (they would write the
stand-in back).
"""

from __future__ import annotations

import io
import tokenize
from typing import Optional

LIBCST_LIMIT = 3000  # literals in one concatenation that libcst's parser accepts
_BETWEEN = frozenset({tokenize.NL, tokenize.COMMENT})


def collapsed(text: str) -> Optional[str]:
    """`text` with each run of more than LIBCST_LIMIT joined literals replaced by a stand-in of the
    same shape; None when there is no such run (or the text does not tokenize)."""
    runs = _long_runs(text)
    if not runs:
        return None
    line_starts = [0]  # tokenize counts lines by "\n" alone, as io.StringIO splits them
    position = text.find("\n")
    while position != -1:
        line_starts.append(position + 1)
        position = text.find("\n", position + 1)
    pieces, done = [], 0
    for (start_line, start_column), (end_line, end_column) in runs:
        start = line_starts[start_line - 1] + start_column
        end = line_starts[end_line - 1] + end_column
        region = text[start:end]
        inner = "".join(character if character in "\r\n" else "x" for character in region[3:-3])
        pieces += [text[done:start], '"""', inner, '"""']
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def _long_runs(text: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    runs = []
    count, first, last = 0, None, None
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.STRING:
                count, first = count + 1, first or token.start
                last = token.end
            elif token.type not in _BETWEEN:
                if count > LIBCST_LIMIT:
                    runs.append((first, last))
                count, first = 0, None
    except (tokenize.TokenError, SyntaxError):
        return []
    return runs
