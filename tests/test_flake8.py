"""The flake8 plugin, through the real `flake8` executable: same findings as the CLI, stdin, noqa left
to flake8, options from flake8's config files and from pyproject.toml, and no crash on bad files."""

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import SLIDER_APP, check_at_1_40
from lint_cache.frontends.flake8_plugin import Plugin

ROOT = Path(__file__).resolve().parent.parent
FLAKE8 = str(Path(sys.executable).parent / "flake8")
LINT_CACHE = str(Path(sys.executable).parent / "lint-cache")

# Only Streamlit 1.15 to 1.35 offer the opt-in in the message: it tells which version was used.
OPT_IN_HINT = "pass experimental_allow_widgets=True to replay it"


def flake8(*args, cwd, input=None):
    return subprocess.run([FLAKE8, *args], cwd=cwd, capture_output=True, text=True, input=input, timeout=120)


def findings(output: str) -> list[tuple[str, int, int, str, str]]:
    """(path, line, column, code, message) from flake8's and the CLI's `path:line:col: CODE message`."""
    parsed = []
    for line in output.splitlines():
        path, row, column, rest = line.split(":", 3)
        code, message = rest.strip().split(" ", 1)
        parsed.append((path, int(row), int(column), code, message))
    return parsed


@pytest.fixture(autouse=True)
def plugin_without_result_cache(monkeypatch):
    """The tests that run the plugin in this process: no result cache, which would be written into
    the folder pytest runs in and could answer for a monkeypatched engine."""
    monkeypatch.setattr(Plugin, "use_result_cache", False)
    monkeypatch.setattr(Plugin, "_result_cache", None)


@pytest.fixture
def app(tmp_path):
    (tmp_path / "app.py").write_text(SLIDER_APP)
    return tmp_path


@pytest.mark.parametrize("version", ["1.35", "1.67"])
def test_findings_equal_the_clis_on_the_same_files(tmp_path, version):
    sources = sorted((ROOT / "tests" / "cases").glob("*.py")) + sorted((ROOT / "examples").glob("*.py"))
    for source in sources:
        shutil.copy(source, tmp_path / source.name)
    names = [source.name for source in sources]

    through_flake8 = flake8("--select", "STC", "--streamlit-version", version, *names, cwd=tmp_path)
    through_cli = subprocess.run(
        [LINT_CACHE, "check", "--format", "json", "--streamlit-version", version, *names],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )

    assert through_flake8.returncode == 1, through_flake8.stderr
    cli_findings = [
        (record["path"], record["line"], record["column"], record["code"], record["message"])
        for record in json.loads(through_cli.stdout)
        # flake8 reports E999 instead of STC001, and applies noqa itself (so the plugin leaves STC002 off)
        if record["code"] not in ("STC001", "STC002")
    ]
    assert len(cli_findings) > 50
    assert sorted(findings(through_flake8.stdout)) == sorted(cli_findings)


def test_reads_unsaved_buffers_from_stdin(app):
    from_file = flake8("--select", "STC", "app.py", cwd=app)
    from_stdin = flake8("--select", "STC", "--stdin-display-name", "app.py", "-", cwd=app, input=SLIDER_APP)
    assert from_stdin.returncode == 1
    assert findings(from_stdin.stdout) == findings(from_file.stdout)
    assert [finding[1:4] for finding in findings(from_stdin.stdout)] == [(6, 12, "STC102")]

    # What counts is the buffer, not the file on disk.
    edited = SLIDER_APP.replace("st.slider", "st.file_uploader")
    from_buffer = flake8("--select", "STC", "--stdin-display-name", "app.py", "-", cwd=app, input=edited)
    assert [finding[3] for finding in findings(from_buffer.stdout)] == ["STC101"]


def test_noqa_is_flake8s(app):
    def codes_with(comment, *args):
        (app / "app.py").write_text(SLIDER_APP.replace("1000)", f"1000)  {comment}"))
        return [finding[3] for finding in findings(flake8("--select", "STC,E", *args, "app.py", cwd=app).stdout)]

    assert codes_with("# noqa") == []
    assert codes_with("# noqa: STC102") == []
    assert codes_with("# noqa:STC1") == []
    assert codes_with("# noqa: E501") == ["STC102"]
    # flake8, not the plugin, applied the comment: with --disable-noqa the finding is back.
    assert codes_with("# noqa: STC102", "--disable-noqa") == ["STC102"]


def test_file_level_noqa_works_in_flake8_too(app):
    (app / "app.py").write_text("# lint-cache: noqa: STC102\n" + SLIDER_APP.replace("st.slider", "st.file_uploader"))
    (app / "other.py").write_text("# lint-cache: noqa\n" + SLIDER_APP)
    result = flake8("--select", "STC", "app.py", "other.py", cwd=app)
    assert [finding[:4] for finding in findings(result.stdout)] == [("app.py", 7, 12, "STC101")]


