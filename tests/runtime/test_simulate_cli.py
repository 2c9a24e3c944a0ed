"""`lint-cache simulate`, through `register` on a parser like the one `lint_cache.frontends.cli.main` builds."""

from __future__ import annotations

import argparse
import io
import json
import textwrap

import pytest

from lint_cache.frontends.cli import simulate_command
from lint_cache.settings import target_version

APP = """
    import streamlit as st

    @st.cache_data(experimental_allow_widgets=True)
    def pick():
        extra = 0
        if st.checkbox("more"):
            extra = st.slider("amount", 0, 2)
        return extra

    @st.cache_data
    def choose():
        return st.toggle("flag")

    st.text(f"value {pick()} {choose()}")
    """


def without_note(err: str) -> str:
    """stderr without the note that simulate runs the app's code, printed on every run."""
    lines = err.splitlines(keepends=True)
    assert lines and lines[0].startswith("lint-cache: note: simulate runs the code of ")
    return "".join(lines[1:])


def run_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="lint-cache")
    simulate_command.register(parser.add_subparsers(required=True))
    args = parser.parse_args(["simulate", *argv])
    return args.run(args)


@pytest.fixture
def app(tmp_path):
    def write(source: str = APP) -> str:
        path = tmp_path / "app.py"
        path.write_text(textwrap.dedent(source).lstrip(), encoding="utf-8")
        return str(path)

    return write


@pytest.fixture
def runs_file(tmp_path):
    def write(content) -> str:
        path = tmp_path / "runs.json"
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
        return str(path)

    return write


def test_json_output_has_exactly_the_documented_shape(app, runs_file, capsys):
    runs = runs_file([{}, {}, {"more": True}, {}, {"amount": 1}, {}, {"more": False}, {}, {"more": True}, {}])
    assert run_cli(app(), "--streamlit-version", "1.35", "--runs", runs, "--format", "json") == 0
    output = capsys.readouterr()
    assert without_note(output.err) == ""
    assert json.loads(output.out) == {
        "runs": 10,
        "functions": [
            {"name": "pick", "line": 4, "body_runs": 5, "entries": 1, "results": 4, "scope": "global"},
            {"name": "choose", "line": 11, "body_runs": 1, "entries": 1, "results": 1, "scope": "global"},
        ],
        "warnings": [{"run": run, "code": "CachedWidgetWarning", "function": "choose"} for run in range(10)],
        "events": [],
        "releases": [],
        "evictions": [],
        "background_refreshes": [],
        "cache_data_budget": None,
    }


def test_the_table_is_the_default(app, capsys):
    assert run_cli(app(), "--streamlit-version", "1.35") == 0
    assert capsys.readouterr().out == (
        "Streamlit 1.35 (option): 1 run\n"
        "function  line  body runs  entries  results\n"
        "pick         4          1        1        1\n"
        "choose      11          1        1        1\n"
        "CachedWidgetWarning in choose(): shown 1 time, in run 0\n"
    )


def test_the_default_version_is_the_linters_target_version(app, capsys):
    version, source = target_version(None)
    run_cli(app("import streamlit as st\n"))
    assert capsys.readouterr().out.startswith(f"Streamlit {version} ({source}): 1 run\n")


def test_enumerate(app, capsys):
    assert run_cli(app(), "--streamlit-version", "1.37", "--enumerate", "--format", "json") == 0
    result = json.loads(capsys.readouterr().out)
    # more=False, a try of flag=True (the toggle vanishes on that hit, 1.37), then the slider's 3 values.
    assert result["runs"] == 5
    assert result["functions"] == [
        {"name": "pick", "line": 4, "body_runs": 4, "entries": 1, "results": 4, "scope": "global"},
        {"name": "choose", "line": 11, "body_runs": 1, "entries": 1, "results": 1, "scope": "global"},
    ]


def test_enumerate_refuses_above_max_runs_with_the_arithmetic(app, capsys):
    code = run_cli(app("import streamlit as st\nst.slider('a')\nst.slider('b')\n"), "--enumerate", "--max-runs", "100")
    assert code == 2
    assert without_note(capsys.readouterr().err) == (
        "lint-cache: error: --enumerate would need 10,201 runs = 101 (slider 'a') × 101 (slider 'b'), "
        "above --max-runs 100\n"
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "import streamlit as st\nimport not_installed_anywhere\n",
            "app.py:2: ModuleNotFoundError: No module named 'not_installed_anywhere' (in run 0)\n"
            "    import not_installed_anywhere\n",
        ),
        (
            "import streamlit as st\n\ndef boom():\n    return 1 / 0\n\nboom()\n",
            "app.py:4: ZeroDivisionError: division by zero (in run 0)\n    return 1 / 0\n",
        ),
    ],
)
def test_app_errors_show_the_apps_own_line_and_exit_2(app, capsys, source, expected):
    assert run_cli(app(source)) == 2
    err = capsys.readouterr().err
    # A missing module is followed by a note on what to install where (tests/test_abuse.py).
    told = "".join(line for line in err.splitlines(keepends=True) if not line.startswith("lint-cache: note: `"))
    assert told.endswith(expected)
    assert "Traceback" not in err and "lint_cache" not in err


