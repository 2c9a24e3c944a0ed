"""Output formats for CI through the real `lint-cache check`: SARIF 2.1.0 (validated against the
official schema), GitHub workflow-command annotations (escaping included) and `--output FILE`."""

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from lint_cache.diagnostics import ERROR, WARNING, Diagnostic
from lint_cache.frontends import reporters, rule_docs
from lint_cache.rules import RULES

LINT_CACHE = str(Path(sys.executable).parent / "lint-cache")
# The official OASIS SARIF 2.1.0 JSON schema, copied from shared/schemas/sarif-schema-2.1.0.json
# (published at https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json)
# so that the tests need no network.
SARIF_SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

APP = """\
import streamlit as st


@st.cache_data
def load(path):
    rows = st.slider("Rows", 10, 1000)
    st.toast("loaded")
    return path, rows
"""


def check(*args, cwd):
    return subprocess.run([LINT_CACHE, "check", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.fixture
def project(tmp_path):
    (tmp_path / "app.py").write_text(APP)
    (tmp_path / "my pages").mkdir()
    (tmp_path / "my pages" / "page one.py").write_text(APP)
    (tmp_path / "clean.py").write_text("import streamlit as st\n\n\n@st.cache_data\ndef load(path):\n    return path\n")
    return tmp_path


def validate_sarif(text: str) -> dict:
    log = json.loads(text)
    jsonschema.Draft7Validator(SARIF_SCHEMA).validate(log)
    return log


def test_sarif_is_valid_and_has_what_code_scanning_reads(project):
    result = check(".", "--format", "sarif", "--streamlit-version", "1.40", cwd=project)
    assert result.returncode == 1, result.stderr
    log = validate_sarif(result.stdout)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]

    driver = run["tool"]["driver"]
    assert driver["name"] == "lint-cache" and driver["version"] and driver["informationUri"].startswith("https://")
    assert [rule["id"] for rule in driver["rules"]] == [rule.code for rule in RULES]
    for described, rule in zip(driver["rules"], RULES):
        page = rule_docs.rule_page(rule.code)
        assert described["name"] == rule.name
        assert described["shortDescription"]["text"] == rule.summary
        assert described["fullDescription"]["text"].split()[:6] == rule_docs.section(page, "What it does").split()[:6]
        assert "## Why is this bad?" in described["help"]["markdown"]
        assert "## Example" in described["help"]["markdown"]
        assert described["help"]["text"] and "```" not in described["help"]["text"]

    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("STC102", "warning"),
        ("STC106", "error"),
        ("STC102", "warning"),
        ("STC106", "error"),
    ]
    for r in results:
        assert driver["rules"][r["ruleIndex"]]["id"] == r["ruleId"]
        assert r["message"]["text"].startswith("`st.")
    first = results[0]["locations"][0]["physicalLocation"]
    assert first["artifactLocation"] == {"uri": "app.py", "uriBaseId": "%SRCROOT%"}
    assert first["region"] == {"startLine": 6, "startColumn": 12, "endLine": 6, "endColumn": 39}
    spaced = results[2]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert spaced == {"uri": "my%20pages/page%20one.py", "uriBaseId": "%SRCROOT%"}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == project.as_uri() + "/"


def test_sarif_without_findings_is_valid(project):
    result = check("clean.py", "--format", "sarif", cwd=project)
    assert result.returncode == 0
    assert validate_sarif(result.stdout)["runs"][0]["results"] == []


def test_sarif_paths_outside_the_working_folder_are_absolute_uris(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    outside = Diagnostic("/elsewhere/app.py", 3, 5, "STC102", "message", 3, 9, "widget-in-cache", WARNING)
    log = validate_sarif(reporters.sarif([outside]))
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "file:///elsewhere/app.py"}


def test_github_annotations(project):
    result = check("app.py", "--format", "github", "--streamlit-version", "1.40", cwd=project)
    assert result.returncode == 1
    first, second = result.stdout.splitlines()
    assert first.startswith(
        "::warning file=app.py,line=6,col=12,endLine=6,endColumn=39,title=STC102 widget-in-cache::`st.slider` inside"
    )
    assert second.startswith(
        "::error file=app.py,line=7,col=5,endLine=7,endColumn=23,title=STC106 replay-closure-error::"
    )


def parse_workflow_command(line: str) -> tuple[str, dict[str, str], str]:
    """What the GitHub Actions runner reads from a `::command key=value,...::message` line, unescaped
    as the runner does (ActionCommand.cs: properties split on `,` then the first `=`)."""
    assert line.startswith("::")
    head, message = line[2:].split("::", 1)
    command, _, listed = head.partition(" ")
    properties = {}
    for pair in listed.split(","):
        key, value = pair.split("=", 1)
        properties[key] = unescape(value)
    return command, properties, unescape(message)


def unescape(text: str) -> str:
    for escaped, character in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, character)
    return text


@pytest.mark.parametrize(
    "path, message",
    [
        ("app.py", "plain"),
        ("dir,1/app:v2.py", "commas, colons: and 100% of the runs"),
        ("100%25/a.py", "line one\nline two\r\nthree %0A literally"),
        ("a=b/c::d.py", "::error file=x::not a command"),
    ],
)
def test_github_annotations_survive_tricky_text(path, message):
    diagnostic = Diagnostic(path, 4, 2, "STC106", message, 5, 7, "replay-closure-error", ERROR)
    output = reporters.github([diagnostic])
    assert output.endswith("\n") and output.count("\n") == 1  # one command, one line
    command, properties, text = parse_workflow_command(output.rstrip("\n"))
    assert command == "error"
    assert properties == {
        "file": path,
        "line": "4",
        "col": "2",
        "endLine": "5",
        "endColumn": "7",
        "title": "STC106 replay-closure-error",
    }
    assert text == message


def test_output_writes_the_report_to_a_file(project):
    result = check(".", "--format", "sarif", "--output", "reports/lint-cache.sarif", cwd=project)
    assert result.returncode == 1 and result.stdout == ""
    validate_sarif((project / "reports" / "lint-cache.sarif").read_text(encoding="utf-8"))

    concise = check("app.py", "--output", "out.txt", "--exit-zero", cwd=project)
    assert concise.returncode == 0 and concise.stdout == ""
    assert (project / "out.txt").read_text().splitlines()[
        -1
    ] == "Found 2 problems (1 file checked, Streamlit 1.67, the newest release known)."


def test_an_unwritable_output_is_an_error(project):
    (project / "taken").mkdir()
    result = check("app.py", "--output", "taken", cwd=project)
    assert result.returncode == 2
    assert "taken: cannot write the report" in result.stderr and "Traceback" not in result.stderr


def test_statistics_count_per_code(project):
    result = check(".", "--statistics", cwd=project)
    assert result.returncode == 1
    assert [line.split() for line in result.stdout.splitlines()] == [
        ["2", "STC102", "widget-in-cache"],
        ["2", "STC106", "replay-closure-error"],
    ]
