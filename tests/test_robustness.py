"""Bad input gets a clear diagnostic, never a traceback; the linter never runs the code it checks.

Fuzzing: hypothesmith's valid programs and random mutations of the example apps must never make
`check_source` raise. CI runs a bounded number of examples; set LINT_CACHE_FUZZ_EXAMPLES for more.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import hypothesmith
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lint_cache import check_source
from lint_cache.engine import fix_text
from lint_cache.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
LINT_CACHE = str(Path(sys.executable).parent / "lint-cache")
# hypothesmith compiles what it generates, and Python warns about code such as `1()`: not ours.
pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning")
FUZZ_EXAMPLES = int(os.environ.get("LINT_CACHE_FUZZ_EXAMPLES", "150"))
HEADER = "import streamlit as st\n\n@st.cache_data\ndef load(n):\n    return st.slider('n')\n\n"
EXAMPLES = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "examples").glob("*.py"))]


def run(*args, cwd):
    return subprocess.run([LINT_CACHE, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def codes(text: str) -> list[str]:
    return [d.code for d in check_source(text, "app.py", Settings())]


# -- input classes --------------------------------------------------------------------------------


def test_python_2_file_is_stc001_with_pythons_reason():
    (diagnostic,) = check_source(HEADER + "print 'hello'\n")
    assert diagnostic.code == "STC001"
    assert "Missing parentheses in call to 'print'" in diagnostic.message


def test_empty_and_whitespace_files():
    assert check_source("") == []
    assert check_source("\n\n   \n") == []


@pytest.mark.parametrize(
    "nested",
    [
        "x = " + "(" * 5000 + "1" + ")" * 5000,
        "x = " + "[" * 5000 + "]" * 5000,
        "x = " + "f(" * 3000 + ")" * 3000,
        "x = {" * 2000 + "}" * 2000,
    ],
    ids=["parentheses", "lists", "calls", "dicts"],
)
def test_deeply_nested_expressions_are_refused_like_python_does(nested):
    started = time.monotonic()
    (diagnostic,) = check_source(HEADER + nested + "\n")
    assert diagnostic.code == "STC001"
    assert "too many nested parentheses" in diagnostic.message
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    "chain",
    ["x = " + " + ".join(["1"] * 20_000), "x = st" + ".attribute" * 20_000],
    ids=["operators", "attributes"],
)
def test_very_long_operator_chains_are_refused_quickly(chain):
    started = time.monotonic()
    (diagnostic,) = check_source(HEADER + chain + "\n")
    assert diagnostic.code == "STC001"
    assert "operators in one statement" in diagnostic.message
    assert time.monotonic() - started < 5


def test_deep_but_valid_code_is_checked():
    # 90 nested blocks and a 500-term expression: inside Python's limits, so fully checked.
    blocks = "".join("    " * level + "if n:\n" for level in range(1, 91))
    source = HEADER.replace("    return st.slider('n')\n", "") + blocks + "    " * 91 + "st.checkbox('deep')\n"
    source += "    return " + " + ".join(["n"] * 500) + "\n"
    assert codes(source) == ["STC102"]


def test_several_megabyte_file_is_checked_in_reasonable_time():
    filler = "".join(f"def helper_{i}(x):\n    return x + {i}\n\n\n" for i in range(60_000))
    source = HEADER + filler + "@st.cache_data\ndef last():\n    st.toast('x')\n"
    assert len(source.encode()) > 2_000_000
    started = time.monotonic()
    assert codes(source) == ["STC102", "STC106"]
    assert time.monotonic() - started < 120


def test_encodings_bom_crlf_and_tabs(tmp_path):
    latin = (
        "# -*- coding: latin-1 -*-\nimport streamlit as st\n\n@st.cache_data\ndef f():\n    return st.slider('café')\n"
    )
    (tmp_path / "latin.py").write_bytes(latin.encode("latin-1"))
    bom = "\ufeffimport streamlit as st\r\n\r\n@st.cache_data\r\ndef f():\r\n\treturn st.slider('x')\r\n"
    (tmp_path / "bom.py").write_bytes(bom.encode("utf-8"))
    result = run("check", "latin.py", "bom.py", "--no-cache", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("bom.py:5:9: STC102")
    assert "latin.py:6:12: STC102" in result.stdout


def test_undecodable_and_binary_files_are_stc001_not_tracebacks(tmp_path):
    (tmp_path / "binary.py").write_bytes(b"import streamlit\x00\xff\xfe st.cache_data \x00" * 100)
    (tmp_path / "bad_utf8.py").write_bytes(b"import streamlit as st\n@st.cache_data\ndef f():\n    return '\xff'\n")
    (tmp_path / "bad_cookie.py").write_bytes(b"# coding: klingon\nimport streamlit as st\nst.cache_data\n")
    result = run("check", ".", "--no-cache", cwd=tmp_path)
    assert "Traceback" not in result.stdout + result.stderr
    lines = sorted(result.stdout.splitlines()[:-1])
    assert [line.split(" ")[1] for line in lines] == ["STC001"] * 3
    assert "binary file" in result.stdout and "not valid utf-8" in result.stdout and "klingon" in result.stdout


def test_missing_paths_exit_2_with_a_message(tmp_path):
    result = run("check", "nowhere.py", "nowhere/", cwd=tmp_path)
    assert result.returncode == 2
    assert "nowhere.py: no such file or folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_checked_code_is_never_imported_or_run(tmp_path):
    marker = tmp_path / "ran"
    app = tmp_path / "app.py"
    app.write_text(
        f"import pathlib\npathlib.Path({str(marker)!r}).write_text('ran')\n"
        "import streamlit as st\n\n@st.cache(suppress_st_warning=True)\ndef f(ttl=1):\n    return st.slider('x')\n"
        "f(st.slider('y'))\n"
    )
    for args in (["check", "app.py"], ["estimate", "app.py"], ["check", "app.py", "--fix", "--unsafe-fixes"]):
        run(*args, "--no-cache" if args[0] == "check" else "--format=json", cwd=tmp_path)
    assert not marker.exists()
    assert "@st.cache_data" in app.read_text()  # the fix did run


# -- fuzzing --------------------------------------------------------------------------------------

FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)


@FUZZ
@given(program=hypothesmith.from_grammar())
def test_valid_programs_never_make_the_linter_raise(program):
    check_source(HEADER + program, "fuzz.py", Settings())


@st.composite
def mutated_examples(draw) -> str:
    text = draw(st.sampled_from(EXAMPLES))
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["delete", "insert", "duplicate_line", "swap_lines"]))
        if action == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 40)) :]
        elif action == "insert":
            inserted = draw(st.sampled_from(["(", ")", ":", "\n    ", "@st.cache_data\n", "st.", "'", "\\"]))
            text = text[:position] + inserted + text[position:]
        else:
            lines = text.splitlines(keepends=True)
            if len(lines) > 2:
                index = draw(st.integers(0, len(lines) - 2))
                if action == "duplicate_line":
                    lines.insert(index, lines[index])
                else:
                    lines[index], lines[index + 1] = lines[index + 1], lines[index]
            text = "".join(lines)
    return text


@FUZZ
@given(text=mutated_examples())
def test_mutated_apps_never_make_the_linter_or_the_fixer_raise(text):
    diagnostics = check_source(text, "mutant.py", Settings())
    assert all(d.line >= 1 and d.column >= 1 for d in diagnostics)
    result = fix_text(text, "mutant.py", Settings(), unsafe=True)
    if result.text != text:
        assert fix_text(result.text, "mutant.py", Settings(), unsafe=True).text == result.text


def test_result_cache_key_is_the_same_in_every_process():
    script = (
        "from lint_cache.frontends.result_cache import fingerprint\n"
        "from lint_cache.settings import Settings\n"
        "print(fingerprint(Settings(extra_widgets=frozenset({'a.b', 'c.d', 'e.f', 'g.h'}))))"
    )
    keys = {
        subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed}
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(keys) == 1


def test_processes_saving_one_result_cache_keep_each_others_entries(tmp_path):
    from lint_cache.diagnostics import Diagnostic
    from lint_cache.frontends.result_cache import ResultCache

    finding = Diagnostic(path="a.py", line=1, column=1, code="STC102", message="m")
    first, second = ResultCache(tmp_path, secret=b"k" * 32), ResultCache(tmp_path, secret=b"k" * 32)
    first.put("fingerprint:a", [finding])
    second.put("fingerprint:b", [])
    first.save()
    second.save()  # opened before the first saved: it must not drop what the first wrote
    reread = ResultCache(tmp_path, secret=b"k" * 32)
    assert reread.get("fingerprint:a", "a.py") == [finding] and reread.get("fingerprint:b", "b.py") == []


def test_a_result_cache_locked_for_ever_is_left_alone_without_hanging(tmp_path, monkeypatch):
    fcntl = pytest.importorskip("fcntl")
    from lint_cache.frontends import result_cache

    monkeypatch.setattr(result_cache, "LOCK_WAIT", 0.2)
    cache = result_cache.ResultCache(tmp_path, secret=b"k" * 32)
    cache.put("fingerprint:a", [])
    with open(tmp_path / result_cache.LOCK_NAME, "w") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX)  # another process in the middle of its save, never finishing
        started = time.monotonic()
        cache.save()
        assert time.monotonic() - started < 2
    assert not (tmp_path / "results.json").exists()
    cache.save()  # released: what was kept back is saved now
    assert result_cache.ResultCache(tmp_path, secret=b"k" * 32).get("fingerprint:a", "a.py") == []


def test_huge_literals_do_not_overflow(tmp_path):
    source = HEADER.replace("@st.cache_data\n", "@st.cache_data(experimental_allow_widgets=True)\n") + (
        "@st.cache_data\ndef g(a, b):\n    for i in range(100000000000000000000):\n"
        "        st.write(i)\n    return a\n\n"
        "g(st.multiselect('m', range(5000)), st.time_input('t', step=5e-324))\n"
    )
    assert sorted(codes(source)) == ["STC102", "STC103", "STC303"]
    (tmp_path / "app.py").write_text(source)
    result = run("estimate", "app.py", "--streamlit-version", "1.35", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "more than 10^18 values" in result.stdout
