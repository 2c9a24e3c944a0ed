"""Between the client's bytes and pygls: what pygls trusts, checked first.

pygls (2.1) reads each message's body with one `read(Content-Length)` on the stream it is given, so
a header that declares 10**12 bytes makes it allocate them (MemoryError: the server dies with a
traceback), and a header of thousands of digits makes its `int()` raise. pygls has no limit of its
own; the one place to put one is that stream: `LimitedInput` is what the server hands to pygls.
pygls also answers nothing to a request whose parameters do not fit the protocol's types (a
position with line -1): the error is logged and the client waits for ever. `LintCacheProtocol`
answers such a request with InvalidParams, saying what is wrong.
"""

from __future__ import annotations

import json
import re
from typing import Any, BinaryIO, Optional

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.json_rpc import JsonRPCRequestMessage

# The default of `lint-cache server --max-message-size`: room for the largest file lint-cache checks
# (`guards.MAX_CHARACTERS`, 10 million characters) at six bytes a character, as JSON escapes them.
MAX_MESSAGE_BYTES = 64 * 1024**2
# Header lines are short ("Content-Length: 1234"); a longer one reaches pygls in pieces of this
# size, none of which it takes for a header.
MAX_HEADER_LINE = 64 * 1024
# The notification `LimitedInput` hands to pygls in place of a message it skips.
SKIPPED_MESSAGE = "lint-cache/skippedMessage"

_CONTENT_LENGTH = re.compile(rb"Content-Length: (\d+)\r\n")  # pygls's own pattern
_CHUNK = 1 << 20


class LimitedInput:
    """The server's standard input, read as pygls reads it (`readline`, `read`). A message whose
    Content-Length is more than `max_message_bytes` is never held: pygls gets a small
    SKIPPED_MESSAGE notification instead (the server logs it), and the body is read past in
    chunks. If the client does send that many bytes, the messages after it are served as usual;
    if the stream ends first, the server ends as at any end of input."""

    def __init__(self, stream: BinaryIO, max_message_bytes: int = MAX_MESSAGE_BYTES):
        self.stream = stream
        self.max_message_bytes = max_message_bytes
        self._notice: Optional[bytes] = None  # handed to pygls in place of the refused body
        self._refused: Optional[int] = None  # the refused body's length (None: more than any stream holds)
        self._read_past = False  # whether the refused body must be read past before the next header

    def readline(self) -> bytes:
        if self._read_past and not self._read_past_refused_body():
            return b""  # the stream ended inside the refused body
        line = self.stream.readline(MAX_HEADER_LINE)
        match = _CONTENT_LENGTH.fullmatch(line)
        if match is None:
            return line
        digits = match.group(1).lstrip(b"0") or b"0"
        length = int(digits) if len(digits) <= 20 else None
        if length is not None and length <= self.max_message_bytes:
            return b"Content-Length: %d\r\n" % length  # without leading zeros, which pygls's int() counts
        self._refused, self._notice = length, self._skipped_notice(digits)
        return b"Content-Length: %d\r\n" % len(self._notice)

    def read(self, size: int) -> bytes:
        if self._notice is None:
            return self.stream.read(size)
        notice, self._notice, self._read_past = self._notice, None, True
        return notice

    def _read_past_refused_body(self) -> bool:
        """Read past the body of the message refused last; False when the stream ends first."""
        self._read_past = False
        left = self._refused
        while left is None or left > 0:
            chunk = self.stream.read(_CHUNK if left is None else min(left, _CHUNK))
            if not chunk:
                return False
            if left is not None:
                left -= len(chunk)
        return True

    def _skipped_notice(self, digits: bytes) -> bytes:
        declared = f"{int(digits):,} bytes" if len(digits) <= 20 else f"a number of {len(digits):,} digits"
        message = (
            f"lint-cache server: a message declares {declared} (its Content-Length header), more than "
            f"--max-message-size allows ({self.max_message_bytes:,} bytes); it is skipped "
            "unread, and so is whatever it asked for"
        )
        return json.dumps({"jsonrpc": "2.0", "method": SKIPPED_MESSAGE, "params": {"message": message}}).encode()


class UnreadableRequest:
    """A request whose parameters do not fit the types the protocol gives them."""

    def __init__(self, id: Any, method: str, reason: str):
        self.id = id
        self.method = method
        self.reason = reason


class LintCacheProtocol(LanguageServerProtocol):
    def structure_message(self, data: dict[str, Any]) -> Any:
        # pygls calls this for every JSON object of a message, innermost first; a message has "jsonrpc".
        if "jsonrpc" in data and "method" in data and "id" in data:
            request_type = self.get_message_type(data["method"]) or JsonRPCRequestMessage
            try:
                return self._converter.structure(data, request_type)
            except Exception as error:
                return UnreadableRequest(data["id"], str(data["method"]), _reason(error))
        return super().structure_message(data)

    def handle_message(self, message: Any) -> None:
        if isinstance(message, UnreadableRequest):
            error = JsonRpcInvalidParams(f"{message.method}: invalid parameters: {message.reason}")
            self._send_response(message.id, None, error.to_response_error())
            return
        super().handle_message(message)


def _reason(error: BaseException) -> str:
    """What is wrong, from the innermost of cattrs's nested errors."""
    inner = getattr(error, "exceptions", None)
    if not inner:
        return str(error)
    return "; ".join(dict.fromkeys(_reason(each) for each in inner))


def log_skipped(server: Any, params: Any) -> None:
    """Tell the client, in its log, about the message `LimitedInput` skipped."""
    message = params.get("message") if isinstance(params, dict) else getattr(params, "message", None)
    server.window_log_message(types.LogMessageParams(type=types.MessageType.Error, message=str(message)))
