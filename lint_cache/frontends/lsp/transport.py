"""Between the client's messages and pygls: what pygls does not answer, answered.

pygls (2.1) answers nothing to a request whose parameters do not fit the protocol's types (a
position with line -1): the error is logged and the client waits for ever. `LintCacheProtocol`
answers such a request with InvalidParams, saying what is wrong.
"""

from __future__ import annotations

from typing import Any

from pygls.exceptions import JsonRpcInvalidParams
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.json_rpc import JsonRPCRequestMessage


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
