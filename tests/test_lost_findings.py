"""Findings lost silently (issue 26): each reproduction run through the real executables.

The result cache, notebooks, and a file that goes away while `--fix` reads it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
LINT_CACHE = str(BIN / "lint-cache")
FLAKE8 = str(BIN / "flake8")

PAGE = """\
import streamlit as st

from helpers import sidebar_filters


@st.cache_data
def load():
    return sidebar_filters()
"""
HARMLESS_HELPERS = 'def sidebar_filters():\n    return ["North"]\n'
WIDGET_HELPERS = (
    'import streamlit as st\n\n\ndef sidebar_filters():\n    return st.sidebar.multiselect("Region", ["North"])\n'
)


def warm(root: Path, cache_home: Path, *paths: str) -> list[str]:
    """`lint-cache check` with the result cache on (in `cache_home`): the finding lines."""
    result = subprocess.run(
        [LINT_CACHE, "check", *(paths or ["."]), "--output-format", "concise", "--streamlit-version", "1.67"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "XDG_CACHE_HOME": str(cache_home)},
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return sorted(line[: line.index(": STC") + 8] for line in result.stdout.splitlines() if ": STC" in line)


def warm_flake8(root: Path, cache_home: Path) -> list[str]:
    result = subprocess.run(
        [FLAKE8, "--select", "STC", "--streamlit-version", "1.67", "."],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "XDG_CACHE_HOME": str(cache_home)},
    )
    assert "Traceback" not in result.stderr, result.stderr
    return sorted(line.removeprefix("./").split(" ", 2)[0] for line in result.stdout.splitlines())


# -- the result cache --------------------------------------------------------------------------------


def test_identical_pages_whose_helpers_differ_do_not_share_a_cache_entry(tmp_path):
    project, cache = tmp_path / "project", tmp_path / "cache"
    for folder, helpers in (("a", HARMLESS_HELPERS), ("b", WIDGET_HELPERS)):
        (project / folder).mkdir(parents=True)
        (project / folder / "page.py").write_text(PAGE)
        (project / folder / "helpers.py").write_text(helpers)
    expected = ["b/page.py:8:12: STC102"]
    assert warm(project, cache) == expected
    assert warm(project, cache) == expected  # from the cache, each page its own entry


def test_a_helper_module_created_after_the_check_makes_the_entry_stale(tmp_path):
    project, cache = tmp_path / "project", tmp_path / "cache"
    project.mkdir()
    (project / "page.py").write_text(PAGE)
    assert warm(project, cache) == []  # `helpers` is no module of the project yet
    (project / "helpers.py").write_text(WIDGET_HELPERS)
    assert warm(project, cache) == ["page.py:8:12: STC102"]


def test_a_helper_module_created_later_is_seen_through_a_notebook_too(tmp_path):
    import json

    project, cache = tmp_path / "project", tmp_path / "cache"
    project.mkdir()
    cell = {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": PAGE}
    (project / "app.ipynb").write_text(
        json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    )
    assert warm(project, cache) == []
    (project / "helpers.py").write_text(WIDGET_HELPERS)
    assert warm(project, cache) == ["app.ipynb:cell 1:8:12: STC102"]


def test_flake8_sees_a_helper_module_created_after_its_cached_run(tmp_path):
    project, cache = tmp_path / "project", tmp_path / "cache"
    project.mkdir()
    (project / "page.py").write_text(PAGE)
    assert warm_flake8(project, cache) == []
    (project / "helpers.py").write_text(WIDGET_HELPERS)
    assert warm_flake8(project, cache) == ["page.py:8:12:"]


def test_an_entry_whose_import_now_leads_elsewhere_is_not_used(tmp_path):
    from lint_cache.frontends.result_cache import ResultCache

    (tmp_path / "page.py").write_text(PAGE)
    cache = ResultCache(tmp_path / "results", secret=b"k" * 32)
    cache.put("k", [], [], [["", "helpers", 0, None]])
    cache.save()
    assert cache.get("k", str(tmp_path / "page.py")) == []
    (tmp_path / "helpers.py").write_text(HARMLESS_HELPERS)
    from lint_cache.project import imports

    imports.forget()  # what a new process knows: nothing of the disk yet
    assert ResultCache(tmp_path / "results", secret=b"k" * 32).get("k", str(tmp_path / "page.py")) is None


# -- a file that goes away while --fix reads it --------------------------------------------------------

LEGACY = "import streamlit as st\n\n\n@st.cache\ndef load(n):\n    return n\n"
# The real CLI, with the file deleted once it was read and while its fixes are made.
DELETE_WHILE_FIXING = """\
import os, sys
from lint_cache import engine
real = engine.fix_text
def fix_text(text, path, *args, **kwargs):
    os.unlink(path)
    return real(text, path, *args, **kwargs)