def test_an_error_in_every_run_is_reported_once_with_its_runs(app, runs_file, capsys):
    source = """
        import threading
        import streamlit as st

        @st.cache_data
        def lock():
            return threading.Lock()

        lock()
        """
    assert run_cli(app(source), "--runs", runs_file([{}, {}, {}])) == 2
    err = without_note(capsys.readouterr().err).splitlines()
    assert len(err) == 2
    assert "app.py:8: UnserializableReturnValueError: `lock()` returned an object of type lock that" in err[0]
    assert err[0].endswith("use st.cache_resource for it (in runs 0, 1, 2)")


def test_a_syntax_error_is_reported_at_its_line(app, capsys):
    assert run_cli(app("import streamlit as st\nif True\n")) == 2
    assert capsys.readouterr().err.endswith("app.py:2: SyntaxError: expected ':'\n")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not JSON"),
        ({"a": 1}, "must hold a JSON list of objects"),
        ([{}, {"ghost": 1}], "run 1: no widget labelled or keyed 'ghost'"),
    ],
)
def test_bad_runs_files_are_usage_errors(app, runs_file, capsys, content, message):
    assert run_cli(app(), "--runs", runs_file(content)) == 2
    err = capsys.readouterr().err
    if "note: simulate runs the code" in err:  # found while running the app: the note came first
        err = without_note(err)
    assert err.startswith("lint-cache: error: ") and message in err
    assert "Traceback" not in err


def test_runs_and_enumerate_exclude_each_other(app, runs_file):
    with pytest.raises(SystemExit) as exited:
        run_cli(app(), "--runs", runs_file([{}]), "--enumerate")
    assert exited.value.code == 2


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_goes_to_stderr_only_on_a_terminal(app, capsys, monkeypatch):
    many = app("import streamlit as st\nst.slider('a', 0, 120)\n")
    run_cli(many, "--enumerate")
    assert without_note(capsys.readouterr().err) == ""
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    run_cli(many, "--enumerate")
    shown = without_note(terminal.getvalue())
    assert shown.startswith("\rsimulate run ") and "\rsimulate run 121/~121" in shown
    assert shown.endswith("\r\x1b[K")  # the progress line is erased at the end


def test_a_widget_a_cache_hit_removed_is_an_event_not_an_error(app, runs_file, capsys):
    # On 1.35 without widget replay, a hit leaves the cached function's widget off the page: the
    # runs file's change of it simply does not happen, and the simulation goes on.
    path = app(
        """
        import streamlit as st

        @st.cache_data
        def forecast():
            return st.slider("Horizon", 1, 5)

        st.text(f"horizon {forecast()}")
        """
    )
    runs = runs_file([{}, {}, {"Horizon": 3}, {}])
    assert run_cli(path, "--runs", runs, "--streamlit-version", "1.35") == 0
    out = capsys.readouterr().out
    assert "run 2: 'Horizon' is not on the page: the hit of forecast() removed it" in out
    assert "4 runs" in out
    assert run_cli(path, "--runs", runs, "--streamlit-version", "1.35", "--format", "json") == 0
    events = json.loads(capsys.readouterr().out)["events"]
    assert events == [{"run": 2, "event": "'Horizon' is not on the page: the hit of forecast() removed it"}]


SESSIONS_APP = """
    import streamlit as st

    @st.cache_resource
    def release_log():
        return []

    @st.cache_resource(scope="session", on_release=release_log().append)
    def connection(_user):
        return f"connection of {_user}"

    @st.cache_data
    def block(n):
        return "x" * 6000 + str(n)

    @st.cache_data(ttl=10, refresh_mode="background")
    def rate():
        return 2

    st.text(connection(st.session_state.get("user", "?")))
    st.text(str(len(block(st.number_input("n", 0, 3, 0)))))
    st.text(str(rate()))
    """


def test_the_table_shows_session_scope_releases_evictions_and_refreshes(app, runs_file, tmp_path, capsys):
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "config.toml").write_text('[server]\nmaxCacheDataSize = "10kb"\n', encoding="utf-8")
    runs = runs_file(
        [
            {"@session": "ann", "@session_state": {"user": "ann"}},
            {"@session": "bob", "@session_state": {"user": "bob"}},
            {"@session": "bob", "n": 1},
            {"@session": "bob", "@end_session": "ann", "@sleep": 12},
        ]
    )
    assert run_cli(app(SESSIONS_APP), "--streamlit-version", "1.67", "--runs", runs) == 0
    lines = capsys.readouterr().out.splitlines()
    config = tmp_path / ".streamlit" / "config.toml"
    assert lines[6:] == [
        'scope="session": connection(): one cache per session, dropped when it ends',
        f'evicted from block() by server.maxCacheDataSize ("10kb" in {config}): 1 entry, in run 2',
        "on_release of connection(): called 1 time, in run 3, with 'connection of ann'",
        "rate(): a stale value served and refreshed in the background 1 time, in run 3",
    ]


def test_json_lists_releases_evictions_refreshes_and_the_budget(app, runs_file, capsys):
    runs = runs_file(
        [{"@session": "ann", "@session_state": {"user": "ann"}}, {"@session": "bob", "@end_session": "ann"}]
    )
    assert run_cli(app(SESSIONS_APP), "--streamlit-version", "1.67", "--runs", runs, "--format", "json") == 0
    report = json.loads(capsys.readouterr().out)
    assert [row["scope"] for row in report["functions"]] == ["global", "session", "global", "global"]
    assert report["releases"] == [{"run": 1, "function": "connection", "value": "'connection of ann'"}]
    assert (report["evictions"], report["background_refreshes"], report["cache_data_budget"]) == ([], [], None)
