"""The reference runtime: a pure-Python model of Streamlit's caching, parameterised by release.

It never imports Streamlit. `simulate_app` runs an app script against it; `Server` and its
sessions are the pieces, for tests that drive caches directly (design §4).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lint_cache.runtime.errors import (
        CacheReplayClosureError,
        DuplicateWidgetID,
        SimulationError,
        StreamlitAPIException,
        UnhashableParamError,
        UnserializableReturnValueError,
        UserHashError,
    )
    from lint_cache.runtime.limits import DEFAULT_MAX_RUNS
    from lint_cache.runtime.server import FunctionReport, Server
    from lint_cache.runtime.simulation import AppError, CacheWarning, SimulationResult, TooManyRuns, simulate_app

__all__ = [
    "DEFAULT_MAX_RUNS",
    "AppError",
    "CacheReplayClosureError",
    "CacheWarning",
    "DuplicateWidgetID",
    "FunctionReport",
    "Server",
    "SimulationError",
    "SimulationResult",
    "StreamlitAPIException",
    "TooManyRuns",
    "UnhashableParamError",
    "UnserializableReturnValueError",
    "UserHashError",
    "simulate_app",
]

# Imported on first use: the CLI builds `simulate`'s parser on every start, and the runtime is
# a fifth of a second of imports that only `simulate` and the tests need.
_LAZY = {
    "CacheReplayClosureError": "lint_cache.runtime.errors",
    "DuplicateWidgetID": "lint_cache.runtime.errors",
    "SimulationError": "lint_cache.runtime.errors",
    "StreamlitAPIException": "lint_cache.runtime.errors",
    "UnhashableParamError": "lint_cache.runtime.errors",
    "UnserializableReturnValueError": "lint_cache.runtime.errors",
    "UserHashError": "lint_cache.runtime.errors",
    "FunctionReport": "lint_cache.runtime.server",
    "Server": "lint_cache.runtime.server",
    "DEFAULT_MAX_RUNS": "lint_cache.runtime.limits",
    "AppError": "lint_cache.runtime.simulation",
    "CacheWarning": "lint_cache.runtime.simulation",
    "SimulationResult": "lint_cache.runtime.simulation",
    "TooManyRuns": "lint_cache.runtime.simulation",
    "simulate_app": "lint_cache.runtime.simulation",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'lint_cache.runtime' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_LAZY[name]), name)
