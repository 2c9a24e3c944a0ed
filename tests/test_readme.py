"""The README tells the truth: its commands are the ones CI runs, and its output is real."""

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from lint_cache.frontends.reporters import rule_page_url
from lint_cache.rules import RULES

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
LINT_CACHE = str(Path(sys.executable).parent / "lint-cache")


def opening_commands() -> list[str]:
    block = re.search(r"```sh\n(.*?)```", README, re.DOTALL)
    assert block is not None and README.index("```sh") < 40, "the README must open with its commands"
    return block.group(1).strip().splitlines()


def test_readme_opens_with_the_install_and_test_commands():
    run_examples, run_tests = opening_commands()
    assert "pip install ." in run_examples and run_examples.endswith("lint-cache check examples/")
    assert "pip install '.[test]'" in run_tests and run_tests.endswith("pytest")


def test_ci_runs_the_readme_test_command_in_a_fresh_venv():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    _, run_tests = opening_commands()
    assert run_tests in ci.splitlines()
    assert "rm -rf .venv" in ci


def test_the_readme_says_how_to_install_today_and_ci_checks_the_release():
    """No package on PyPI and no tag yet: the README must not send a new user to either."""
    installing = README[README.index("## Installing") : README.index("## What it finds")]
    assert "pip install lint-cache` finds nothing" in installing
    assert "pip install 'lint-cache @ git+https://github.com/lint-cache/lint-cache@COMMIT'" in installing
    outside_installing = README.replace(installing, "")
    assert (
        "pip install lint-cache\n" not in outside_installing
        and "pip install 'lint-cache[lsp]'" not in outside_installing
    )
    assert "@v0.1.0\n" not in README and "rev: v0.1.0\n" not in README
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for step in ("-m build", "twine check --strict dist/*", "pip install --quiet dist/*.whl", "git+file://"):
        assert step in ci, step


OUTPUT_BLOCK = re.compile(r"<!-- begin output: (?P<command>.*?) -->\n```text\n(?P<output>.*?)```", re.DOTALL)


# The README shows what a machine without Streamlit installed prints (the release checked is then the
# newest known). This runs the real CLI with the installed Streamlit, if any, hidden from its
# metadata lookup, so the comparison holds on every machine.
WITHOUT_STREAMLIT = """
import sys
from importlib import metadata
real_version = metadata.version
def version(name):
    if name.lower() == "streamlit":
        raise metadata.PackageNotFoundError(name)
    return real_version(name)
metadata.version = version
from lint_cache.frontends.cli.main import main
sys.argv[0] = "lint-cache"
sys.exit(main())
"""


def output_of(command: str) -> subprocess.CompletedProcess:
    """What `command` (a README block's `lint-cache ...`) prints, as on a machine without Streamlit."""
    program, *args = shlex.split(command)
    assert program == "lint-cache"
    no_cache = ["--no-cache"] if args[0] == "check" and "--no-cache" not in args else []
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_STREAMLIT, *args, *no_cache], cwd=ROOT, capture_output=True, text=True
    )


def test_every_output_block_is_what_its_command_prints():
    """After a reviewed change of output, `python tools/update_snapshots.py` rewrites the blocks."""
    blocks = OUTPUT_BLOCK.findall(README)
    assert len(blocks) >= 4
    for command, shown in blocks:
        actual = output_of(command)
        assert actual.returncode in (0, 1), actual.stderr
        assert actual.stdout == shown, command


def test_readme_lists_every_rule_with_a_link_to_its_page():
    for rule in RULES:
        assert f"| [{rule.code}]({rule_page_url(rule.code)}) | {rule.name} | {rule.summary} |" in README


DOCUMENTS = [ROOT / "README.md", ROOT / "CHANGELOG.md", *sorted((ROOT / "rules").glob("*.md"))]
RULE_PAGE_LINK = re.compile(r"(?:\]\(|https?://)[^)\s`]*?(STC\d{3})\.md\b[^)\s`]*")


def test_every_link_to_a_rule_page_is_the_one_address():
    """SARIF, rdjson, the editor and the documents link a rule's page one way: rule_page_url."""
    for document in DOCUMENTS:
        text = document.read_text(encoding="utf-8")
        for match in RULE_PAGE_LINK.finditer(text):
            link = match.group(0).removeprefix("](")
            assert link == rule_page_url(match.group(1)), f"{document.name}: {link}"
    assert rule_page_url("STC102") == "https://github.com/lint-cache/lint-cache/blob/main/rules/STC102.md"
    # The one place that writes such an address: no other module of the package spells one out.
    spelled = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "lint_cache").rglob("*.py")
        if "/blob/" in path.read_text(encoding="utf-8")
    ]
    assert spelled == ["lint_cache/frontends/reporters.py"]


def tracked_files() -> set[str]:
    if not (ROOT / ".git").exists():
        pytest.skip("needs the project's git checkout, to know which files belong to it")
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True).stdout.decode()
    return set(filter(None, listed.split("\0")))


MARKDOWN_LINK = re.compile(r"\]\((?P<target>[^)\s]+)\)")
# A token that looks like a path: letters, digits and `._-/<>*`, with at least one slash.
PATH_LIKE = re.compile(r"(?<![\w./-])(?P<path>\.?[\w-]+(?:\.[\w-]+)*/[\w./<>*-]*)")


def mentioned_paths(text: str, top_level: set[str]) -> set[str]:
    """The repository paths a document mentions: a path-like token (in prose, code spans or code
    blocks) whose first part is one of the repository's top-level folders. `lib/caching.py` (a
    user's project) and `runtime/caching/cache_utils.py` (Streamlit's source) are not ours."""
    paths = set()
    for match in PATH_LIKE.finditer(text):
        path = match.group("path")
        if path.split("/", 1)[0] not in top_level:
            continue
        # A placeholder or a pattern (`recorded/<release>.json`, `dist/*`) names its folder.
        wild = re.search(r"[<*]", path)
        if wild:
            path = path[: wild.start()].rsplit("/", 1)[0]
        paths.add(path.rstrip("/."))
    return paths


def test_every_repository_path_the_documents_mention_exists():
    files = tracked_files()
    folders = {parent for name in files for parent in Path(name).parents if parent != Path(".")}
    existing = files | {folder.as_posix() for folder in folders}
    top_level = {name.split("/", 1)[0] for name in files if "/" in name}
    checked = 0
    for document in DOCUMENTS:
        text = document.read_text(encoding="utf-8")
        for path in sorted(mentioned_paths(text, top_level)):
            assert path in existing, f"{document.relative_to(ROOT)} mentions {path}, which the repository lacks"
            checked += 1
        for target in MARKDOWN_LINK.findall(text):
            if "://" in target or target.startswith(("#", "mailto:")):
                continue
            relative = (document.parent / target.split("#")[0]).resolve().relative_to(ROOT).as_posix()
            assert relative in existing, f"{document.relative_to(ROOT)} links {target}, which the repository lacks"
            checked += 1
    assert checked > 30  # the README alone names dozens


def test_a_stale_path_is_caught():
    top_level = {"lint_cache", "tests", "tools"}
    text = "The facts are in `lint_cache/streamlit_api.py`; see tests/oracle/recorded/<release>.json and lib/x.py."
    assert mentioned_paths(text, top_level) == {"lint_cache/streamlit_api.py", "tests/oracle/recorded"}
