"""Errors the reference runtime raises inside the app, named as Streamlit names them.

An app sees these exactly where real Streamlit raises its own; the simulator reports them with
the app's traceback line. `SimulationError` is different: the simulator itself cannot go on
(a bad --runs file, a feature it does not model).
"""

from __future__ import annotations


class StreamlitAPIException(Exception):
    """A Streamlit command was called in a way Streamlit rejects."""


class DuplicateWidgetID(StreamlitAPIException):
    pass


class UnhashableParamError(StreamlitAPIException):
    """An argument of a cached function cannot be hashed (Streamlit's UnhashableParamError)."""

    def __init__(self, function_name: str, parameter: str | None, value: object) -> None:
        where = f"parameter `{parameter}`" if parameter else "an argument"
        super().__init__(
            f"Cannot hash {where} of `{function_name}()` (type {type(value).__module__}.{type(value).__qualname__}); "
            "prefix the parameter name with an underscore to skip hashing it, or pass hash_funcs="
        )
        self.parameter = parameter


class UserHashError(StreamlitAPIException):
    """A function from hash_funcs raised."""


class UnserializableReturnValueError(StreamlitAPIException):
    """cache_data could not pickle the return value."""

    def __init__(self, function_name: str, value: object) -> None:
        super().__init__(
            f"`{function_name}()` returned an object of type {type(value).__qualname__} that st.cache_data "
            "cannot pickle; use st.cache_resource for it"
        )


class CacheReplayClosureError(StreamlitAPIException):
    """On a cache hit, a recorded element targets a container the replay cannot find."""

    def __init__(self, function_name: str) -> None:
        super().__init__(
            f"While replaying `{function_name}()` from the cache, an element targets a container created "
            "outside the function"
        )


class NamedStreamlitError(StreamlitAPIException):
    """A Streamlit exception whose class name the release decides (StreamlitValueError,
    CachedFunctionReturnedAwaitableError, ...): reported under that name, as the app would see it."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.streamlit_name = name


class StopScript(Exception):
    """st.stop(): ends the script run early (Streamlit's StopException)."""


class RerunScript(Exception):
    """st.rerun(): ends the script run and starts another (Streamlit's RerunException)."""


class SimulationError(Exception):
    """The simulator cannot continue; the message says why."""


def as_streamlit_raises(error: BaseException) -> BaseException:
    """Mark a built-in exception (TypeError, AttributeError, ...) the model raises on purpose,
    where Streamlit raises the same; anything else escaping the model is a bug in the model."""
    error.raised_by_model = True  # type: ignore[attr-defined]
    return error


def streamlit_name(error: BaseException) -> str:
    """The exception's class name as Streamlit names it."""
    return getattr(error, "streamlit_name", type(error).__name__)


def is_modelled(error: BaseException) -> bool:
    return isinstance(error, (StreamlitAPIException, StopScript, RerunScript)) or getattr(
        error, "raised_by_model", False
    )
