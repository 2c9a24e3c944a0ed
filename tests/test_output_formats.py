"""The output formats through the real `lint-cache check`: `full` (source, caret, rule name, fix), the
terminal default and colour (a real pseudo-terminal), JSON lines, SARIF fixes and fingerprints
(against the OASIS schema), GitLab Code Quality (its documented fields), JUnit (parsed by
xml.etree), rdjson (reviewdog's schema when `LINT_CACHE_RDJSON_SCHEMA` names it), `--statistics` as
JSON, `--quiet`."""

import json
import os
import pty
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import jsonschema
import pytest

from conftest import LEGACY_APP, SLIDER_APP, check_at_1_40

LINT_CACHE = str(Path(sys.executable).parent / "lint-cache")
SARIF_SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
ANSI = re.compile(r"\x1b\[[0-9;]*m")

APP = """\
import streamlit as st


@st.cache_data
def load(path):
    rows = st.slider("Rows", 10, 1000)
    st.toast("loaded")
    return path, rows
"""
# The legacy decorator's fix is safe and spans one line; the wide characters test caret alignment.
LEGACY_WIDE = LEGACY_APP.replace("model():", "model():  # 模型")


check = check_at_1_40


@pytest.fixture
def project(tmp_path):
    (tmp_path / "app.py").write_text(APP)
    (tmp_path / "legacy.py").write_text(LEGACY_WIDE)
    (tmp_path / "clean.py").write_text("import streamlit as st\n\n\n@st.cache_data\ndef f(x):\n    return x\n")
    return tmp_path


def without_colour_env():
    return {key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "FORCE_COLOR")}


def test_full_shows_the_line_a_caret_under_the_range_the_rule_and_the_fix(project):
    result = check("app.py", "legacy.py", "--output-format", "full", cwd=project, env=without_colour_env())
    assert result.returncode == 1, result.stderr
    assert "\x1b[" not in result.stdout  # not a terminal: no colour
    blocks = result.stdout.split("\n\n")
    slider = blocks[0].splitlines()
    assert slider[0].startswith("app.py:6:12: STC102 `st.slider` inside cached `load()`")
    assert slider[1:6] == [
        "  |",
        "4 | @st.cache_data",
        "5 | def load(path):",
        '6 |     rows = st.slider("Rows", 10, 1000)',
        "  |            ^^^^^^^^^^^^^^^^^^^^^^^^^^^ STC102 widget-in-cache",
    ]
    assert slider[-1] == "  = no automatic fix: see `lint-cache rule STC102`"
    legacy = next(block for block in blocks if block.startswith("legacy.py:")).splitlines()
    assert legacy[0].startswith("legacy.py:4:1: STC201 [*] ")
    assert legacy[-1] == "  = fix available (safe): `lint-cache check --fix` applies it"
    assert result.stdout.endswith(
        "Found 3 problems (2 files checked, Streamlit 1.40 from --streamlit-version); "
        "1 fixable with `lint-cache check --fix`.\n"
    )


def test_full_escapes_control_characters_and_keeps_the_caret_aligned(project):
    (project / "tricky.py").write_text(
        'import streamlit as st\n\n\n@st.cache_data\ndef f():\n    x = "\x1b[2J"; st.toast("a\tb")\n    return x\n'
    )
    result = check("tricky.py", "--output-format", "full", cwd=project)
    source, caret = [line for line in result.stdout.splitlines() if line.startswith(("6 |", "  |  "))][:2]
    assert "\x1b" not in result.stdout
    assert source == '6 |     x = "\\x1b[2J"; st.toast("a b")'
    assert caret.index("^") == source.index("st.toast")


