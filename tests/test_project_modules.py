"""Facts across the project's own modules, on fixture projects written to disk and linted through the
real `lint-cache` and `flake8` executables: a multipage app, a `src/` layout, relative imports and
re-exports, an import cycle, an unparsable helper, a decorator object made in try/except."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

LINT_CACHE = str(Path(sys.executable).parent / "lint-cache")
FLAKE8 = str(Path(sys.executable).parent / "flake8")


def write(root: Path, files: dict[str, str]) -> Path:
    (root / ".git").mkdir(exist_ok=True)
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def check(root: Path, *args: str) -> list[str]:
    result = subprocess.run(
        [LINT_CACHE, "check", ".", "--no-cache", "--output-format", "concise", "--streamlit-version", "1.67", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    return [line for line in result.stdout.splitlines() if ": STC" in line]


def through_flake8(root: Path, *args: str) -> list[str]:
    result = subprocess.run(
        [FLAKE8, "--select", "STC", "--streamlit-version", "1.67", *args, "."],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in result.stderr, result.stderr
    # flake8 writes `./path:line:col0+1: CODE message`, the CLI `path:line:col: CODE message`.
    return sorted(line.removeprefix("./") for line in result.stdout.splitlines())


def warm_check(root: Path, cache_home: Path, *args: str) -> list[str]:
    """The findings of `lint-cache check .` with the result cache in `cache_home`, as concise lines."""
    result = subprocess.run(
        [LINT_CACHE, "check", ".", "--output-format", "concise", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "XDG_CACHE_HOME": str(cache_home)},
    )
    assert "Traceback" not in result.stderr, result.stderr
    return [line for line in result.stdout.splitlines() if ": STC" in line]


CACHING = """\
    import streamlit as st

    try:
        cached = st.cache_data(ttl=600)
    except AttributeError:  # releases before 1.18
        cached = st.experimental_memo(ttl=600)
    """
FILTERS = """\
    import streamlit as st


    def sidebar_filters():
        return st.sidebar.multiselect("Region", ["North", "South"])
    """
HOME = """\
    import streamlit as st

    from lib.filters import sidebar_filters


    @st.cache_data
    def load():
        return sidebar_filters()
    """
CHART_PAGE = """\
    import streamlit as st

    from lib import caching
    from lib.caching import cached


    @cached
    def chart(n):
        st.session_state["n"] = n
        return n


    @caching.cached
    def other(n):
        st.toast("loaded")
        return n
    """
PAGE_WITHOUT_STREAMLIT = """\
    from lib.caching import cached


    @cached
    def table(n, ttl=60):
        return n
    """


@pytest.fixture
def multipage(tmp_path):
    return write(
        tmp_path,
        {
            "requirements.txt": "streamlit==1.67.0\n",
            "Home.py": HOME,
            "lib/__init__.py": "",
            "lib/caching.py": CACHING,
            "lib/filters.py": FILTERS,
            "pages/1_Chart.py": CHART_PAGE,
            "pages/2_Table.py": PAGE_WITHOUT_STREAMLIT,
        },
    )


def test_a_multipage_app_is_linted_across_its_modules(multipage):
    found = check(multipage)
    assert [line.split(" ", 2)[:2] for line in found] == [
        ["Home.py:8:12:", "STC102"],
        ["pages/1_Chart.py:9:5:", "STC105"],
        ["pages/1_Chart.py:15:5:", "STC106"],
        ["pages/2_Table.py:5:14:", "STC207"],
    ]
    # The chain names the helper's module; the try/except fallback to memo is not what runs.
    assert "(via `sidebar_filters()` in lib/filters.py)" in found[0]
    assert not any("STC202" in line for line in found)


def test_flake8_gives_the_same_findings_as_the_cli(multipage):
    assert through_flake8(multipage) == sorted(check(multipage))


def test_helper_edits_are_seen_and_a_broken_helper_ends_the_chain_quietly(multipage):
    (multipage / "lib" / "filters.py").write_text("def sidebar_filters(:\n    pass\n")
    found = check(multipage)
    assert not any(line.startswith("Home.py") for line in found)
    assert any(line.startswith("pages/1_Chart.py:9:5: STC105") for line in found)


def test_a_src_layout(tmp_path):
    root = write(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "dash"\ndependencies = ["streamlit==1.67"]\n',
            "src/dash/__init__.py": "",
            "src/dash/app.py": """\
                import streamlit as st

                from dash.widgets import pick


                @st.cache_resource
                def model():
                    return pick()
                """,
            "src/dash/widgets.py": """\
                import streamlit as st


                def pick():
                    return st.selectbox("Model", ["a", "b"])
                """,
        },
    )
    found = check(root)
    assert len(found) == 1 and found[0].startswith("src/dash/app.py:8:12: STC102")
    assert "(via `pick()` in src/dash/widgets.py)" in found[0]


def test_relative_imports_and_re_exports(tmp_path):
    root = write(
        tmp_path,
        {
            "app/__init__.py": "from .caching import cached\n",
            "app/caching.py": "import streamlit as st\n\ncached = st.cache_data(max_entries=10)\n",
            "app/helpers.py": "import streamlit as st\n\n\ndef ask():\n    return st.text_input('Name')\n",
            "app/page.py": """\
                import streamlit as st

                from . import helpers
                from .helpers import ask
                from app import cached


                @cached
                def greet():
                    return ask(), helpers.ask()
                """,
        },
    )
    found = check(root)
    assert [line.split(" ", 2)[:2] for line in found] == [
        ["app/page.py:10:12:", "STC102"],
        ["app/page.py:10:19:", "STC102"],
    ]


def test_an_import_cycle_is_followed_once(tmp_path):
    root = write(
        tmp_path,
        {
            "one.py": """\
                import streamlit as st

                import two


                def ping(n):
                    st.toast("ping")
                    return two.pong(n - 1) if n else 0


                @st.cache_data
                def start():
                    return ping(3)
                """,
            "two.py": """\
                import one


                def pong(n):
                    return one.ping(n)
                """,
        },
    )
    found = check(root)
    assert len(found) == 1 and found[0].startswith("one.py:13:12: STC106")


def test_a_decorator_object_never_runs_the_module_that_makes_it(tmp_path):
    marker = tmp_path / "ran"
    root = write(
        tmp_path,
        {
            "lib.py": f"import pathlib\npathlib.Path({str(marker)!r}).write_text('ran')\n" + textwrap.dedent(CACHING),
            "page.py": "from lib import cached\n\n\n@cached\ndef f(ttl=1):\n    return 1\n",
        },
    )
    found = check(root)
    assert not marker.exists()
    assert [line.split(" ", 2)[1] for line in found] == ["STC207"]


def test_the_result_cache_checks_again_the_files_that_depend_on_an_edited_helper(multipage, tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")

    def places() -> list[str]:
        return [line.split(" ", 2)[0] for line in warm_check(multipage, cache, "--streamlit-version", "1.67")]

    assert places() == [
        "Home.py:8:12:",
        "pages/1_Chart.py:9:5:",
        "pages/1_Chart.py:15:5:",
        "pages/2_Table.py:5:14:",
    ]
    assert places()[0] == "Home.py:8:12:"  # from the cache
    (multipage / "lib" / "filters.py").write_text("def sidebar_filters():\n    return ['North']\n")
    assert places() == ["pages/1_Chart.py:9:5:", "pages/1_Chart.py:15:5:", "pages/2_Table.py:5:14:"]


def test_cache_entries_keep_their_dependencies_contents(tmp_path):
    from lint_cache.diagnostics import Diagnostic
    from lint_cache.frontends.result_cache import ResultCache

    helper, other = tmp_path / "helper.py", tmp_path / "other.py"
    helper.write_text("def f():\n    pass\n")
    other.write_text("x = 1\n")
    finding = Diagnostic("page.py", 1, 1, "STC102", "m", 1, 2, "widget-in-cache", "warning")
    cache = ResultCache(tmp_path / "results", secret=b"k" * 32)
    cache.put("page", [finding], [str(helper)])
    cache.put("unrelated", [finding], [str(other)])
    cache.save()
    helper.write_text("def f():\n    return 1\n")
    again = ResultCache(tmp_path / "results", secret=b"k" * 32)
    assert again.get("page", "page.py") is None
    assert again.get("unrelated", "page.py") == [finding]


CONSTANTS_APP = """\
    import streamlit as st

    from lib import options
    from lib.options import REGIONS, SIZES


    @st.cache_data(experimental_allow_widgets=True)
    def load():
        region = st.selectbox("Region", REGIONS)
        year = st.select_slider("Year", options.YEARS)
        size = st.radio("Size", SIZES)
        return region, year, size
    """


@pytest.fixture
def constants_project(tmp_path):
    # The options live in modules that never import Streamlit; SIZES is re-exported from a second one.
    return write(
        tmp_path,
        {
            "app.py": CONSTANTS_APP,
            "lib/__init__.py": "",
            "lib/options.py": 'REGIONS = ["North", "South", "East", "West"]\nYEARS = range(2000, 2024)\n'
            "from lib.more import SIZES\n",
            "lib/more.py": 'SIZES = ["S", "M", "L"]\n',
        },
    )


def test_the_estimate_counts_options_defined_in_the_project_modules(constants_project):
    result = subprocess.run(
        [LINT_CACHE, "estimate", "--streamlit-version", "1.35", "app.py"],
        cwd=constants_project,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines() if "line" in line.split()]
    assert [(row[0], row[-3], row[-1]) for row in rows] == [
        ("selectbox", "4", "options"),
        ("select_slider", "24", "options"),
        ("radio", "3", "options"),
    ]
    assert "stored results: 288" in result.stdout


def test_an_edited_constants_module_is_seen_through_the_result_cache_and_by_flake8(constants_project, tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")
    limit = ["--streamlit-version", "1.35", "--max-estimated-entries", "100"]

    blow_up = [line for line in warm_check(constants_project, cache, *limit) if "STC301" in line]
    assert len(blow_up) == 1 and '4 × select_slider "Year" 24 × radio "Size" 3' in blow_up[0]
    flake8 = subprocess.run(
        [FLAKE8, "--select", "STC301", "--lint-cache-no-cache", *limit, "app.py"],
        cwd=constants_project,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert [line.split(" ", 1)[1] for line in flake8.stdout.splitlines()] == [blow_up[0].split(" ", 1)[1]]
    # 4 × 24 × 1 = 96 results: under the limit, once the re-exported module is edited.
    (constants_project / "lib" / "more.py").write_text('SIZES = ["M"]\n')
    assert [line for line in warm_check(constants_project, cache, *limit) if "STC301" in line] == []


DATA = """\
    import streamlit as st


    @st.cache_data
    def load(region, year):
        return region, year
    """
DATA_PAGE = """\
    import streamlit as st

    from lib import data
    from lib.data import load

    region = st.selectbox("Region", ["North", "South", "East", "West"])
    year = st.slider("Year", 1900, 2024)
    load(region, year)
    data.load(region, 2000)
    """


@pytest.fixture
def imported_cached_function(tmp_path):
    return write(tmp_path, {"lib/__init__.py": "", "lib/data.py": DATA, "pages/1_Data.py": DATA_PAGE})


def test_widget_values_passed_to_a_cached_function_of_another_module_are_counted(imported_cached_function):
    found = check(imported_cached_function, "--max-estimated-entries", "100")
    assert found == [
        "pages/1_Data.py:8:1: STC303 `load()` in lib/data.py can store up to 504 entries from the calls here: "
        '`load(region, year)` passes selectbox "Region" 4 × slider "Year" 125; `data.load(region, 2000)` passes '
        'selectbox "Region" 4; bound the cache with max_entries in lib/data.py'
    ]
    assert through_flake8(imported_cached_function, "--max-estimated-entries", "100") == found
    estimate = subprocess.run(
        [LINT_CACHE, "estimate", "--streamlit-version", "1.67", "--format", "json", "pages/1_Data.py"],
        cwd=imported_cached_function,
        capture_output=True,
        text=True,
        timeout=120,
    )
    (function,) = json.loads(estimate.stdout)["functions"]
    assert (function["name"], function["line"], function["defined_in"]) == ("load", 8, "lib/data.py")
    assert (function["argument_entries"], function["estimate_kind"]) == (504, "at most")


def test_bounding_the_imported_cached_function_is_seen_through_the_result_cache(
    imported_cached_function, tmp_path_factory
):
    cache = tmp_path_factory.mktemp("cache")

    def codes() -> list[str]:
        return [
            line.split(" ", 2)[1]
            for line in warm_check(imported_cached_function, cache, "--max-estimated-entries", "100")
        ]

    assert codes() == ["STC303"]
    assert codes() == ["STC303"]  # from the cache
    data = imported_cached_function / "lib" / "data.py"
    data.write_text(data.read_text().replace("@st.cache_data", "@st.cache_data(max_entries=64)"))
    assert codes() == []


DECORATED_DATA = """\
    from lib.caching import cached


    @cached
    def load(region, year):
        return region, year
    """


def test_a_cached_function_decorated_with_a_third_modules_decorator_object(tmp_path):
    # lib/data.py never names Streamlit: it caches with the decorator object lib/caching.py makes.
    root = write(
        tmp_path,
        {"lib/__init__.py": "", "lib/caching.py": CACHING, "lib/data.py": DECORATED_DATA, "pages/1_Data.py": DATA_PAGE},
    )
    found = check(root, "--max-estimated-entries", "100")
    assert [line.split(": ", 1)[0] for line in found] == ["pages/1_Data.py:8:1"]
    assert "STC303 `load()` in lib/data.py can store up to 504 entries from the calls here" in found[0]
    # max_entries goes where the decorator object is configured, not at `@cached`.
    assert found[0].endswith("bound the cache with max_entries in lib/caching.py, where its decorator is configured")
    assert through_flake8(root, "--max-estimated-entries", "100") == found


UNCACHED_DATA = """\
    import streamlit as st


    def load(region, year):
        return region, year
    """


def test_a_helper_that_becomes_cached_is_seen_through_the_result_cache(tmp_path, tmp_path_factory):
    # The page is not parsed while lib/data.py caches nothing; that verdict came from lib/data.py's
    # text, so it must not outlive an edit of lib/data.py.
    root = write(tmp_path, {"lib/__init__.py": "", "lib/data.py": UNCACHED_DATA, "pages/1_Data.py": DATA_PAGE})
    cache = tmp_path_factory.mktemp("cache")
    assert warm_check(root, cache, "--max-estimated-entries", "100") == []
    data = root / "lib" / "data.py"
    data.write_text(data.read_text().replace("def load", "@st.cache_data\ndef load"))
    assert [line.split(" ", 2)[1] for line in warm_check(root, cache, "--max-estimated-entries", "100")] == ["STC303"]


def test_a_decorator_object_made_elsewhere_is_seen_through_the_result_cache(tmp_path, tmp_path_factory):
    # Whether `@cached` caches is decided by lib/caching.py, which the page does not import.
    plain = "def cached(function):\n    return function\n"
    root = write(
        tmp_path,
        {"lib/__init__.py": "", "lib/caching.py": plain, "lib/data.py": DECORATED_DATA, "pages/1_Data.py": DATA_PAGE},
    )
    cache = tmp_path_factory.mktemp("cache")
    assert warm_check(root, cache, "--max-estimated-entries", "100") == []
    (root / "lib" / "caching.py").write_text(textwrap.dedent(CACHING))
    assert [line.split(" ", 2)[1] for line in warm_check(root, cache, "--max-estimated-entries", "100")] == ["STC303"]


def test_modules_are_parsed_only_where_their_text_shows_they_can_matter(tmp_path):
    # `@require_login` is a plain function of auth.py and `helper()` is not cached: neither module
    # is parsed to learn that. `aggregate()` is cached and fed a widget value: queries.py is.
    from lint_cache import engine
    from lint_cache.settings import Settings

    root = write(
        tmp_path,
        {
            "auth.py": "import streamlit as st\n\n\ndef require_login(page):\n    return page\n",
            "tools.py": "import streamlit as st\n\n\ndef helper(value):\n    st.write(value)\n",
            "queries.py": "import streamlit as st\n\n\n@st.cache_data\ndef aggregate(column):\n    return column\n",
            "app.py": (
                "import streamlit as st\n\nfrom auth import require_login\nfrom queries import aggregate\n"
                "from tools import helper\n\n\n@require_login\ndef page():\n    pass\n\n\n"
                "@st.cache_data\ndef load():\n    return 1\n\n\n"
                'column = st.selectbox("Column", ["a", "b", "c"])\nhelper(column)\naggregate(column)\n'
            ),
        },
    )
    engine.forget_project_modules()
    settings = Settings(max_estimated_entries=2)
    found = engine.check_source((root / "app.py").read_text(), str(root / "app.py"), settings)
    assert [diagnostic.code for diagnostic in found] == ["STC303"]
    project = engine.project_modules(settings)
    read = {name for name in ("auth.py", "tools.py", "queries.py") if project.scanned(str(root / name))}
    assert read == {"queries.py"}
    engine.forget_project_modules()


# A service module that never names Streamlit between the cached function and the widget: its
# helper calls one of ui.py, which does.
THROUGH_A_SERVICE = {
    "app.py": """\
        import streamlit as st

        from services import summary


        @st.cache_data
        def load(x):
            return summary(x)


        load(3)
    """,
    "services.py": """\
        import ui
        from tables import count


        def summary(x):
            return ui.pick(count(x))
    """,
    "tables.py": "def count(x):\n    return x + 1\n",
    "ui.py": """\
        import streamlit as st


        def pick(limit):
            return st.slider("Rows", 0, limit)
    """,
}


def test_a_helper_chain_through_a_module_that_never_names_streamlit(tmp_path):
    root = write(tmp_path, THROUGH_A_SERVICE)
    assert check(root) == [
        "app.py:8:12: STC102 `st.slider` (via `summary()` in services.py → `pick()` in ui.py) inside cached"
        " `load()` works only on a cache miss: on hits it is inert and its first value stays in the result;"
        " move the widget out and pass its value as an argument"
    ]
    assert through_flake8(root) == check(root)


def test_a_module_whose_imports_lead_to_no_streamlit_is_not_parsed(tmp_path):
    from lint_cache import engine
    from lint_cache.settings import Settings

    root = write(tmp_path, {**THROUGH_A_SERVICE, "ui.py": "def pick(limit):\n    return limit\n"})
    engine.forget_project_modules()
    assert engine.check_source((root / "app.py").read_text(), str(root / "app.py"), Settings()) == []
    project = engine.project_modules(Settings())
    assert {name for name in ("services.py", "tables.py", "ui.py") if project.scanned(str(root / name))} == set()
    engine.forget_project_modules()


def test_a_module_read_for_another_file_is_not_parsed_again_when_it_is_linted(tmp_path, monkeypatch):
    # ui.py is read (parsed) for app.py's helper chain; linted next, it reuses that tree, and its own
    # finding is the same as when it is linted first.
    import libcst

    from lint_cache import engine
    from lint_cache.settings import Settings

    ui = (
        textwrap.dedent(THROUGH_A_SERVICE["ui.py"])
        + '\n\n@st.cache_data\ndef rows():\n    return st.number_input("Rows")\n'
    )
    root = write(tmp_path, {**THROUGH_A_SERVICE, "ui.py": ui})
    ui_text = (root / "ui.py").read_text()
    parsed = []
    real_parse = libcst.parse_module
    monkeypatch.setattr(libcst, "parse_module", lambda text, *a, **k: parsed.append(text) or real_parse(text, *a, **k))

    def lint(name):
        return engine.check_source((root / name).read_text(), str(root / name), Settings())

    engine.forget_project_modules()
    alone = lint("ui.py")
    engine.forget_project_modules()
    assert [d.code for d in lint("app.py")] == ["STC102"]
    assert parsed.count(ui_text) == 2  # once alone, once read for app.py
    after_app = lint("ui.py")
    assert parsed.count(ui_text) == 2
    assert [d.code for d in alone] == ["STC102"] and after_app == alone
    engine.forget_project_modules()


def test_a_far_module_that_starts_naming_streamlit_is_seen_through_the_result_cache(tmp_path, tmp_path_factory):
    # services.py was not parsed because ui.py named no Streamlit: that verdict came from ui.py.
    root = write(tmp_path, {**THROUGH_A_SERVICE, "ui.py": "def pick(limit):\n    return limit\n"})
    cache = tmp_path_factory.mktemp("cache")
    assert warm_check(root, cache) == []
    (root / "ui.py").write_text(textwrap.dedent(THROUGH_A_SERVICE["ui.py"]))
    assert [line.split(" ", 2)[1] for line in warm_check(root, cache)] == ["STC102"]


def test_session_state_handed_on_by_a_project_module_is_seen(tmp_path):
    # app.py never names session_state: the read is found through state.py's name for it.
    root = write(
        tmp_path,
        {
            "state.py": "import streamlit as st\n\nss = st.session_state\n",
            "app.py": (
                "import streamlit as st\n\nfrom state import ss\n\n\n@st.cache_data\ndef load(x):\n"
                '    return ss["filter"] + x\n\n\nload(1)\n'
            ),
        },
    )
    assert [line.split(" ", 2)[:2] for line in check(root)] == [["app.py:8:12:", "STC108"]]


SHARED_RESOURCES_MODULE = """\
import sqlite3

