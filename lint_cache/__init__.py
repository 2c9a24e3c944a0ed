"""lint-cache: a linter for Streamlit caching mistakes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Diagnostic", "Settings", "check_source", "__version__"]

if TYPE_CHECKING:
    from lint_cache.diagnostics import Diagnostic
    from lint_cache.engine import check_source
    from lint_cache.settings import Settings

# Imported on first use: flake8 imports this package for every run, in every project where we are
# installed, and the engine pulls in libcst. The flake8 plugin must cost nothing on files that
# cannot contain a cached function.
_LAZY = {
    "Diagnostic": "lint_cache.diagnostics",
    "check_source": "lint_cache.engine",
    "Settings": "lint_cache.settings",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'lint_cache' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_LAZY[name]), name)
