"""When a module's top level runs (design §1.11): the entry script and pages rerun, so a module
variable set there from a widget or session state changes from run to run (STC109); a module the app
imports runs once per process, so its module variables are set once and STC109 has nothing to say."""

from __future__ import annotations

import os
import subprocess
import textwrap
from pathlib import Path
from typing import Optional

import pytest

from conftest import LINT_CACHE
from lint_cache.project.run_model import RunModel

READS_STATE_AT_TOP = """\
import streamlit as st

folder = st.session_state.get("folder", "data")


@st.cache_data
def files():
    return folder
"""


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(text), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    write(
        tmp_path,
        {
            "app.py": """\
                import streamlit as st
                from tabs import explorer
                import helpers.state

                st.navigation([st.Page("views/home.py"), st.Page(page="views/admin.py")])
                explorer.show()
            """,
            "tabs/__init__.py": "",
            "tabs/explorer.py": READS_STATE_AT_TOP + "\n\ndef show():\n    files()\n",
            "helpers/__init__.py": "",
            "helpers/state.py": READS_STATE_AT_TOP,
            "views/home.py": READS_STATE_AT_TOP,
            "views/admin.py": "from tabs.explorer import files\n\n" + READS_STATE_AT_TOP,
            "pages/report.py": READS_STATE_AT_TOP,
            "tools/standalone.py": READS_STATE_AT_TOP,
        },
    )
    return tmp_path


def stc109_files(root: Path, *extra: str, env: Optional[dict] = None) -> list[str]:
    done = subprocess.run(
        [LINT_CACHE, "check", *extra, "--output-format", "concise", "."],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode in (0, 1), done.stderr
    return sorted({line.split(":")[0] for line in done.stdout.splitlines() if " STC109 " in line})


def test_imported_modules_run_once_and_pages_and_entry_scripts_rerun(project):
    assert stc109_files(project, "--no-cache") == [
        "pages/report.py",  # a page of pages/
        "tools/standalone.py",  # imported by no module: an entry script of its own
        "views/admin.py",  # st.Page(page=...) target
        "views/home.py",  # st.Page target
    ]


def test_the_run_model_answers_with_the_files_it_read(project):
    model = RunModel()
    assert model.reruns(str(project / "app.py")) == (True, [])
    reruns, importers = model.reruns(str(project / "tabs" / "explorer.py"))
    assert not reruns and sorted(importers) == [str(project / "app.py"), str(project / "views" / "admin.py")]
    assert model.reruns(str(project / "helpers" / "state.py")) == (False, [str(project / "app.py")])


def test_an_importer_that_drops_the_import_brings_the_finding_back_through_the_result_cache(project, tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "results")}
    assert "helpers/state.py" not in stc109_files(project, env=env)
    assert "helpers/state.py" not in stc109_files(project, env=env)  # answered from the result cache
    app = project / "app.py"
    app.write_text(app.read_text().replace("import helpers.state\n", ""), encoding="utf-8")
    assert "helpers/state.py" in stc109_files(project, env=env)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_named_like_a_module_never_blocks_the_index(project):
    os.mkfifo(project / "tabs" / "pipe.py")
    os.mkfifo(project / "lib.py")
    (project / "app.py").write_text("import lib\nfrom tabs import pipe\n" + (project / "app.py").read_text())
    reruns, importers = RunModel().reruns(str(project / "helpers" / "state.py"))
    assert not reruns and importers == [str(project / "app.py")]


def codes_by_file(root: Path, code: str) -> dict[str, list[int]]:
    done = subprocess.run(
        [LINT_CACHE, "check", "--no-cache", "--output-format", "concise", "."], cwd=root, capture_output=True, text=True
    )
    assert done.returncode in (0, 1), done.stderr
    found: dict[str, list[int]] = {}
    for line in done.stdout.splitlines():
        if f" {code} " in line:
            path, row = line.split(":")[:2]
            found.setdefault(path, []).append(int(row))
    return found


