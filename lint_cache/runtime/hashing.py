"""Cache keys: which function cache a call goes to, and which entry in it (design §1.4).

Modelled on `streamlit/runtime/caching/hashing.py` and `cache_utils.py` (1.35 and 1.67 agree):
- the function key hashes the module, the qualified name and the source text, so functions
  defined in a loop or inside another function share one cache;
- the value key hashes (parameter name, value) for positional arguments, then the keyword
  arguments in call order; names starting with "_" are skipped, defaults are not filled in;
- values are hashed by type; anything else is hashed through `__reduce__()`, which is what makes
  functions, generators, locks, connections and plain class instances unhashable.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
import inspect
import io
import re
import struct
import types
import uuid
from enum import Enum
from typing import Any, Callable, Mapping, Optional, Sequence

from lint_cache.runtime.errors import UnhashableParamError, UserHashError

HashFuncs = Mapping[Any, Callable[[Any], Any]]

CYCLE = b"streamlit-57R34ML17-hesamagicalponyflyingthroughthesky-CYCLE"


class UnhashableValue(Exception):
    """Raised inside the hasher; turned into UnhashableParamError with the parameter's name."""


def function_key(func: Callable[..., Any]) -> str:
    hasher = _Hasher()
    digest = hashlib.md5()
    digest.update(hasher.to_bytes((func.__module__, func.__qualname__)))
    try:
        source: Any = inspect.getsource(func)
    except (OSError, TypeError):
        source = func.__code__.co_code  # Streamlit falls back to the bytecode too
    digest.update(hasher.to_bytes(source))
    return digest.hexdigest()


def value_key(
    func: Callable[..., Any], args: Sequence[Any], kwargs: Mapping[str, Any], hash_funcs: Optional[HashFuncs]
) -> str:
    names = positional_names(func)
    pairs = [(names[index] if index < len(names) else None, value) for index, value in enumerate(args)]
    pairs += list(kwargs.items())
    digest = hashlib.md5()
    for name, value in pairs:
        if name is not None and name.startswith("_"):
            continue
        try:
            digest.update(_Hasher().to_bytes(name))
            digest.update(_Hasher(hash_funcs).to_bytes(value))
        except UnhashableValue:
            raise UnhashableParamError(func.__qualname__, name, value) from None
    return digest.hexdigest()


def widget_key(widget_values: Sequence[tuple[str, Any]]) -> str:
    """The key of one result inside a value-key entry under widget replay (1.15-1.37)."""
    digest = hashlib.md5()
    for pair in widget_values:
        digest.update(_Hasher().to_bytes(pair))
    return digest.hexdigest()


def positional_names(func: Callable[..., Any]) -> list[str]:
    """Names of the parameters a positional argument can bind to; *args and keyword-only get None."""
    names = []
    for parameter in inspect.signature(func).parameters.values():
        if parameter.kind not in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD):
            break
        names.append(parameter.name)
    return names


def fully_qualified_type_name(value: Any) -> str:
    return f"{type(value).__module__}.{type(value).__qualname__}"


class _Hasher:
    def __init__(self, hash_funcs: Optional[HashFuncs] = None) -> None:
        self.hash_funcs = {
            key if isinstance(key, str) else f"{key.__module__}.{key.__qualname__}": func
            for key, func in (hash_funcs or {}).items()
        }
        self.in_progress: set[int] = set()

    def to_bytes(self, value: Any) -> bytes:
        if id(value) in self.in_progress:
            return CYCLE
        self.in_progress.add(id(value))
        try:
            return type(value).__qualname__.encode() + b":" + self.content(value)
        finally:
            self.in_progress.discard(id(value))

    def digest_of(self, items) -> bytes:
        digest = hashlib.md5()
        for item in items:
            digest.update(self.to_bytes(item))
        return digest.digest()

    def content(self, value: Any) -> bytes:
        custom = self.hash_funcs.get(fully_qualified_type_name(value))
        if custom is not None:
            try:
                output = custom(value)
            except Exception as error:
                raise UserHashError(f"hash_funcs failed on a {type(value).__qualname__}: {error}") from error
            return self.to_bytes(output)
        if isinstance(value, (bytes, bytearray)):
            return bytes(value)
        if isinstance(value, str):
            return value.encode()
        if isinstance(value, float):
            return struct.pack("<d", value)
        if isinstance(value, int):
            return value.to_bytes((value.bit_length() + 8) // 8, "little", signed=True)
        if isinstance(value, uuid.UUID):
            return value.bytes
        if isinstance(value, datetime.datetime):
            return value.isoformat().encode()
        if isinstance(value, (list, tuple)):
            return self.digest_of(value)
        if isinstance(value, dict):
            return self.digest_of(value.items())
        if value is None:
            return b"0"
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return self.to_bytes(dataclasses.asdict(value))
        if isinstance(value, Enum):
            return str(value).encode()
        if inspect.isbuiltin(value):
            return value.__name__.encode()
        if isinstance(value, (types.MappingProxyType, type({}.items()))):
            return self.to_bytes(dict(value))
        if isinstance(value, re.Pattern):
            return self.to_bytes([value.pattern, value.flags])
        if isinstance(value, (io.StringIO, io.BytesIO)):
            return self.digest_of([value.tell(), value.getvalue()])
        if inspect.ismodule(value) or inspect.isclass(value):
            return self.to_bytes(value.__name__)
        if isinstance(value, functools.partial):
            return self.digest_of([value.args, value.func, value.keywords])
        return self.reduced(value)

    def reduced(self, value: Any) -> bytes:
        """Streamlit's last resort: hash what `__reduce__()` returns."""
        try:
            parts = value.__reduce__()
        except Exception:
            raise UnhashableValue() from None
        if isinstance(parts, str):
            return parts.encode()
        return self.digest_of(parts)
