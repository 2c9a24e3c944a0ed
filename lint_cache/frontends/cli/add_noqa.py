"""`check --add-noqa`: a `# noqa: CODES` comment on every line with a finding, as ruff's `--add-noqa`.

The codes join a noqa comment already on the line (`# noqa: E501` becomes `# noqa: E501, STC102`)
and otherwise go after the code, two spaces before. A line whose end lies inside a string or after
a backslash continuation cannot carry a comment there; it is left as it is and counted. Since the
added comments silence what was found, a second run finds nothing to add. Syntax errors (STC001),
unused noqa codes (STC002) and notebooks are not annotated.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from lint_cache.diagnostics import Diagnostic
from lint_cache.engine import NOQA
from lint_cache.frontends.cli import notebooks
from lint_cache.project import files

NOT_ANNOTATED = ("STC001", "STC002")
_LINE_END = re.compile(r"(\r\n|\r|\n)?$")


@dataclass
class Annotated:
    text: str
    added: int  # lines that gained or extended a noqa comment
    skipped: int  # lines that cannot carry a comment at their end


def annotated(text: str, diagnostics: list[Diagnostic]) -> Annotated:
    codes_by_line: dict[int, set[str]] = defaultdict(set)
    for d in diagnostics:
        if d.code not in NOT_ANNOTATED:
            codes_by_line[d.line].add(d.code)
    if not codes_by_line:
        return Annotated(text, 0, 0)
    lines = text.splitlines(keepends=True)
    blocked = _lines_without_room(text)
    added = skipped = 0
    for number, codes in sorted(codes_by_line.items()):
        if number > len(lines) or number in blocked:
            skipped += 1
            continue
        line = lines[number - 1]
        ending = _LINE_END.search(line).group(0)
        body = line[: len(line) - len(ending)]
        new_body = _with_codes(body, sorted(codes))
        if new_body != body:
            lines[number - 1] = new_body + ending
            added += 1
    return Annotated("".join(lines), added, skipped)


def _with_codes(body: str, codes: list[str]) -> str:
    match = NOQA.search(body)
    if match is None:
        return f"{body.rstrip()}  # noqa: {', '.join(codes)}"
    listed_text = match.group("codes")
    if listed_text is None:
        return body  # a bare noqa already silences everything
    listed = [code for code in re.split(r"[,\s]+", listed_text.strip()) if code]
    missing = [code for code in codes if not any(code.startswith(other.upper()) for other in listed)]
    if not missing:
        return body
    return f"{body[: match.start()]}# noqa: {', '.join(listed + missing)}{body[match.end() :]}"


def _lines_without_room(text: str) -> set[int]:
    """Lines whose end is inside a token (a multi-line string) or a backslash continuation."""
    blocked = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if line.endswith("\\"):
            blocked.add(number)
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.start[0] < token.end[0] and token.type not in (tokenize.NEWLINE, tokenize.NL):
                blocked.update(range(token.start[0], token.end[0]))
    except (tokenize.TokenError, SyntaxError):
        pass  # the engine parsed this text: only odd endings get here, and the lines found so far stand
    return blocked


def add_to_file(path: str, diagnostics: list[Diagnostic]) -> tuple[int, int]:
    """Annotate one file, writing it atomically when something changed; (added, skipped)."""
    lines = {d.line for d in diagnostics if d.code not in NOT_ANNOTATED}
    if not lines:
        return 0, 0  # also files that could not be decoded or parsed (STC001): nothing to annotate
    if notebooks.is_notebook(path):
        return 0, len(lines)
    source = files.read(path)
    text, encoding = source.decode()
    result = annotated(text, diagnostics)
    if result.text != text:
        files.replace_contents(path, result.text.encode(encoding), expected=source.data)
    return result.added, result.skipped


def add_to_files(found: Iterable[tuple[str, list[Diagnostic]]]) -> tuple[int, int, list[str]]:
    """Annotate each (path, diagnostics); (lines added, lines skipped, error messages)."""
    added = skipped = 0
    errors = []
    for path, diagnostics in found:
        if not diagnostics:
            continue
        try:
            file_added, file_skipped = add_to_file(path, diagnostics)
        except (files.UnreadableFile, files.ChangedOnDisk, OSError) as error:
            errors.append(f"{path}: cannot add noqa comments: {error}")
            continue
        added += file_added
        skipped += file_skipped
    return added, skipped, errors