def run_in_terminal(args, cwd, env):
    """Run lint-cache with its stdout on a real pseudo-terminal; what it wrote there."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [LINT_CACHE, *args], cwd=cwd, stdout=follower, stderr=subprocess.PIPE, env=env, close_fds=True
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other end closed: EIO on Linux
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    process.wait(timeout=120)
    return process.returncode, b"".join(chunks).decode().replace("\r\n", "\n")


def test_on_a_terminal_the_default_is_full_in_colour_unless_no_color(project):
    args = ["check", "--no-cache", "--streamlit-version", "1.40", "app.py"]
    status, shown = run_in_terminal(args, project, without_colour_env())
    assert status == 1
    assert "\x1b[" in shown and "^^^" in shown  # full, coloured
    assert ANSI.sub("", shown).splitlines()[0].startswith("app.py:6:12: STC102 ")
    _, no_color = run_in_terminal(args, project, {**without_colour_env(), "NO_COLOR": "1"})
    assert "\x1b[" not in no_color and "^^^" in no_color
    _, never = run_in_terminal([*args, "--color", "never"], project, without_colour_env())
    assert "\x1b[" not in never
    _, always_over_no_color = run_in_terminal(
        [*args, "--color", "always"], project, {**without_colour_env(), "NO_COLOR": "1"}
    )
    assert "\x1b[" in always_over_no_color


def test_colour_off_a_terminal_only_when_asked(project):
    piped = check("app.py", cwd=project, env=without_colour_env())
    assert "\x1b[" not in piped.stdout and piped.stdout.startswith("app.py:6:12: STC102 ")  # concise
    forced = check("app.py", cwd=project, env={**without_colour_env(), "FORCE_COLOR": "1"})
    assert "\x1b[" in forced.stdout and ANSI.sub("", forced.stdout) == piped.stdout
    always = check("app.py", "--color", "always", cwd=project, env=without_colour_env())
    assert ANSI.sub("", always.stdout) == piped.stdout and "\x1b[" in always.stdout
    data = check("app.py", "--format", "json", "--color", "always", cwd=project)
    assert "\x1b[" not in data.stdout and json.loads(data.stdout)


def test_quiet_prints_the_findings_without_the_summary(project):
    quiet = check("app.py", "--quiet", cwd=project)
    assert quiet.returncode == 1
    assert len(quiet.stdout.splitlines()) == 2 and "Found" not in quiet.stdout
    assert check("clean.py", "-q", cwd=project).stdout == ""


def test_json_lines_is_one_record_per_line(project):
    result = check(".", "--output-format", "json-lines", cwd=project)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["path"], r["line"], r["code"]) for r in records] == [
        ("app.py", 6, "STC102"),
        ("app.py", 7, "STC106"),
        ("legacy.py", 4, "STC201"),
    ]
    assert records == json.loads(check(".", "--output-format", "json", cwd=project).stdout)


def test_statistics_honour_the_json_format(project):
    result = check(".", "--statistics", "--output-format", "json", cwd=project)
    assert json.loads(result.stdout) == [
        {"code": "STC102", "name": "widget-in-cache", "count": 1, "fixable": False},
        {"code": "STC106", "name": "replay-closure-error", "count": 1, "fixable": False},
        {"code": "STC201", "name": "deprecated-st-cache", "count": 1, "fixable": True},
    ]


def apply_sarif_fix(text: str, fix: dict) -> str:
    """Apply a SARIF fix's whole-line replacements, last first, as a consumer would."""
    lines = text.splitlines(keepends=True)
    (change,) = fix["artifactChanges"]
    for replacement in sorted(change["replacements"], key=lambda r: -r["deletedRegion"]["startLine"]):
        region = replacement["deletedRegion"]
        assert region["startColumn"] == region["endColumn"] == 1
        lines[region["startLine"] - 1 : region["endLine"] - 1] = [replacement["insertedContent"]["text"]]
    return "".join(lines)


def test_sarif_has_fixes_fingerprints_and_help_links(project):
    result = check(".", "--output-format", "sarif", cwd=project)
    log = json.loads(result.stdout)
    jsonschema.Draft7Validator(SARIF_SCHEMA).validate(log)
    (run,) = log["runs"]
    for rule in run["tool"]["driver"]["rules"]:
        # The main branch's page: no release is tagged yet (reporters.rule_page_url).
        assert rule["helpUri"] == f"https://github.com/lint-cache/lint-cache/blob/main/rules/{rule['id']}.md"
    by_code = {r["ruleId"]: r for r in run["results"]}
    assert "fixes" not in by_code["STC102"]
    (fix,) = by_code["STC201"]["fixes"]
    assert "safe" in fix["description"]["text"]
    fixed = apply_sarif_fix(LEGACY_WIDE, fix)
    assert fixed == LEGACY_WIDE.replace("@st.cache(allow_output_mutation=True)", "@st.cache_resource")
    fingerprints = [r["partialFingerprints"]["lintCache/v1"] for r in run["results"]]
    assert len(set(fingerprints)) == 3
    # A fingerprint follows the finding, not its line number.
    (project / "app.py").write_text("# a new first line\n" + APP)
    moved = json.loads(check(".", "--output-format", "sarif", cwd=project).stdout)["runs"][0]["results"]
    assert [r["partialFingerprints"]["lintCache/v1"] for r in moved] == fingerprints
    assert moved[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 7


# GitLab publishes no JSON schema for Code Quality reports; this one holds the fields its
# documentation requires (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format).
GITLAB_CODE_QUALITY = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "pattern": "^[^/]"},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}},
                    },
                },
            },
        },
    },
}