def test_bad_files_do_not_stop_flake8(app):
    (app / "broken.py").write_text("import streamlit as st\n\n\n@st.cache_data\ndef load(:\n    pass\n")
    # Python parses this long implicit concatenation into one string, but libcst nests it deeper
    # than lint-cache can follow: the plugin must stay silent, and flake8's own checks still run.
    long_string = "\n\nTEXT = (\n" + "    'a'\n" * 1500 + ")\nx=1\n"
    (app / "deep.py").write_text(SLIDER_APP + long_string)
    (app / "style.py").write_text("import os\nx=1\n")

    result = flake8("broken.py", "deep.py", "style.py", "app.py", cwd=app)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stderr == ""
    reported = {(finding[0], finding[3]) for finding in findings(result.stdout)}
    assert ("broken.py", "E999") in reported
    assert ("deep.py", "E225") in reported  # pycodestyle still checked the file
    assert {("style.py", "F401"), ("style.py", "E225"), ("app.py", "STC102")} <= reported
    assert not any(code == "STC001" for _, code in reported)


def test_the_plugin_turns_internal_errors_and_parse_failures_into_silence(monkeypatch):
    from lint_cache import engine

    def lines(text):
        return textwrap.dedent(text).splitlines(keepends=True)

    unparsable = lines("import streamlit as st\n@st.cache_data\ndef load(:\n    pass\n")
    assert list(Plugin(None, unparsable, "broken.py").run()) == []

    def fail(*args, **kwargs):
        raise RuntimeError("a bug in a rule")

    monkeypatch.setattr(engine, "lint_text", fail)
    assert list(Plugin(None, lines(SLIDER_APP), "app.py").run()) == []


