"""The reference runtime: a pure-Python model of Streamlit's caching, parameterised by release.

It never imports Streamlit. `simulate_app` runs an app script against it; `Server` and its
sessions are the pieces, for tests that drive caches directly (design §4).
"""

from lint_cache.runtime.errors import (
    CacheReplayClosureError,
    DuplicateWidgetID,
    SimulationError,
    StreamlitAPIException,
    UnhashableParamError,
    UnserializableReturnValueError,
    UserHashError,
)
from lint_cache.runtime.server import FunctionReport, Server
from lint_cache.runtime.simulation import (
    DEFAULT_MAX_RUNS,
    AppError,
    CacheWarning,
    SimulationResult,
    TooManyRuns,
    simulate_app,
)

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