def test_gitlab_code_quality(project):
    result = check(".", "--output-format", "gitlab", cwd=project)
    assert result.returncode == 1
    issues = json.loads(result.stdout)
    jsonschema.Draft7Validator(GITLAB_CODE_QUALITY).validate(issues)
    assert [
        (i["check_name"], i["severity"], i["location"]["path"], i["location"]["lines"]["begin"]) for i in issues
    ] == [
        ("STC102", "minor", "app.py", 6),
        ("STC106", "major", "app.py", 7),
        ("STC201", "minor", "legacy.py", 4),  # deprecated, not yet removed in 1.40
    ]
    assert len({i["fingerprint"] for i in issues}) == 3
    assert json.loads(check("clean.py", "--output-format", "gitlab", cwd=project).stdout) == []


def test_junit_parses_with_a_failure_per_finding(project):
    result = check(".", "--output-format", "junit", cwd=project)
    root = ElementTree.fromstring(result.stdout.encode())
    assert root.tag == "testsuites" and root.get("tests") == "3" and root.get("failures") == "3"
    suites = {suite.get("name"): suite for suite in root.findall("testsuite")}
    assert sorted(suites) == ["app.py", "legacy.py"]
    cases = suites["app.py"].findall("testcase")
    assert [(c.get("name"), c.get("line"), c.get("column")) for c in cases] == [
        ("lint-cache.STC102", "6", "12"),
        ("lint-cache.STC106", "7", "5"),
    ]
    failure = cases[0].find("failure")
    assert failure.get("message").startswith("`st.slider` inside cached `load()`")
    assert failure.text.startswith("line 6, col 12, STC102 widget-in-cache: ")
    clean = ElementTree.fromstring(check("clean.py", "--output-format", "junit", cwd=project).stdout.encode())
    assert clean.get("failures") == "0" and clean.find("testsuite/testcase").get("name") == "No errors found"


def test_rdjson_has_byte_columns_and_suggestions_from_fixes(project):
    (project / "wide.py").write_text(APP.replace('"Rows"', '"行数"').replace("    rows = ", "    é = "))
    result = check("wide.py", "legacy.py", "--output-format", "rdjson", cwd=project)
    report = json.loads(result.stdout)
    schema_path = os.environ.get("LINT_CACHE_RDJSON_SCHEMA")
    if schema_path:  # reviewdog's proto/rdf/jsonschema/DiagnosticResult.json
        schema = json.loads(Path(schema_path).read_text(encoding="utf-8"))
        jsonschema.Draft4Validator(schema).validate(report)
    assert report["source"]["name"] == "lint-cache"
    by_code = {d["code"]["value"]: d for d in report["diagnostics"]}
    assert set(by_code) == {"STC102", "STC106", "STC201"}
    slider = by_code["STC102"]
    assert slider["severity"] == "WARNING" and slider["location"]["path"] == "wide.py"
    assert slider["code"]["url"] == "https://github.com/lint-cache/lint-cache/blob/main/rules/STC102.md"
    # `    é = st.slider(`: the character column 9 is byte 10 (é takes two bytes in UTF-8).
    assert slider["location"]["range"]["start"] == {"line": 6, "column": 10}
    assert by_code["STC106"]["severity"] == "ERROR"
    (suggestion,) = by_code["STC201"]["suggestions"]
    assert suggestion == {
        "range": {"start": {"line": 4, "column": 1}, "end": {"line": 5, "column": 1}},
        "text": "@st.cache_resource\n",
    }
    assert "suggestions" not in slider


@pytest.mark.skipif(
    sys.platform in ("win32", "darwin"), reason="a file name that is not UTF-8 needs a POSIX file system"
)
@pytest.mark.parametrize("output_format", ["json", "json-lines", "sarif", "gitlab", "rdjson", "junit"])
def test_a_file_name_that_is_not_utf8_gives_every_machine_format_valid_text(tmp_path, output_format):
    import xml.dom.minidom

    (tmp_path / os.fsdecode(b"bad\xff.py")).write_text(SLIDER_APP, encoding="utf-8")
    done = subprocess.run(
        [LINT_CACHE, "check", "--no-cache", "--output-format", output_format, "."],
        cwd=tmp_path,
        capture_output=True,
    )
    assert done.returncode == 1, done.stderr
    text = done.stdout.decode("utf-8", "strict")  # raw bytes of the name would fail here
    if output_format == "junit":
        xml.dom.minidom.parseString(text)
    elif output_format == "json-lines":
        assert [json.loads(line) for line in text.splitlines()]
    else:
        assert json.loads(text)
