"""Which files a run checks, through the real `lint-cache check`: `.gitignore` and `.ignore` in folder
walks, explicit paths (hidden only with `--force-exclude`); notebooks linted per cell, fixed in their
JSON, refused clearly when they are not Python."""

import json
import sys
from pathlib import Path

import pytest

from conftest import LEGACY_APP, SLIDER_APP, check_at_1_40

LINT_CACHE = str(Path(sys.executable).parent / "lint-cache")


check = check_at_1_40


def files_of(result) -> list[str]:
    return sorted({line.split(":")[0] for line in result.stdout.splitlines() if ": STC" in line})


@pytest.fixture
def repository(tmp_path):
    (tmp_path / ".git").mkdir()  # a repository root: its .gitignore applies below
    (tmp_path / ".gitignore").write_text("generated/\n*_old.py\n!keep_old.py\n")
    for name in (
        "app.py",
        "generated/made.py",
        "pages/one_old.py",
        "pages/keep_old.py",
        "pages/local.py",
        "src/two.py",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(SLIDER_APP)
    (tmp_path / "pages" / ".ignore").write_text("local.py\n")
    (tmp_path / "src" / ".gitignore").write_text("*.py\n")
    (tmp_path / "src" / ".ignore").write_text("!two.py\n")  # .ignore wins in the same folder
    return tmp_path


def test_folder_walks_skip_what_ignore_files_hide(repository):
    result = check(".", cwd=repository)
    assert files_of(result) == ["app.py", "pages/keep_old.py", "src/two.py"]
    # The root's .gitignore applies when the walk starts below it too.
    assert files_of(check("pages", cwd=repository)) == ["pages/keep_old.py"]
    everything = check(".", "--no-respect-gitignore", cwd=repository)
    assert len(files_of(everything)) == 6


def test_explicit_paths_are_checked_unless_force_exclude(repository):
    named = check("generated/made.py", "pages/one_old.py", cwd=repository)
    assert files_of(named) == ["generated/made.py", "pages/one_old.py"]
    forced = check("generated/made.py", "pages/one_old.py", "app.py", "--force-exclude", cwd=repository)
    assert files_of(forced) == ["app.py"]
    assert check("generated", "--force-exclude", cwd=repository).stdout == "All checks passed (0 files checked).\n"


def notebook(cells, language="python", indent=1) -> str:
    document = {
        "cells": cells,
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": language, "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(document, indent=indent, ensure_ascii=False) + "\n"


def code(*lines):
    return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": list(lines)}


def markdown(text):
    return {"cell_type": "markdown", "metadata": {}, "source": [text]}


NOTEBOOK_CELLS = [
    markdown("# A Streamlit notebook"),
    code("%pip install streamlit\n", "import streamlit as st"),
    code(
        "@st.cache(allow_output_mutation=True)\n",
        "def model():\n",
        "    !echo loading\n",
        "    return {'weights': [1, 2]}",
    ),
    markdown("## Widgets"),
    code("@st.cache_data\n", "def load(path):\n", "    rows = st.slider('Rows', 1, 9)\n", "    return path, rows\n"),
    code("%%bash\n", "echo not python"),
]


def test_notebooks_are_linted_per_cell(tmp_path):
    (tmp_path / "analysis.ipynb").write_text(notebook(NOTEBOOK_CELLS))
    result = check(".", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("analysis.ipynb:cell 3:1:1: STC201 ")
    assert lines[1].startswith("analysis.ipynb:cell 5:3:12: STC102 `st.slider` inside cached `load()`")
    assert (
        lines[2] == "Found 2 problems (1 file checked, Streamlit 1.40 from --streamlit-version); "
        "1 fixable with `lint-cache check --fix`."
    )
    records = json.loads(check("analysis.ipynb", "--format", "json", cwd=tmp_path).stdout)
    assert [(r["cell"], r["line"], r["column"], r["code"]) for r in records] == [
        (3, 1, 1, "STC201"),
        (5, 3, 12, "STC102"),
    ]
    full = check("analysis.ipynb", "--format", "full", cwd=tmp_path).stdout
    assert "3 |     rows = st.slider('Rows', 1, 9)" in full


def test_notebook_fixes_are_written_back_into_the_json(tmp_path):
    original = notebook(NOTEBOOK_CELLS)
    (tmp_path / "analysis.ipynb").write_text(original)
    diff = check("analysis.ipynb", "--diff", cwd=tmp_path)
    assert "--- a/analysis.ipynb:cell 3" in diff.stdout and "+@st.cache_resource" in diff.stdout
    assert (tmp_path / "analysis.ipynb").read_text() == original
    fixed = check("analysis.ipynb", "--fix", cwd=tmp_path)
    assert fixed.returncode == 1  # the widget has no fix
    written = (tmp_path / "analysis.ipynb").read_text()
    cells = json.loads(written)["cells"]
    assert cells[2]["source"] == [
        "@st.cache_resource\n",
        "def model():\n",
        "    !echo loading\n",
        "    return {'weights': [1, 2]}",
    ]
    # Everything else is as it was: IPython lines, other cells, the JSON layout.
    expected = json.loads(original)
    expected["cells"][2]["source"] = cells[2]["source"]
    assert written == json.dumps(expected, indent=1, ensure_ascii=False) + "\n"
    assert check("analysis.ipynb", "--fix", cwd=tmp_path).stdout.startswith("analysis.ipynb:cell 5:3:12: STC102")


def test_notebooks_that_are_not_python_or_not_json_are_never_passed_silently(tmp_path):
    (tmp_path / "r.ipynb").write_text(notebook([code("library(streamlit) # cache_data")], language="R"))
    refused = check("r.ipynb", cwd=tmp_path)
    assert refused.returncode == 0
    assert "lint-cache: note: r.ipynb: not linted: the notebook's language is r, not Python" in refused.stderr
    assert (
        refused.stdout == "No problems found (0 files checked, 1 not linted: see the notes above, "
        "Streamlit 1.40 from --streamlit-version).\n"
    )
    (tmp_path / "broken.ipynb").write_text('{"cells": [ streamlit cache_data')
    broken = check("broken.ipynb", cwd=tmp_path)
    assert broken.returncode == 1
    assert broken.stdout.startswith(
        "broken.ipynb:1:1: STC001 cannot parse the file: cannot read the notebook: it is not valid notebook JSON"
    )


def test_a_notebook_cell_with_a_syntax_error_is_stc001_in_that_cell(tmp_path):
    cells = [code("import streamlit as st"), code("@st.cache_data\n", "def f(:\n", "    pass")]
    (tmp_path / "bad.ipynb").write_text(notebook(cells))
    result = check("bad.ipynb", cwd=tmp_path)
    assert result.stdout.startswith("bad.ipynb:cell 2:2:7: STC001 ")


def test_legacy_fixes_in_plain_files_still_work_beside_notebooks(tmp_path):
    (tmp_path / "model.py").write_text(LEGACY_APP)
    (tmp_path / "empty.ipynb").write_text(notebook([]))
    assert check(".", "--fix", cwd=tmp_path).returncode == 0
    assert "@st.cache_resource" in (tmp_path / "model.py").read_text()