def test_a_cached_result_kept_at_import_is_reported_only_where_the_module_runs_once(tmp_path):
    (tmp_path / ".git").mkdir()
    loaders = """\
        import streamlit as st


        @st.cache_data(ttl=3600)
        def fetch_rates():
            return {"EUR": 1.0}


        RATES = fetch_rates()
    """
    write(
        tmp_path,
        {
            "app.py": "import streamlit as st\nfrom utils import rates\nfrom utils.tables import TABLE\n",
            "utils/__init__.py": "",
            "utils/rates.py": loaders,
            "utils/tables.py": (
                "import streamlit as st\nfrom utils.rates import fetch_rates\n\n\n@st.cache_data\ndef local():\n"
                "    return 1\n\n\nTABLE: dict = fetch_rates()\n"
            ),
            "pages/report.py": loaders,
        },
    )
    assert codes_by_file(tmp_path, "STC213") == {"utils/rates.py": [9], "utils/tables.py": [10]}


def test_a_call_under_the_main_guard_or_a_resource_nothing_expires_is_no_kept_result(tmp_path):
    (tmp_path / ".git").mkdir()
    write(
        tmp_path,
        {
            "app.py": "import streamlit as st\nimport db\n",
            "db.py": """\
                import sqlite3

                import streamlit as st


                @st.cache_resource
                def connection():
                    return sqlite3.connect("app.db", check_same_thread=False)


                @st.cache_data(ttl=60)
                def totals():
                    return 1


                CONN = connection()
                if __name__ == "__main__":
                    TOTALS = totals()
            """,
        },
    )
    assert codes_by_file(tmp_path, "STC213") == {}


READS_USER_AT_TOP = """\
import streamlit as st

email = st.context.headers.get("X-Email", "")


@st.cache_data
def greeting():
    return f"Hello {email}"
"""


def test_per_user_module_variables_are_stc110s_only_where_the_module_reruns(tmp_path):
    """STC110 follows the same run model: a module the app imports sets its variables once, from the
    first session that imported it, which is a different mistake from a per-run value in a cache."""
    (tmp_path / ".git").mkdir()
    write(
        tmp_path,
        {
            "app.py": "import streamlit as st\nimport account\n\nst.navigation([st.Page('home.py')])\n",
            "account.py": READS_USER_AT_TOP,
            "home.py": READS_USER_AT_TOP,
        },
    )
    done = subprocess.run(
        [LINT_CACHE, "check", "--no-cache", "--select", "STC110", "--output-format", "concise", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1, done.stderr
    assert [line.split(":")[0] for line in done.stdout.splitlines() if " STC110 " in line] == ["home.py"]


CAPTURES_AT_TOP = """\
import streamlit as st

folder = st.session_state.get("folder", "data")
path = folder + "/raw"
email = st.context.headers.get("X-Email", "")
mode = st.sidebar.radio("Mode", ["a", "b"])
session = st.session_state


@st.cache_data
def files(pattern):
    return sorted(pattern)


def show():
    st.write(files(path), email, mode, session.get("x"))
"""


def test_a_value_of_one_session_read_at_the_top_of_an_imported_module_is_stc214_there_only(tmp_path):
    """Imported, the module keeps the first session's values (reported once per read: `path`,
    computed from `folder`, and the proxy `session` are not); as a page, the same lines rerun."""
    (tmp_path / ".git").mkdir()
    write(
        tmp_path,
        {
            "app.py": "import streamlit as st\nimport lib\n\nst.navigation([st.Page('page.py')])\nlib.show()\n",
            "lib.py": CAPTURES_AT_TOP,
            "page.py": CAPTURES_AT_TOP,
        },
    )
    done = subprocess.run(
        [LINT_CACHE, "check", "--no-cache", "--select", "STC214", "--output-format", "concise", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()[:-1]
    assert [line.split(" ", 1)[0] for line in lines] == ["lib.py:3:10:", "lib.py:5:9:", "lib.py:6:8:"]
    assert "`folder` keeps the first session's `st.session_state` value" in lines[0]
    assert "`email` keeps the first user's `st.context` value" in lines[1]
    assert "the widget `st.sidebar.radio` is drawn on the first run only" in lines[2]