engine.fix_text = fix_text
from lint_cache.frontends.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def _notebook(source: str) -> str:
    import json

    cell = {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": source}
    return json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


@pytest.mark.parametrize("name", ["app.py", "app.ipynb"])
def test_a_file_deleted_while_it_is_fixed_is_unreadable_with_its_findings_kept(tmp_path, name):
    (tmp_path / name).write_text(_notebook(LEGACY) if name.endswith(".ipynb") else LEGACY)
    result = subprocess.run(
        [sys.executable, "-c", DELETE_WHILE_FIXING, "check", "--fix", "--no-cache", name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert f"{name}: cannot read the file: No such file or directory; nothing was written" in result.stderr
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "STC201" in result.stdout and "No problems found" not in result.stdout
    assert not (tmp_path / name).exists()


# -- notebooks ----------------------------------------------------------------------------------------


def notebook_of(*cells: tuple[str, str], indent="  ") -> str:
    """A notebook of (cell type, source) cells, sources in nbformat's list-of-lines form."""
    import json

    return (
        json.dumps(
            {
                "cells": [
                    {"cell_type": kind, "metadata": {}, "source": _lines_kept(source)}
                    | ({"outputs": [], "execution_count": None} if kind == "code" else {})
                    for kind, source in cells
                ],
                "metadata": {"kernelspec": {"language": "python", "name": "python3"}},
                "nbformat": 4,
                "nbformat_minor": 5,
            },
            indent=indent,
        )
        + "\n"
    )


def _lines_kept(source: str) -> list[str]:
    return [line for line in source.replace("\n", "\n\0").split("\0") if line]


def lint_cache(root: Path, *args: str, env=None, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [LINT_CACHE, "check", "--no-cache", "--output-format", "concise", "--streamlit-version", "1.67", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        **kwargs,
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def codes(result: subprocess.CompletedProcess) -> list[str]:
    return [line[: line.index(": STC") + 8] for line in result.stdout.splitlines() if ": STC" in line]


WIDGET_IN_CACHE = (
    'import streamlit as st\n\n\n@st.cache_data(ttl=60)  # right?\ndef load():\n    return st.slider("n")\n'
)


def test_a_comment_that_ends_in_a_question_mark_is_python_not_ipython_help(tmp_path):
    (tmp_path / "app.ipynb").write_text(
        notebook_of(("code", WIDGET_IN_CACHE), ("code", "# why?\nx = load()  # really??\ndf?\n??np.load\n"))
    )
    assert codes(lint_cache(tmp_path, "app.ipynb")) == ["app.ipynb:cell 1:6:12: STC102"]


def test_characters_splitlines_splits_at_end_no_line_in_a_string_or_comment(tmp_path):
    # Python ends lines at \n, \r\n and \r alone; str.splitlines also at these.
    separators = ["\u2028", "\x85", "\x0c", "\x1c", "\u2029", "\x0b"]
    cell = WIDGET_IN_CACHE + "".join(f'label_{n} = "a{s}b"  # one{s}line\n' for n, s in enumerate(separators))
    (tmp_path / "app.ipynb").write_text(notebook_of(("code", cell)), encoding="utf-8")
    assert codes(lint_cache(tmp_path, "app.ipynb")) == ["app.ipynb:cell 1:6:12: STC102"]


def test_a_cell_comment_like_a_boundary_or_a_magic_placeholder_is_left_where_it_is(tmp_path):
    import json

    first = "import streamlit as st\n%matplotlib inline\npass  # lint-cache: magic 0\n# lint-cache: notebook cell 1\n"
    original = notebook_of(("markdown", "# Title\n"), ("code", first), ("code", LEGACY))
    (tmp_path / "app.ipynb").write_text(original)
    result = lint_cache(tmp_path, "--fix", "app.ipynb")
    assert result.returncode == 0, result.stdout + result.stderr
    cells = json.loads((tmp_path / "app.ipynb").read_text())["cells"]
    assert "".join(cells[0]["source"]) == "# Title\n"
    assert "".join(cells[1]["source"]) == first
    assert "".join(cells[2]["source"]) == LEGACY.replace("@st.cache\n", "@st.cache_data\n")


def test_fix_changes_only_the_fixed_source_in_the_notebook_json(tmp_path):
    # The fixed cell is CRLF and stays so; another CRLF cell, `1e400` and tab indentation are untouched.
    text = notebook_of(("code", LEGACY.replace("\n", "\r\n")), ("code", "x = 1\r\ny = 2\r\n"), indent="\t")
    text = text.replace('"nbformat_minor": 5', '"nbformat_minor": 5,\n\t"lint_cache_test": 1e400')
    (tmp_path / "app.ipynb").write_bytes(text.encode())
    result = lint_cache(tmp_path, "--fix", "app.ipynb")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "app.ipynb").read_bytes() == text.replace('"@st.cache\\r\\n"', '"@st.cache_data\\r\\n"').encode()


def test_fix_leaves_a_notebook_where_no_fix_applies_byte_for_byte(tmp_path):
    # A finding without a fix (STC102) in a CRLF cell, another CRLF cell, numbers JSON holds that
    # Python's json would write otherwise (`1e400`, a big integer, `1.10`), tab indentation.
    text = notebook_of(("code", WIDGET_IN_CACHE.replace("\n", "\r\n")), ("code", "x = 1\r\ny = 2\r\n"), indent="\t")
    text = text.replace(
        '"nbformat_minor": 5', '"nbformat_minor": 5,\n\t"a": 1e400, "b": 123456789012345678901234, "c": 1.10'
    )
    (tmp_path / "app.ipynb").write_bytes(text.encode())
    result = lint_cache(tmp_path, "--fix", "--unsafe-fixes", "app.ipynb")
    assert result.returncode == 1 and codes(result) == ["app.ipynb:cell 1:6:12: STC102"], result.stdout
    assert (tmp_path / "app.ipynb").read_bytes() == text.encode()


def test_very_deep_notebook_json_is_stc001_not_an_internal_error(tmp_path):
    cell = '{"cell_type": "code", "source": "import streamlit as st\\n@st.cache_data\\ndef f():\\n    pass\\n"}'
    (tmp_path / "app.ipynb").write_text(f'{{"cells": [{cell}], "metadata": ' + "[" * 100_000 + "]" * 100_000 + "}")
    result = lint_cache(tmp_path, "app.ipynb")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "internal error" not in result.stderr
    (line,) = result.stdout.splitlines()[:1]
    assert "STC001" in line and "nested too deeply" in line


@pytest.mark.parametrize("statements", [25_000, 200_000], ids=["300 KB", "2.4 MB"])
def test_a_notebook_that_exhausts_memory_is_its_own_stc001_and_every_other_finding_stays(tmp_path, statements):
    # 2.4 MB of code also sends more than 2,000 dots and brackets to Python's own parser (the depth
    # guard), which runs out of the same 64 MB: that is memory, not nesting.
    import resource

    huge = (
        "import streamlit as st\n\n@st.cache_data\ndef load(n):\n    return st.slider('n')\n\n"
        + "st.write(1)\n" * statements
    )
    (tmp_path / "huge.ipynb").write_text(notebook_of(("code", huge)))
    (tmp_path / "app.py").write_text(WIDGET_IN_CACHE)
    limit = 3 * 1024**3
    result = lint_cache(
        tmp_path,
        ".",
        env={**os.environ, "LINT_CACHE_MAX_MEMORY": "64MB"},
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit)),
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "app.py:6:12: STC102" in result.stdout
    (line,) = [line for line in result.stdout.splitlines() if line.startswith("huge.ipynb")]
    assert "STC001" in line and "needs more than 64 MB of memory" in line


def test_a_notebook_nested_too_deeply_is_told_so_under_a_memory_limit_too(tmp_path):
    # Python's parser raises MemoryError for code nested too deeply, as for memory that runs out:
    # the address space's peak tells them apart.
    deep = "import streamlit as st\n\nx = " + "-" * 100_000 + "1\n\n@st.cache_data\ndef load(n):\n    return n\n"
    (tmp_path / "deep.ipynb").write_text(notebook_of(("code", deep + "st.write(1)\n" * 25_000)))
    result = lint_cache(tmp_path, ".", env={**os.environ, "LINT_CACHE_MAX_MEMORY": "64MB"})
    (line,) = result.stdout.splitlines()[:1]
    assert line.startswith("deep.ipynb:cell 1:1:1: STC001") and "nests too deeply" in line, line


# -- pins, configuration, paths ----------------------------------------------------------------------

LONG_NAME = "a" * 300  # beyond the 255 bytes a file name may have


def flake8(root: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([FLAKE8, "--select", "STC", *args], cwd=root, capture_output=True, text=True, timeout=60)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def test_an_include_chain_1500_deep_is_read_by_the_cli_and_flake8(tmp_path):
    (tmp_path / "app.py").write_text(LEGACY)
    (tmp_path / "requirements.txt").write_text("-r r0.txt\n")
    for number in range(1500):
        (tmp_path / f"r{number}.txt").write_text(f"-r r{number + 1}.txt\n" if number < 1499 else "streamlit==1.30\n")
    result = subprocess.run(
        [LINT_CACHE, "check", "--no-cache", "app.py"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert "Traceback" not in result.stderr and result.returncode == 1, result.stderr
    assert "Streamlit 1.30 from requirements.txt" in result.stdout
    found = flake8(tmp_path, "app.py")
    assert found.returncode == 1 and "is deprecated since Streamlit 1.18 and removed in 1.62" in found.stdout


def test_an_extend_chain_thousands_deep_is_a_usage_error_naming_the_limit(tmp_path):
    (tmp_path / "app.py").write_text(LEGACY)
    (tmp_path / "pyproject.toml").write_text('[tool.lint-cache]\nextend = "c0.toml"\n')
    for number in range(2000):
        (tmp_path / f"c{number}.toml").write_text(f'extend = "c{number + 1}.toml"\n' if number < 1999 else "")
    result = subprocess.run(
        [LINT_CACHE, "check", "--no-cache", "app.py"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert "Traceback" not in result.stderr and result.returncode == 2, result.stderr
    assert "configuration files extending one another (MAX_EXTEND_CHAIN)" in result.stderr
    assert "c62.toml: extend:" in result.stderr
    found = flake8(tmp_path, "app.py")
    assert found.returncode != 0 and "(MAX_EXTEND_CHAIN)" in found.stderr


@pytest.mark.parametrize(
    "setup, args, message",
    [
        (
            {"requirements.txt": f"-r {LONG_NAME}.txt\n"},
            ["app.py"],
            f"note: {{root}}/requirements.txt: -r {LONG_NAME}.txt: cannot be read (File name too long)",
        ),
        (
            {"pyproject.toml": f'[tool.lint-cache]\nextend = "{LONG_NAME}.toml"\n'},
            ["app.py"],
            f"error: {{root}}/pyproject.toml: extend: {{root}}/{LONG_NAME}.toml: "
            "cannot read the file: File name too long",
        ),
        (
            {},
            ["--config", f"{LONG_NAME}.toml", "app.py"],
            f"error: {LONG_NAME}.toml: cannot read the file: File name too long",
        ),
        ({}, ["--stdin-filename", f"{LONG_NAME}.py", "-"], None),
    ],
    ids=["-r", "extend", "--config", "--stdin-filename"],
)
def test_a_file_name_too_long_for_the_file_system_is_a_clear_message(tmp_path, setup, args, message):
    (tmp_path / "app.py").write_text(LEGACY)
    for name, text in setup.items():
        (tmp_path / name).write_text(text)
    result = subprocess.run(
        [LINT_CACHE, "check", "--no-cache", *args],
        cwd=tmp_path,
        input=LEGACY,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    if message is None:
        assert result.returncode == 1 and "STC201" in result.stdout, result.stderr
    else:
        assert f"lint-cache: {message.format(root=tmp_path)}" in result.stderr
        assert result.returncode == (1 if message.startswith("note") else 2)