import streamlit as st


@st.cache_resource
def get_connection():
    return sqlite3.connect("app.db", check_same_thread=False)


@st.cache_resource
def get_conf():
    return {"options": {}}


class Settings:
    def __init__(self):
        self.user = None


@st.cache_resource
def get_settings():
    return Settings()


@st.cache_data
def get_rows(query):
    return []
"""
QUERIES_MODULE = """\
import streamlit as st


@st.cache_data
def get_data(conn, query):
    return conn.execute(query).fetchall()
"""
USES_SHARED_RESOURCES = """\
import streamlit as st

import db
from db import get_conf, get_connection, get_rows
from queries import get_data

conn = get_connection()
rows = get_data(conn, "select 1")
name = st.text_input("Name")
conf = get_conf()
conf["options"][name] = 1
db.get_settings().user = name
local = get_rows("select 1")
local["x"] = 1
"""


def test_stc203_and_stc208_follow_the_resource_into_the_modules_that_make_and_take_it(tmp_path):
    """A connection made by db.py's cache_resource and passed to queries.py's cache_data, and
    db.py's shared objects changed in app.py: the same findings as within one module, naming the
    module; a cache_data result (a copy) changed in place is no finding."""
    root = write(
        tmp_path, {"db.py": SHARED_RESOURCES_MODULE, "queries.py": QUERIES_MODULE, "app.py": USES_SHARED_RESOURCES}
    )

    def check_app() -> subprocess.CompletedProcess:
        command = [LINT_CACHE, "check", "--no-cache", "--output-format", "concise", "app.py"]
        return subprocess.run(command, cwd=root, capture_output=True, text=True)

    done = check_app()
    assert done.returncode == 1, done.stderr
    found = [line.split(" ", 2)[:2] for line in done.stdout.splitlines()[:-1]]
    assert found == [["app.py:8:17:", "STC203"], ["app.py:11:1:", "STC208"], ["app.py:12:1:", "STC208"]]
    assert "of cached `get_data()` in queries.py is a database connection (from `get_connection()`)" in done.stdout
    assert "changes the object cached `get_settings()` in db.py returned" in done.stdout
    # Made per call by cache_data, the connection maker's own module is told instead (STC206).
    (root / "db.py").write_text(SHARED_RESOURCES_MODULE.replace("@st.cache_resource", "@st.cache_data"))
    again = check_app()
    assert again.returncode == 0, again.stdout
