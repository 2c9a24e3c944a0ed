"""The runtime stands alone: no Streamlit, no static analysis, and nothing left behind in sys.modules."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import lint_cache.runtime
from lint_cache.runtime import simulate_app

RUNTIME = Path(lint_cache.runtime.__file__).parent


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted(RUNTIME.glob("*.py")), ids=lambda path: path.name)
def test_runtime_modules_import_neither_streamlit_nor_the_static_side(path):
    # The runtime is what the estimator is measured against: it must count for itself.
    for name in imported_modules(path):
        assert name.split(".")[0] != "streamlit", f"{path.name} imports {name}"
        assert name.startswith("lint_cache.runtime") or not name.startswith("lint_cache"), f"{path.name} imports {name}"


def test_a_simulation_restores_sys_modules(tmp_path):
    app = tmp_path / "app.py"
    (tmp_path / "helper.py").write_text("VALUE = 1\n", encoding="utf-8")
    app.write_text(
        "import streamlit as st\nfrom streamlit.runtime.caching import cache_data\nimport helper\n", encoding="utf-8"
    )
    before = {
        name: module
        for name, module in sys.modules.items()
        if name.startswith("streamlit") or name in ("__main__", "helper")
    }
    result = simulate_app(str(app), "1.67")
    after = {
        name: module
        for name, module in sys.modules.items()
        if name.startswith("streamlit") or name in ("__main__", "helper")
    }
    assert result.errors == []
    assert after == before
    assert str(tmp_path) not in sys.path


def test_importing_an_unmodelled_streamlit_module_is_an_app_error(tmp_path):
    app = tmp_path / "app.py"
    app.write_text("import streamlit.components.v1 as components\n", encoding="utf-8")
    (error,) = simulate_app(str(app), "1.67").errors
    assert (error.type, error.line, error.internal) == ("ModuleNotFoundError", 1, False)
