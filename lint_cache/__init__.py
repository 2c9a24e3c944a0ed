"""lint-cache: a linter for Streamlit caching mistakes."""

from lint_cache.diagnostics import Diagnostic
from lint_cache.engine import check_source
from lint_cache.settings import Settings

__version__ = "0.1.0"
__all__ = ["Diagnostic", "Settings", "check_source", "__version__"]
