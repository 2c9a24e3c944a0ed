"""Hostile or unlucky use (issue 16): every reproduction of the report, run for real.

Processes and signals are real subprocesses, memory limits real `resource.setrlimit` calls.
"""

from __future__ import annotations

import ast
import contextlib
import json
import os
import resource
import select
import signal
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import LEGACY_APP, SLIDER_APP
from lint_cache import check_source
from lint_cache.settings import Settings

BIN = Path(sys.executable).parent
LINT_CACHE = str(BIN / "lint-cache")
HEADER = "import streamlit as st\n\n@st.cache_data\ndef load(n):\n    return st.slider('n')\n\n"
# Enough code per file that a fix run of many files lasts a few seconds.
FILLER = "".join(f"def helper_{i}(x):\n    return [x + {i} for _ in range(3)]\n\n\n" for i in range(150))


def run(*args, cwd, env=None, timeout=120, **kwargs):
    return subprocess.run(
        [LINT_CACHE, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env, **kwargs
    )


def assert_clean_failure(result, exit_code=2):
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert result.returncode == exit_code, (result.returncode, result.stdout, result.stderr)


# -- processes --------------------------------------------------------------------------------------


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.update(int(child) for child in (task / "children").read_text().split())
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("kill_with", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_workers_die_with_their_parent_and_stop_writing(tmp_path, kill_with):
    for number in range(400):
        (tmp_path / f"app_{number:03}.py").write_text(LEGACY_APP + FILLER)
    process = subprocess.Popen(
        [LINT_CACHE, "check", "--fix", "--jobs", "2", "--no-cache", "."],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            workers |= _children(process.pid)
            if len(workers) >= 2 and any("cache_resource" in path.read_text() for path in tmp_path.glob("app_0*.py")):
                break
            time.sleep(0.02)
        assert len(workers) == 2, workers
        process.send_signal(kill_with)
        started = time.monotonic()
        process.wait(timeout=5)
        assert _closes(process.stdout, within=5)  # nobody holds the caller's pipe open any more
        while any(_alive(pid) for pid in workers) and time.monotonic() - started < 5:
            time.sleep(0.05)
        assert not any(_alive(pid) for pid in workers)
        fixed_at_kill = sum("cache_resource" in path.read_text() for path in tmp_path.glob("*.py"))
        time.sleep(1)
        assert sum("cache_resource" in path.read_text() for path in tmp_path.glob("*.py")) == fixed_at_kill
        assert fixed_at_kill < 400
    finally:
        for pid in {process.pid} | workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        process.wait()


def _closes(stream, within: float) -> bool:
    """Whether the pipe reaches its end (every writer gone) within `within` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        ready, _, _ = select.select([stream], [], [], deadline - time.monotonic())
        if ready and not os.read(stream.fileno(), 65536):
            return True
    return False


def test_jobs_are_capped_at_what_the_work_needs():
    from lint_cache.frontends.cli.runner import workers_needed

    assert workers_needed(2000, 3) == 1
    assert workers_needed(2000, 40) == min(2, os.cpu_count() or 1)
    assert workers_needed(2000, 100_000) == (os.cpu_count() or 1)
    assert workers_needed(1, 100_000) == 1


def test_jobs_2000_starts_no_more_workers_than_cores(tmp_path):
    for number in range(40):
        (tmp_path / f"app_{number}.py").write_text(SLIDER_APP)
    result = run("check", "--jobs", "2000", "--no-cache", ".", cwd=tmp_path, timeout=60)
    assert result.returncode == 1
    assert result.stdout.count("STC102") == 40


# -- memory and time ---------------------------------------------------------------------------------

# A file large enough to be parsed in a child process, whose memory is then limited to 64 MB: the
# parse fails fast, as a real out-of-memory would after gigabytes.
LARGE_APP = HEADER + "st.write(1)\n" * 25_000
TIGHT_MEMORY = {**os.environ, "LINT_CACHE_MAX_MEMORY": "64MB"}


def limited_address_space(gigabytes: float):
    limit = int(gigabytes * 1024**3)
    return lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def test_a_file_that_exhausts_memory_is_its_own_stc001_and_every_other_finding_stays(tmp_path):
    (tmp_path / "huge.py").write_text(LARGE_APP)
    for number in range(20):
        (tmp_path / f"app_{number}.py").write_text(SLIDER_APP)
    for jobs in ("1", "2"):
        result = run(
            "check",
            "--no-cache",
            "--jobs",
            jobs,
            ".",
            cwd=tmp_path,
            env=TIGHT_MEMORY,
            preexec_fn=limited_address_space(3),
        )
        assert_clean_failure(result, exit_code=1)
        assert result.stdout.count("STC102") == 20
        (huge,) = [line for line in result.stdout.splitlines() if line.startswith("huge.py")]
        assert "STC001" in huge and "needs more than 64 MB of memory" in huge
        assert result.stderr == ""  # libcst's own complaint stays in the child


def test_flake8_with_two_jobs_finishes_when_a_file_exhausts_memory(tmp_path):
    (tmp_path / "huge.py").write_text(LARGE_APP)
    for number in range(6):
        (tmp_path / f"app_{number}.py").write_text(SLIDER_APP)
    result = subprocess.run(
        [str(BIN / "flake8"), "-j", "2", "--select", "STC", "."],
        cwd=tmp_path,
        env=TIGHT_MEMORY,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limited_address_space(3),
    )
    assert result.returncode == 1, result.stderr
    assert sorted(line.split(":")[0] for line in result.stdout.splitlines()) == [
        f"./app_{number}.py" for number in range(6)
    ]


@pytest.mark.parametrize(
    "shape",
    [
        lambda n: "x = " + "lambda: " * n + "1\n",
        lambda n: "x = f" + "[0]" * n + "\n",
        lambda n: "x = f" + "()" * n + "\n",
        lambda n: "x = " + "not " * n + "1\n",
        lambda n: "x = " + "-" * n + "1\n",
        lambda n: "x = " + "1 if a else " * n + "1\n",
        lambda n: "x = " + "**".join(["2"] * (n + 1)) + "\n",
        lambda n: "x = a" + ".a" * n + "\n",
        lambda n: "x = " + "+".join(["1"] * (n + 1)) + "\n",
    ],
    ids=["lambdas", "subscripts", "calls", "not", "signs", "conditionals", "powers", "attributes", "sums"],
)
def test_python_accepts_every_shape_with_fewer_nesting_tokens_than_the_guard_skips(shape):
    # python_refuses asks Python only above NESTING_PYTHON_ACCEPTS nesting characters and words,
    # in the file and in one statement: below that, this Python must accept each shape however
    # deep, or the guard would miss one.
    from lint_cache.source import deep_code, guards

    depth = guards.NESTING_PYTHON_ACCEPTS
    text = HEADER + shape(depth)
    counted = sum(text.count(c) for c in deep_code.NESTING_CHARACTERS) + sum(
        text.count(w) for w in deep_code.NESTING_WORDS
    )
    assert counted >= depth
    assert deep_code.most_nesting_tokens(text) >= depth  # counted in its statement too
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(guards._stack_depth() + guards.PYTHON_RECURSION_LIMIT)
    try:
        ast.parse(text)  # a RecursionError here fails the test
    finally:
        sys.setrecursionlimit(limit)


@pytest.mark.parametrize(
    "body",
    [
        "x = " + "lambda: " * 5000 + "1\n",
        "x = f" + "[0]" * 5000 + "\n",
        "x = f" + "(0)" * 5000 + "\n",
        "x = " + "not " * 5000 + "1\n",
        "x = " + "-" * 5000 + "1\n",
        "x = " + "1 if a else " * 3000 + "1\n",
        # The nesting tokens are counted in their statement wherever they stand: in an f-string's
        # expression, on the many lines of one bracketed statement.
        'x = f"{' + "-" * 5000 + '1}"\n',
        "x = (\n" + "  not\n" * 5000 + "  1)\n",
        "x = " + "~" * 5000 + "1\n",
        "x = [lambda: " + "lambda: " * 5000 + "1]\n",
    ],
    ids=[
        "lambdas",
        "subscripts",
        "calls",
        "not",
        "signs",
        "conditionals",
        "inside-an-f-string",
        "over-many-lines",
        "inversions",
        "in-brackets",
    ],
)
def test_shapes_python_itself_rejects_are_refused_at_once(body):
    started = time.monotonic()
    (diagnostic,) = check_source(HEADER + body, "deep_code.py", Settings())
    assert diagnostic.code == "STC001" and "Python's own parser refuses it" in diagnostic.message
    assert time.monotonic() - started < 2


def test_a_large_app_of_shallow_statements_is_not_asked_to_python(monkeypatch):
    # Thousands of nesting tokens in the file, a handful in each statement: Python is not asked
    # (an `ast.parse` of the whole file), and the file is checked.
    from lint_cache.source import deep_code, guards

    asked = []
    monkeypatch.setattr(guards, "ast", types.SimpleNamespace(parse=lambda *a, **k: asked.append(a)))
    text = HEADER + "rows = frame.loc[-1:].head(n)[columns]\n" * 500
    assert sum(text.count(c) for c in deep_code.NESTING_CHARACTERS) > guards.NESTING_PYTHON_ACCEPTS
    assert guards.python_refuses(text) is None and asked == []
    assert [d.code for d in check_source(text, "big.py", Settings())] == ["STC102"]


def test_a_file_beyond_the_size_limit_is_refused_without_parsing():
    from lint_cache.source import guards

    started = time.monotonic()
    (diagnostic,) = check_source(HEADER + "x = 1\n" * (guards.MAX_CHARACTERS // 6 + 1), "data.py", Settings())
    assert diagnostic.code == "STC001" and "more than the 10,000,000 lint-cache checks" in diagnostic.message
    assert time.monotonic() - started < 5


def test_the_prefilter_is_linear_on_a_minified_bundle():
    from lint_cache.source import prefilter

    bundle = "import streamlit\n" + "var a=import(x);import b from 'c';" * 20_000 + "\n"
    started = time.monotonic()
    assert not prefilter.may_cache(bundle) and not prefilter.may_cache_bytes(bundle.encode())
    assert prefilter.may_cache(bundle + "from streamlit import (\n    write,\n    cache,\n)\n")
    assert prefilter.may_cache_bytes(bundle.encode() + b"from streamlit import cache\n")
    assert not prefilter.may_cache(bundle + "from streamlit import (write)\ncache = 1\n")
    assert time.monotonic() - started < 1


def test_the_chain_guard_counts_lines_once():
    from lint_cache.source import deep_code

    text = "x = 1\n" * 500_000 + "y = " + " + ".join(["1"] * 5000) + "\n"
    started = time.monotonic()
    assert deep_code.longest_chain(text) == (4999, 500_001)
    assert time.monotonic() - started < 10


# -- the result cache --------------------------------------------------------------------------------


@pytest.fixture
def cached_project(tmp_path):
    """A project with a finding, checked once so that its cache holds a signed entry; the user's
    cache folder (where the signing key lives) is a private one."""
    (tmp_path / "app.py").write_text(SLIDER_APP)
    environment = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "user-cache")}
    environment.pop("LINT_CACHE_MAX_MEMORY", None)
    first = run("check", "app.py", cwd=tmp_path, env=environment)
    assert first.returncode == 1 and "STC102" in first.stdout
    return tmp_path, environment


def _results(project: Path) -> Path:
    return project / "user-cache" / "lint-cache" / "results.json"


def test_a_signed_entry_is_used_and_the_key_is_private(cached_project):
    project, environment = cached_project
    key = project / "user-cache" / "lint-cache" / "signing-key"
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    document = json.loads(_results(project).read_text())
    ((_, entry),) = document["entries"].items()
    entry["diagnostics"][0]["message"] = "from the cache"
    entry["signature"] = (
        __import__("hmac")
        .new(
            key.read_bytes(),
            json.dumps(
                [next(iter(document["entries"])), entry["diagnostics"], entry["dependencies"], entry["lookups"]],
                sort_keys=True,
                separators=(",", ":"),
            ).encode(),
            "sha256",
        )
        .hexdigest()
    )
    _results(project).write_text(json.dumps(document))
    assert "from the cache" in run("check", "app.py", cwd=project, env=environment).stdout


@pytest.mark.parametrize(
    "forge",
    [
        lambda entry: entry.update(diagnostics=[]),  # "no findings", unsigned
        lambda entry: entry.update(signature="0" * 64, diagnostics=[]),
        lambda entry: entry["diagnostics"][0].update(line="5"),
        lambda entry: entry["diagnostics"][0].update(code="STC999"),
        lambda entry: entry["diagnostics"][0].update(message=[[[[1]]]]),
        lambda entry: entry["diagnostics"][0].update(fix_safety=["safe"]),
        lambda entry: entry.update(diagnostics="DEEP"),  # replaced by 100,000 nested lists below
    ],
    ids=["no-findings", "bad-signature", "string-line", "unknown-code", "list-message", "list-safety", "deep"],
)
@pytest.mark.parametrize("format", ["concise", "sarif", "json"])
def test_a_forged_or_malformed_entry_never_hides_or_breaks_a_finding(cached_project, forge, format):
    project, environment = cached_project
    document = json.loads(_results(project).read_text())
    for entry in document["entries"].values():
        forge(entry)
    text = json.dumps(document).replace('"DEEP"', "[" * 100_000 + "]" * 100_000)
    _results(project).write_text(text)
    result = run("check", "app.py", "--format", format, cwd=project, env=environment)
    assert result.returncode == 1, result.stderr
    assert "STC102" in result.stdout and "Traceback" not in result.stderr


@pytest.mark.parametrize("kind", ["fifo", "link-to-device", "link-to-file"])
def test_links_and_special_files_in_the_cache_folder_are_never_read(cached_project, kind):
    project, environment = cached_project
    results = _results(project)
    results.unlink()
    outside = project / "outside.json"
    outside.write_text("{}")
    if kind == "fifo":
        os.mkfifo(results)
    else:
        results.symlink_to("/dev/zero" if kind == "link-to-device" else outside)
    result = run("check", "app.py", cwd=project, env=environment, timeout=30)
    assert result.returncode == 1 and "STC102" in result.stdout
    assert outside.read_text() == "{}"


def test_a_committed_cache_of_another_installation_counts_for_nothing(tmp_path):
    (tmp_path / "app.py").write_text(SLIDER_APP)
    committer = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "committer")}
    assert run("check", "app.py", cwd=tmp_path, env=committer).returncode == 1
    # Someone else's installation (its own key) wrote "no findings" in the project's cache folder.
    project_cache = tmp_path / ".lint_cache_cache"
    environment = {key: value for key, value in os.environ.items() if key != "XDG_CACHE_HOME"}
    environment["HOME"] = str(tmp_path / "other-home")
    (tmp_path / "app.py").write_text(SLIDER_APP.replace("st.slider", "st.checkbox"))
    assert run("check", "app.py", cwd=tmp_path, env=environment).returncode == 1
    document = json.loads((project_cache / "results.json").read_text())
    for entry in document["entries"].values():
        entry["diagnostics"] = []
    (project_cache / "results.json").write_text(json.dumps(document))
    environment["HOME"] = str(tmp_path / "victim-home")
    result = run("check", "app.py", cwd=tmp_path, env=environment)
    assert result.returncode == 1 and "STC102" in result.stdout


# -- injection -----------------------------------------------------------------------------------------


def test_the_report_is_never_written_over_a_python_file(tmp_path):
    (tmp_path / "app.py").write_text(SLIDER_APP)
    result = run("check", "app.py", "--output", "app.py", cwd=tmp_path)
    assert_clean_failure(result)
    assert "refusing to write the report over a Python file" in result.stderr
    assert (tmp_path / "app.py").read_text() == SLIDER_APP


# Real control characters in the source: an escape sequence, a line break, a bidirectional override.
FORGING_LABEL = 'st.text_input("""Name\x1b[2J\nfake.py:1:1: STC999 forged\u202e""")'


@pytest.mark.parametrize("format", ["concise", "github"])
def test_labels_and_file_names_cannot_inject_lines_or_escape_sequences(tmp_path, format):
    app = "import streamlit as st\n\n@st.cache_data\ndef find(name):\n    return name\n\nfind(" + FORGING_LABEL + ")\n"
    name = "evil\x1b[31m\nfake.py:2:2: STC998 forged.py"
    (tmp_path / name).write_text(app)
    result = run("check", name, "--max-estimated-entries", "1", "--format", format, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    report_lines = [line for line in result.stdout.splitlines() if "STC" in line]
    assert len(report_lines) == 1 and "STC303" in report_lines[0]
    assert "\\x1b[2J" in report_lines[0] and "\\x1b[31m\\nfake.py" in report_lines[0]


NOT_UTF8 = os.fsdecode(b"caf\xe9.py")


@pytest.mark.parametrize(
    "args, encoding",
    [
        (["--format", "sarif"], None),
        (["--format", "json"], None),
        (["--format", "github"], None),
        (["--output", "report.txt"], None),
        ([], "utf-8"),
    ],
    ids=["sarif", "json", "github", "output", "PYTHONIOENCODING"],
)
def test_file_names_that_are_not_utf8(tmp_path, args, encoding):
    (tmp_path / NOT_UTF8).write_text(SLIDER_APP)
    environment = {**os.environ, **({"PYTHONIOENCODING": encoding} if encoding else {})}
    result = subprocess.run(
        [LINT_CACHE, "check", "--no-cache", ".", *args], cwd=tmp_path, capture_output=True, env=environment, timeout=60
    )
    assert result.returncode == 1, result.stderr
    output = (tmp_path / "report.txt").read_bytes() if "--output" in args else result.stdout
    text = output.decode("utf-8")  # valid UTF-8, whatever the format
    if "json" in args:
        assert json.loads(text)[0]["path"] == "caf\\xe9.py"
    elif "sarif" in args:
        (finding,) = json.loads(text)["runs"][0]["results"]
        assert finding["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "caf%E9.py"
    else:
        assert "caf\\xe9.py" in text


# A label no UTF-8 text holds (lone surrogates, written as escapes in the source), characters XML 1.0
# refuses (U+FFFE, U+FFFF, a control), in a file whose name is not UTF-8 and holds U+FFFF.
UNWRITABLE_LABEL_APP = (
    "import streamlit as st\n\n@st.cache_data\ndef find(name):\n    return name\n\n"
    'find(st.text_input("\\udcff \\ud800 \\ufffe \\uffff \\x01"))\n'
)
UNWRITABLE_NAME = os.fsdecode(b"\xff-\xef\xbf\xbf.py")


def _strings(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


@pytest.mark.parametrize("format", ["json", "json-lines", "sarif", "gitlab", "rdjson", "junit"])
def test_machine_formats_parse_strictly_whatever_the_labels_and_file_names(tmp_path, format):
    import xml.etree.ElementTree as ElementTree

    (tmp_path / UNWRITABLE_NAME).write_text(UNWRITABLE_LABEL_APP)
    result = subprocess.run(
        [LINT_CACHE, "check", "--no-cache", ".", "--max-estimated-entries", "1", "--output-format", format],
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr.decode(errors="replace")
    text = result.stdout.decode("utf-8")  # strict: no byte that is not UTF-8
    if format == "junit":
        (suite,) = ElementTree.fromstring(result.stdout).iter("testsuite")
        (failure,) = suite.iter("failure")
        assert failure.get("type") == "STC303"
        shown = suite.get("name") + "\n" + failure.text
    else:
        documents = [json.loads(line) for line in text.splitlines()] if format == "json-lines" else [json.loads(text)]
        strings = [string for document in documents for string in _strings(document)]
        for string in strings:
            string.encode("utf-8")  # no lone surrogate, neither raw nor as a `\udcff` escape
        shown = "\n".join(strings)
    assert "\\udcff \\ud800" in shown  # the label is still there to read, escaped
    assert "\\xff-" in shown or "%FF-" in shown  # the file name, with its byte that is not UTF-8


def test_estimate_json_parses_strictly_whatever_the_labels_and_file_names(tmp_path):
    (tmp_path / UNWRITABLE_NAME).write_text(UNWRITABLE_LABEL_APP)
    result = subprocess.run(
        [LINT_CACHE, "estimate", UNWRITABLE_NAME, "--format", "json"], cwd=tmp_path, capture_output=True, timeout=60
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    (function,) = json.loads(result.stdout.decode("utf-8"))["functions"]
    for string in _strings(function):
        string.encode("utf-8")  # no lone surrogate, neither raw nor as a `\udcff` escape
    assert function["path"] == "\\xff-\uffff.py"
    assert function["factors"][0]["label"] == "\\udcff \\ud800 \ufffe \uffff \x01"


# -- options and configuration -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "option, value, reason",
    [
        ("--entry-size", "9" * 400, "is not a size"),
        ("--entry-size", "9" * 90, "is more than 1 EB"),
        ("--streamlit-version", "1." + "9" * 5000, "is not a version"),
        ("--max-estimated-entries", "9" * 5000, "more than lint-cache can count"),
    ],
)
def test_absurd_option_values_are_usage_errors(tmp_path, option, value, reason):
    (tmp_path / "app.py").write_text(SLIDER_APP)
    result = run("check", "app.py", option, value, cwd=tmp_path)
    assert_clean_failure(result)
    assert reason in result.stderr and len(result.stderr) < 500


DEEP_TOML = "[project]\nname = 'x'\nkeywords = " + "[" * 600 + "]" * 600 + "\n"


def test_a_deep_pyproject_of_another_tool_breaks_neither_lint_cache_nor_flake8(tmp_path):
    (tmp_path / "pyproject.toml").write_text(DEEP_TOML)
    (tmp_path / "app.py").write_text(SLIDER_APP + "import os\n")
    result = run("check", "app.py", cwd=tmp_path)
    assert result.returncode == 1 and "STC102" in result.stdout, result.stderr
    flake8 = subprocess.run(
        [str(BIN / "flake8"), "--select", "F", "app.py"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert flake8.returncode == 1 and "F401" in flake8.stdout, flake8.stderr


def test_a_deep_pyproject_that_configures_lint_cache_is_a_usage_error(tmp_path):
    (tmp_path / "pyproject.toml").write_text(DEEP_TOML + "[tool.lint-cache]\nselect = ['STC1']\n")
    (tmp_path / "app.py").write_text(SLIDER_APP)
    result = run("check", "app.py", cwd=tmp_path)
    assert_clean_failure(result)
    assert "nested too deeply" in result.stderr


@pytest.mark.parametrize(
    "args, note",
    [
        (["--streamlit-version", "0.1"], "Streamlit 0.1 is older than st.cache_data"),
        (["--streamlit-version", "1.0"], "Streamlit 1.0 is older than st.cache_data"),
        (["--select", ""], "--select is empty: it selects no rule"),
    ],
)
def test_settings_that_are_probably_a_mistake_get_a_note(tmp_path, args, note):
    (tmp_path / "app.py").write_text(SLIDER_APP)
    result = run("check", "app.py", "--no-cache", *args, cwd=tmp_path)
    assert f"lint-cache: note: {note}" in result.stderr


# -- nothing silently passes ------------------------------------------------------------------------------


def test_a_utf16_file_is_stc001_not_a_pass(tmp_path):
    (tmp_path / "app.py").write_bytes(SLIDER_APP.encode("utf-16"))
    result = run("check", "app.py", "--no-cache", cwd=tmp_path)
    assert result.returncode == 1
    assert "STC001" in result.stdout and "UTF-16 text" in result.stdout


def test_three_thousand_joined_strings_are_no_false_stc001():
    text = SLIDER_APP + "\nPROMPT = (\n" + '    "a line of the prompt "\n' * 3001 + ")\n"
    text += "\n@st.cache_data\ndef later():\n    return st.checkbox('x')\n"
    assert [(d.code, d.line) for d in check_source(text, "app.py", Settings())] == [("STC102", 6), ("STC102", 3015)]


def test_an_unreadable_folder_is_an_error(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads every folder")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "app.py").write_text(SLIDER_APP)
    locked.chmod(0)
    try:
        result = run("check", ".", cwd=tmp_path)
        named = run("check", "locked/app.py", cwd=tmp_path)
    finally:
        locked.chmod(0o755)
    assert_clean_failure(result)
    assert "locked: cannot read the folder: Permission denied" in result.stderr
    assert "All checks passed" not in result.stdout
    assert_clean_failure(named)
    assert "permission denied on a folder above it" in named.stderr


def test_an_unreadable_folder_is_an_error_even_for_root(tmp_path):
    """As root, listing cannot fail on permissions; a folder that vanishes mid-walk stands in."""
    from lint_cache.project import files

    errors: list[str] = []
    assert list(files._walk(str(tmp_path / "gone"), errors)) == []
    assert errors == [f"{tmp_path / 'gone'}: cannot read the folder: No such file or directory"]


def test_a_missing_path_never_reads_as_a_pass(tmp_path):
    result = run("check", "nowhere.py", cwd=tmp_path)
    assert_clean_failure(result)
    assert "nowhere.py: no such file or folder" in result.stderr
    assert "All checks passed" not in result.stdout
    assert result.stdout == "No problems found (0 files checked; 1 error, see stderr).\n"


def test_a_file_and_a_symlink_to_it_are_listed_once(tmp_path):
    (tmp_path / "app.py").write_text(LEGACY_APP)
    (tmp_path / "alias.py").symlink_to("app.py")
    result = run("check", ".", "--no-cache", cwd=tmp_path)
    assert result.stdout.count("STC201") == 1 and result.stdout.startswith("app.py:")
    fixed = run("check", ".", "--fix", cwd=tmp_path)
    assert fixed.returncode == 0, fixed.stderr
    assert "cache_resource" in (tmp_path / "app.py").read_text() and (tmp_path / "alias.py").is_symlink()


def test_a_failed_write_keeps_the_findings_in_the_summary(tmp_path):
    (tmp_path / "app.py").write_text(LEGACY_APP)
    limit = 16  # bytes a process may write to a file: the fixed file cannot be written (EFBIG)
    result = run(
        "check",
        "app.py",
        "--fix",
        "--no-cache",
        cwd=tmp_path,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit)),
    )
    assert_clean_failure(result)
    assert "cannot write the fixed file" in result.stderr
    assert (tmp_path / "app.py").read_text() == LEGACY_APP
    assert "STC201" in result.stdout and "All checks passed" not in result.stdout
    assert (
        "Found 1 problem (1 file checked, Streamlit 1.67, the newest release known; 1 error, see stderr)"
        in result.stdout
    )


def test_a_file_changed_on_disk_keeps_its_findings(tmp_path):
    from lint_cache.frontends.cli.check_report import summary
    from lint_cache.frontends.cli.file_report import FIX
    from lint_cache.frontends.cli.runner import lint_source
    from lint_cache.project.files import SourceFile

    (tmp_path / "app.py").write_text(LEGACY_APP + "# saved by an editor meanwhile\n")
    report = lint_source(SourceFile(str(tmp_path / "app.py"), LEGACY_APP.encode()), Settings(), FIX)
    assert "changed while it was being fixed" in report.error
    assert [d.code for d in report.diagnostics] == ["STC201"] and report.fixed == 0
    assert summary(report.diagnostics, 1, 0, errors=1).startswith(
        "Found 1 problem (1 file checked; 1 error, see stderr)"
    )


# -- --fix keeps what it does not mean to change ---------------------------------------------------------

FIXED_LEGACY = LEGACY_APP.replace("@st.cache(allow_output_mutation=True)", "@st.cache_resource")


def test_a_cr_only_file_keeps_its_final_line_break(tmp_path):
    (tmp_path / "app.py").write_bytes(LEGACY_APP.replace("\n", "\r").encode())
    result = run("check", "app.py", "--fix", "--no-cache", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "app.py").read_bytes() == FIXED_LEGACY.replace("\n", "\r").encode()


def test_a_hard_linked_file_is_left_alone_with_a_message(tmp_path):
    (tmp_path / "app.py").write_text(LEGACY_APP)
    os.link(tmp_path / "app.py", tmp_path / "copy.txt")
    result = run("check", "app.py", "--fix", "--no-cache", cwd=tmp_path)
    assert_clean_failure(result)
    assert "2 hard links" in result.stderr and "left alone" in result.stderr
    assert (tmp_path / "copy.txt").read_text() == LEGACY_APP and os.stat(tmp_path / "app.py").st_nlink == 2
    assert "STC201" in result.stdout


def test_a_read_only_file_is_not_rewritten_by_its_owner(tmp_path):
    (tmp_path / "app.py").write_text(LEGACY_APP)
    (tmp_path / "app.py").chmod(0o444)
    result = run("check", "app.py", "--fix", "--no-cache", cwd=tmp_path)
    assert_clean_failure(result)
    assert "read-only (mode 0444)" in result.stderr
    assert (tmp_path / "app.py").read_text() == LEGACY_APP


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_the_owner_is_kept_when_root_fixes_a_file(tmp_path):
    (tmp_path / "app.py").write_text(LEGACY_APP)
    os.chown(tmp_path / "app.py", 4321, 4321)
    result = run("check", "app.py", "--fix", "--no-cache", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    status = os.stat(tmp_path / "app.py")
    assert (status.st_uid, status.st_gid) == (4321, 4321)
    assert (tmp_path / "app.py").read_text() == FIXED_LEGACY


def test_a_save_that_lands_while_the_fixed_file_is_written_is_kept(tmp_path, monkeypatch):
    from lint_cache.project import files

    target = tmp_path / "app.py"
    target.write_text(LEGACY_APP)
    real_fsync = os.fsync

    def editor_saves_meanwhile(descriptor):
        real_fsync(descriptor)
        target.write_text(LEGACY_APP + "# the editor's save\n")

    monkeypatch.setattr(files.os, "fsync", editor_saves_meanwhile)
    with pytest.raises(files.ChangedOnDisk):
        files.replace_contents(str(target), FIXED_LEGACY.encode(), expected=LEGACY_APP.encode())
    assert target.read_text() == LEGACY_APP + "# the editor's save\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["app.py"]  # no temporary file left


# -- simulate runs the app: contained ------------------------------------------------------------------


def simulate(tmp_path, source, *args, timeout=60):
    app = tmp_path / "app.py"
    app.write_text("import streamlit as st\n" + source)
    return run("simulate", "app.py", *args, cwd=tmp_path, timeout=timeout)


def test_simulate_says_it_runs_the_app(tmp_path):
    result = simulate(tmp_path, "st.write(1)\n")
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("lint-cache: note: simulate runs the code of app.py with your privileges")


@pytest.mark.parametrize(
    "source, line, what",
    [
        ("import sys\nsys.exit(3)\n", 3, "the app called sys.exit(3)"),
        ("import os\nos._exit(0)\n", 3, "the app called os._exit(0)"),
        ("raise KeyboardInterrupt\n", 2, "the app raised KeyboardInterrupt"),
        ("class Stop(BaseException):\n    pass\n\nraise Stop('now')\n", 5, "the app raised Stop: now"),
        ("import sys\nsys.stdout.close()\nprint('x')\n", 4, "ValueError: I/O operation on closed file."),
        ("while True:\n    pass\n", 2, "run 0 did not finish within --timeout 1 s"),
        (
            "while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass\n",
            None,
            "run 0 did not finish within --timeout 1 s",
        ),
    ],
    ids=["sys.exit", "os._exit", "KeyboardInterrupt", "BaseException", "closed-stdout", "endless", "swallowing"],
)
def test_what_ends_the_app_is_the_apps_error_with_its_line(tmp_path, source, line, what):
    started = time.monotonic()
    result = simulate(tmp_path, source, "--timeout", "1")
    assert_clean_failure(result)
    (report,) = [text for text in result.stderr.splitlines() if what in text]
    if line is not None:
        assert report.startswith(f"{tmp_path / 'app.py'}:{line}: ")
    assert time.monotonic() - started < 20


def test_an_app_that_exhausts_memory_is_stopped(tmp_path):
    result = simulate(tmp_path, "hoard = [bytearray(10**6) for _ in range(10**5)]\n", "--max-memory", "200MB")
    assert_clean_failure(result)
    assert "app.py:2: MemoryError" in result.stderr or "killed by" in result.stderr


# Each app notes the id of the process it leaves behind in `left.txt`, then calls a cached function.
# What it leaves does not hold simulate's stdout (subprocess.run would wait for it), but a fork holds
# the pipe the app's report comes through.
LEAVES_A_SUBPROCESS = """\
import subprocess
child = subprocess.Popen(["sleep", "300"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
"""
LEAVES_A_FORK = """\
import os, time
child = os.fork()
if child == 0:
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    os.dup2(1, 2)
    time.sleep(300)
    os._exit(0)
"""
AND_REPORTS = """\
with open("left.txt", "w") as file:
    file.write(str(getattr(child, "pid", child)))

@st.cache_data
def load(n):
    return n

load(1)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("leaves", [LEAVES_A_SUBPROCESS, LEAVES_A_FORK], ids=["subprocess", "fork"])
def test_what_the_app_starts_ends_with_simulate_and_a_fork_holding_the_pipe_delays_nothing(tmp_path, leaves):
    started = time.monotonic()
    try:
        result = simulate(tmp_path, leaves + AND_REPORTS, "--timeout", "2", timeout=30)
        elapsed = time.monotonic() - started
        left = int((tmp_path / "left.txt").read_text())
        deadline = time.monotonic() + 2  # init reaps what was killed
        while _alive(left) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not _alive(left), "the app's process outlived simulate"
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines()[1:] == [
            "function  line  body runs  entries  results",
            f"load      {len(leaves.splitlines()) + 6:>4}          1        1        1",
        ]
        assert "did not finish" not in result.stderr
        assert elapsed < 5  # the report is taken when it is sent, not after --timeout and its grace (7 s)
    finally:
        with contextlib.suppress(ProcessLookupError, FileNotFoundError, ValueError):
            os.kill(int((tmp_path / "left.txt").read_text()), signal.SIGKILL)


@pytest.mark.parametrize(
    "content, runs, message",
    [
        ("st.write('caf\xe9')\n".encode("latin-1"), None, "cannot read the app: it is not valid utf-8"),
        (b"x = 1\x00\n", None, "cannot read the app: it contains NUL bytes"),
        (b"st.write(1)\n", b'[{}, {"a": NaN}]', "NaN is not a JSON value"),
        (b"st.write(1)\n", b'[{}, {"a": "\xff"}]', "is not UTF-8 text"),
        (b"st.write(1)\n", b"[" * 100_000 + b"]" * 100_000, "nests lists or objects too deeply"),
    ],
    ids=["latin-1", "NUL", "NaN", "bad-UTF-8", "deep-JSON"],
)
def test_bad_simulate_input_is_the_users_error(tmp_path, content, runs, message):
    (tmp_path / "app.py").write_bytes(b"import streamlit as st\n" + content)
    args = ["simulate", "app.py"]
    if runs is not None:
        (tmp_path / "runs.json").write_bytes(runs)
        args += ["--runs", "runs.json"]
    result = run(*args, cwd=tmp_path)
    assert_clean_failure(result)
    assert message in result.stderr and "internal error" not in result.stderr


@pytest.mark.parametrize("value", ["nan", "0", "-1", "inf"])
def test_simulate_timeout_must_be_a_positive_number(tmp_path, value):
    result = simulate(tmp_path, "st.write(1)\n", "--timeout", value)
    assert_clean_failure(result)
    assert "is not a positive number of seconds" in result.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_worker_killed_midway_loses_no_finding(tmp_path):
    """The OOM killer takes a worker: the files it held are checked again, each in a child process."""
    for number in range(160):
        (tmp_path / f"app_{number:03}.py").write_text(SLIDER_APP + FILLER)
    process = subprocess.Popen(
        [LINT_CACHE, "check", "--jobs", "2", "--no-cache", "."],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while len(workers) < 2 and time.monotonic() < deadline:
        workers |= _children(process.pid)
        time.sleep(0.02)
    time.sleep(0.3)
    assert process.poll() is None, "finished before a worker could be killed"
    os.kill(min(workers), signal.SIGKILL)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 1, stderr
    assert "Traceback" not in stderr
    assert stdout.count("STC102") == 160 and stdout.endswith(
        "Found 160 problems (160 files checked, Streamlit 1.67, the newest release known).\n"
    )


# -- fuzzing the new boundaries ----------------------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=6),
    max_leaves=30,
)
FUZZ = settings(max_examples=int(os.environ.get("LINT_CACHE_FUZZ_EXAMPLES", "150")), deadline=None)


@FUZZ
@given(entry=JSON, signed=st.booleans())
def test_no_cache_entry_makes_get_raise_or_return_a_bad_diagnostic(tmp_path_factory, entry, signed):
    from lint_cache.frontends.result_cache import ResultCache

    folder = tmp_path_factory.mktemp("cache")
    cache = ResultCache(folder, secret=b"k" * 32)
    key = "fingerprint:content"
    if signed and isinstance(entry, dict) and isinstance(entry.get("diagnostics"), list):
        entry["signature"] = cache._signature(key, entry["diagnostics"])
    (folder / "results.json").write_text(json.dumps({"entries": {key: entry}}))
    diagnostics = ResultCache(folder, secret=b"k" * 32).get(key, "app.py")
    assert diagnostics is None or all(d.code.startswith("STC") and type(d.line) is int for d in diagnostics)


@FUZZ
@given(text=st.text())
def test_printable_text_is_one_line_of_valid_utf8(text):
    from lint_cache.frontends.display import printable

    shown = printable(text + os.fsdecode(b"\xff"))
    assert "\n" not in shown and "\r" not in shown and "\x1b" not in shown
    shown.encode("utf-8")


def test_the_report_is_never_written_through_a_link_to_a_python_file(tmp_path):
    (tmp_path / "app.py").write_text(SLIDER_APP)
    (tmp_path / "report.txt").symlink_to("app.py")
    result = run("check", "app.py", "--output", "report.txt", cwd=tmp_path)
    assert_clean_failure(result)
    assert (tmp_path / "app.py").read_text() == SLIDER_APP


def test_estimate_keeps_other_files_when_one_exhausts_memory(tmp_path):
    (tmp_path / "huge.py").write_text(LARGE_APP)
    (tmp_path / "app.py").write_text(
        "import streamlit as st\n\n@st.cache_data\ndef load(n):\n    return n\n\nload(st.slider('n', 0, 9))\n"
    )
    result = run("estimate", ".", cwd=tmp_path, env=TIGHT_MEMORY, preexec_fn=limited_address_space(3))
    assert_clean_failure(result)
    assert "load" in result.stdout and "huge.py:1:1:" in result.stderr and "64 MB of memory" in result.stderr


def test_a_helper_module_of_many_decorators_and_no_def_is_read_in_one_pass(tmp_path):
    # The page calls `load()` from helper.py with a widget value, so helper.py's text is searched
    # for the functions it caches: once, not once per decorator line.
    (tmp_path / ".git").mkdir()
    (tmp_path / "helper.py").write_text("import streamlit as st\n" + "@st.cache_data\n" * 20_000)
    (tmp_path / "app.py").write_text(
        'import streamlit as st\nfrom helper import load\n\nload(st.selectbox("a", [1, 2]))\n'
    )
    started = time.monotonic()
    result = run("check", "--no-cache", "app.py", cwd=tmp_path, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert time.monotonic() - started < 10


def test_the_import_scan_is_linear_on_unclosed_parentheses():
    from lint_cache.source import prefilter

    text = 'import streamlit as st\nx = st.selectbox("a", [1, 2])\n' + "from a import (\n" * 20_000
    started = time.monotonic()
    found = prefilter.imports(text)
    assert time.monotonic() - started < 1
    assert prefilter.imports("from lib import (\n    load,\n    save as keep,  # both\n)\n") == (
        ("lib", 0, "load", "load"),
        ("lib", 0, "save", "keep"),
    )
    assert found == (("streamlit", 0, "", "st"),)  # a `(` never closed names nothing (nor can it run)


# -- time that grows with the square of the module ------------------------------------------------------


def _never_called(count: int) -> str:
    """Cached functions the module never calls, and one widget: every name was searched for in the
    whole text (one regex pass per cached function), and every function listed the module's names."""
    functions = "".join(f"@st.cache_data\ndef load_{number}(x):\n    return x\n\n\n" for number in range(count))
    return "import streamlit as st\n\n" + functions + "limit = st.slider('limit')\n"


def _helper_chain(count: int) -> str:
    """A chain of helpers that ends in a widget, each cached function entering it one step further:
    each finding named every helper of its chain."""
    helpers = "".join(f"def step_{number}():\n    return step_{number + 1}()\n\n\n" for number in range(count))
    cached = "".join(
        f"@st.cache_data\ndef load_{number}(x):\n    return step_{number}()\n\n\n" for number in range(count)
    )
    return f"import streamlit as st\n\n{helpers}def step_{count}():\n    return st.slider('n')\n\n\n{cached}"


def _facts_and_rules_seconds(text: str) -> float:
    """The best of three runs of the facts and every rule over `text`, parsed once beforehand, with
    the cyclic collector off: the time of lint-cache's own work."""
    import gc

    import libcst

    from lint_cache.facts import ModuleFacts
    from lint_cache.rules import RULES
    from lint_cache.source import deep_code

    settings = Settings()
    module = deep_code.run_with_room(lambda: libcst.parse_module(text))

    def run() -> int:
        facts = ModuleFacts(module, "app.py", settings, text, None)
        findings = [finding for rule in RULES if rule.check is not None for finding in rule.check(facts, settings)]
        return sum(len(finding.message) for finding in findings)

    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(3):
            started = time.perf_counter()
            deep_code.run_with_room(run)
            best = min(best, time.perf_counter() - started)
    finally:
        gc.enable()
    return best


@pytest.mark.parametrize("module", [_never_called, _helper_chain], ids=["never-called", "helper-chain"])
def test_facts_and_rules_take_time_in_proportion_to_the_module(module):
    # Before: 250 → 1,000 functions took 12 times (never called) and 14 times (helper chain) longer.
    small, large = _facts_and_rules_seconds(module(250)), _facts_and_rules_seconds(module(1_000))
    assert large < 8 * small, (small, large)


def test_simulate_says_what_to_install_where_when_the_app_imports_what_its_python_lacks(tmp_path):
    """simulate runs the app with lint-cache's own Python: a package the app's environment has and
    this one lacks is the user's to install, and the note says where (by module: PIL is Pillow's)."""
    (tmp_path / "app.py").write_text(
        "import streamlit as st\nimport surely_not_installed_pkg.sub\nfrom PIL_absent_here import Image\n"
    )
    done = subprocess.run([LINT_CACHE, "simulate", "app.py"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "ModuleNotFoundError: No module named 'surely_not_installed_pkg'" in done.stderr
    note = next(line for line in done.stderr.splitlines() if line.startswith("lint-cache: note: `"))
    assert note.startswith("lint-cache: note: `surely_not_installed_pkg` cannot be imported by lint-cache's own Python")
    assert " -m pip install -r requirements.txt`" in note and str(Path(sys.executable).parent) in note
    assert "Traceback" not in done.stderr