def test_importing_the_plugin_costs_no_libcst_until_a_file_may_cache():
    probe = textwrap.dedent(
        """
        import sys
        from lint_cache.frontends.flake8_plugin import Plugin
        Plugin.use_result_cache = False  # a hit would rightly import no libcst either
        assert "libcst" not in sys.modules, "importing the plugin imported libcst"
        assert list(Plugin(None, ["import os\\n", "print(os.sep)\\n"], "plain.py").run()) == []
        assert "libcst" not in sys.modules, "a file without a cached function imported libcst"
        assert list(Plugin(None, open(sys.argv[1]).readlines(), "app.py").run()) != []
        assert "libcst" in sys.modules
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(ROOT / "examples" / "sales_dashboard.py")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("file_name, section", [("setup.cfg", "flake8"), ("tox.ini", "flake8"), (".flake8", "flake8")])
def test_options_from_flake8_config_files(app, file_name, section):
    (app / file_name).write_text(
        f"[{section}]\nselect = STC\nstreamlit-version = 1.35\nmax-estimated-entries = 500\nentry-size = 100MB\n"
    )
    result = flake8("app.py", cwd=app)
    assert result.returncode == 1, result.stderr
    (finding,) = findings(result.stdout)
    assert finding[3] == "STC102" and OPT_IN_HINT in finding[4]


def test_extra_widgets_option_makes_a_component_a_widget(app):
    component_app = "import streamlit as st\nfrom my_components import color_wheel\n\n\n@st.cache_data\n" + (
        "def palette():\n    return color_wheel('pick')\n"
    )
    (app / "app.py").write_text(component_app)
    assert flake8("--select", "STC", "app.py", cwd=app).stdout == ""
    (app / "setup.cfg").write_text("[flake8]\nextra-widgets =\n    my_components.color_wheel,\n    other.thing\n")
    result = flake8("--select", "STC", "app.py", cwd=app)
    assert [finding[1:4] for finding in findings(result.stdout)] == [(7, 12, "STC102")]


def test_pyproject_applies_and_flake8s_own_options_win(app):
    (app / "pyproject.toml").write_text('[tool.lint-cache]\nstreamlit-version = "1.35"\n')
    from_pyproject = findings(flake8("--select", "STC", "app.py", cwd=app).stdout)
    assert OPT_IN_HINT in from_pyproject[0][4]

    (app / "setup.cfg").write_text("[flake8]\nstreamlit-version = 1.40\n")
    from_setup_cfg = findings(flake8("--select", "STC", "app.py", cwd=app).stdout)
    assert OPT_IN_HINT not in from_setup_cfg[0][4] and "inert" in from_setup_cfg[0][4]

    from_command_line = findings(flake8("--select", "STC", "--streamlit-version", "1.20", "app.py", cwd=app).stdout)
    assert OPT_IN_HINT in from_command_line[0][4]


def test_pyproject_ignores_and_per_file_ignores_apply_in_flake8(app):
    (app / "pages").mkdir()
    (app / "pages" / "one.py").write_text(SLIDER_APP)
    (app / "pyproject.toml").write_text('[tool.lint-cache.per-file-ignores]\n"pages/*.py" = ["STC102"]\n')
    result = flake8("--select", "STC", "app.py", "pages/one.py", cwd=app)
    assert [finding[0] for finding in findings(result.stdout)] == ["app.py"]


@pytest.mark.parametrize(
    "where, expected",
    [
        ("--streamlit-version=banana", "'banana' is not a version"),
        ("--entry-size=lots", "entry-size: 'lots' is not a size"),
        ("--max-estimated-entries=many", "max-estimated-entries: 'many' is not a whole number"),
        ("--extra-widgets=color_wheel", "extra-widgets: 'color_wheel' is not a dotted name"),
        ("setup.cfg", "max-estimated-entries: 'zero' is not a whole number"),
        ("pyproject.toml", "unknown key 'streamlit_version' (did you mean 'streamlit-version'?)"),
    ],
)
def test_bad_values_are_usage_errors_without_traceback(app, where, expected):
    args = ["app.py"]
    if where == "setup.cfg":
        (app / "setup.cfg").write_text("[flake8]\nmax-estimated-entries = zero\n")
    elif where == "pyproject.toml":
        (app / "pyproject.toml").write_text('[tool.lint-cache]\nstreamlit_version = "1.35"\n')
    else:
        args.insert(0, where)
    result = flake8(*args, cwd=app)
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_flake8_checks_as_the_release_the_project_pins(tmp_path):
    # The same resolution as the CLI: with streamlit==1.35.0 pinned, the opt-in's widget replay
    # works, so flake8 reports nothing where the newest release would give STC103 and STC102.
    (tmp_path / ".git").mkdir()
    (tmp_path / "requirements.txt").write_text("streamlit==1.35.0\n")
    (tmp_path / "page.py").write_text(
        "import streamlit as st\n\n\n@st.cache_data(experimental_allow_widgets=True)\n"
        "def chart(path):\n    return path, st.slider('Rows', 10, 1000)\n"
    )
    pinned = flake8("--select", "STC", "page.py", cwd=tmp_path)
    assert pinned.returncode == 0, pinned.stdout + pinned.stderr
    newest = flake8("--select", "STC", "--streamlit-version", "1.67", "page.py", cwd=tmp_path)
    assert [code for *_, code, _ in findings(newest.stdout)] == ["STC103", "STC102"]


# -- the result cache, shared with `lint-cache check` -------------------------------------------------

HELPER_WITH_WIDGET = "import streamlit as st\n\n\ndef pick():\n    return st.slider('Rows', 1, 9)\n"
PAGE_USING_HELPER = (
    "import streamlit as st\n\nfrom lib import pick\n\n\n@st.cache_data\ndef chart(path):\n    return path, pick()\n"
)


@pytest.fixture
def project(tmp_path):
    """Two pages (so that flake8 -j 2 hands them to two workers) and a helper module one of them uses.
    A fake `libcst` on PYTHONPATH, in the folder `no_libcst`, records being imported and fails."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "lib.py").write_text(HELPER_WITH_WIDGET)
    (tmp_path / "app.py").write_text(SLIDER_APP)
    (tmp_path / "page.py").write_text(PAGE_USING_HELPER)
    fake = tmp_path / "no_libcst" / "libcst"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text(
        "import pathlib\npathlib.Path(__file__).with_name('imported').touch()\nraise ImportError('libcst')\n"
    )
    return tmp_path


def flake8_on_pages(project, *args, without_libcst=False):
    env = dict(os.environ)
    env.pop("XDG_CACHE_HOME", None)
    if without_libcst:
        env["PYTHONPATH"] = str(project / "no_libcst")
    return subprocess.run(
        [FLAKE8, "--select", "STC", "--streamlit-version", "1.40", "-j", "2", *args, "app.py", "page.py"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_a_second_flake8_run_answers_from_the_result_cache_without_libcst(project):
    first = flake8_on_pages(project)
    assert [(path, code) for path, _, _, code, _ in sorted(findings(first.stdout))] == [
        ("app.py", "STC102"),
        ("page.py", "STC102"),
    ], first.stdout + first.stderr
    through_cli = json.loads(check_at_1_40("--format", "json", "app.py", "page.py", cwd=project).stdout)
    assert sorted(findings(first.stdout)) == sorted(
        (record["path"], record["line"], record["column"], record["code"], record["message"]) for record in through_cli
    )
    second = flake8_on_pages(project, without_libcst=True)
    assert (second.stdout, second.stderr) == (first.stdout, first.stderr)
    assert not (project / "no_libcst" / "libcst" / "imported").exists(), "the second run parsed a file"
    # The proof above holds only if the fake libcst is what a parse would import.
    assert not flake8_on_pages(project, "--lint-cache-no-cache", without_libcst=True).stdout
    assert (project / "no_libcst" / "libcst" / "imported").exists()


def test_both_flake8_workers_keep_their_entries(project):
    from lint_cache.frontends.result_cache import ResultCache

    flake8_on_pages(project)
    assert len(ResultCache(project / ".lint_cache_cache")._entries) == 2


def test_an_edited_helper_module_is_checked_again_by_flake8(project):
    assert [code for path, *_, code, _ in findings(flake8_on_pages(project).stdout) if path == "page.py"] == ["STC102"]
    (project / "lib.py").write_text("def pick():\n    return 5\n")
    assert [path for path, *_ in findings(flake8_on_pages(project).stdout)] == ["app.py"]


def test_lint_cache_no_cache_writes_no_cache(project):
    result = flake8_on_pages(project, "--lint-cache-no-cache")
    assert len(findings(result.stdout)) == 2
    assert not (project / ".lint_cache_cache").exists()
