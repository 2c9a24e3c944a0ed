"""Text from files (paths, widget labels in messages) made safe to print.

A label or a file name can hold terminal escape sequences, which would reach the terminal, and
line breaks, which would forge report lines (`fake.py:1:1: STCnnn ...`). A file name that is not
valid UTF-8 reaches Python as lone surrogates (surrogateescape), which no UTF-8 stream can write;
so does a label written `"\\udcff"` in the source. Machine formats (JSON, XML) are read by strict
parsers: they get every such character as visible text too.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any, Optional

# Characters that change how text is shown without being visible: bidirectional overrides
# ("Trojan source"), and the Unicode line and paragraph separators.
_INVISIBLE_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029")
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str, keep: str = "") -> str:
    """`text` with control characters escaped (`\\n`, `\\x1b`, `\\u202e`) and undecodable bytes of a
    file name shown as `\\xff`; other text, and the characters in `keep`, unchanged."""
    if text.isprintable():
        return text
    return "".join(character if character in keep else _escaped(character) for character in text)


def _escaped(character: str) -> str:
    if character.isprintable() and character not in _INVISIBLE_CONTROLS:
        return character
    if character in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[character]
    code = ord(character)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, carried by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    category = unicodedata.category(character)
    if category in ("Zs", "Co", "Cn"):  # spaces, private-use and unassigned characters show as they are
        return character
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable_lines(text: str) -> str:
    """`printable` for each line of a multi-line message (an internal error's traceback)."""
    return "\n".join(printable(line) for line in text.split("\n"))


def path_text(path: str) -> str:
    """A file name as valid Unicode for machine formats (JSON): bytes that are not UTF-8 as `\\xff`."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape" if _only_escaped_bytes(path) else "backslashreplace").decode(
            "utf-8", "backslashreplace"
        )


def path_bytes(path: str) -> bytes:
    """The file name's bytes, as the file system has them (for percent-encoded URIs)."""
    return path.encode("utf-8", "surrogateescape" if _only_escaped_bytes(path) else "backslashreplace")


def _only_escaped_bytes(path: str) -> bool:
    return all(not 0xD800 <= ord(character) <= 0xDFFF or 0xDC80 <= ord(character) <= 0xDCFF for character in path)


# Lone surrogates: no UTF-8 text holds one, and strict JSON parsers refuse even the `\udcff` escape.
_SURROGATE = re.compile("[\ud800-\udfff]")
# What XML 1.0 cannot hold, escaped or not (its `Char` production).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def machine_json(value: Any, indent: Optional[int] = None) -> str:
    """`value` as JSON for the machine formats: UTF-8 text as it is, a lone surrogate as the visible
    text `\\udcff` (file names are given through `path_text` first, their bytes shown as `\\xff`)."""
    return _SURROGATE.sub(_visible_escape, json.dumps(value, indent=indent, ensure_ascii=False))


def _visible_escape(match: re.Match) -> str:
    return f"\\\\u{ord(match.group()):04x}"  # inside a JSON string: a backslash, then `u` and the digits


def xml_text(text: str) -> str:
    """`printable(text)`, with what else XML 1.0 refuses (U+FFFE, U+FFFF) as visible escapes."""
    return _NOT_XML.sub(lambda match: f"\\u{ord(match.group()):04x}", printable(text))
