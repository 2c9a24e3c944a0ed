"""Every rule has a page in rules/, and the page's examples are true: the Example gives exactly
that code, the Use instead code is clean."""

import re
import tempfile
from pathlib import Path

import pytest
from packaging.version import Version

from conftest import lint
from lint_cache import check_source
from lint_cache.frontends import rule_docs
from lint_cache.rules import RULES
from lint_cache.settings import Settings

SECTIONS = [
    "What it does",
    "Why is this bad?",
    "Example",
    "Use instead",
    "Fix safety",
    "Options",
    "Versions",
    "References",
]
CODE_BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)
PAGE_VERSION = re.compile(r"<!-- lint-cache: streamlit-version=([\d.]+) -->")


def page_of(rule):
    page = rule_docs.rule_page(rule.code)
    assert page is not None, f"rules/{rule.code}.md is missing"
    return page


def examples(page: str, title: str) -> list[str]:
    blocks = CODE_BLOCK.findall(rule_docs.section(page, title))
    assert blocks, f"the {title!r} section has no python code block"
    return blocks


IMPORTED_MODULE = "<!-- lint-cache: imported-module -->"


def lint_example(page: str, example: str):
    """The example's diagnostics at the page's release; on a page marked as an imported module, as
    `lib.py` of a project whose `app.py` imports it (a module that runs once per process)."""
    if IMPORTED_MODULE not in page:
        return lint(example, version_of(page))
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / ".git").mkdir()
        (root / "app.py").write_text("import lib\n", encoding="utf-8")
        (root / "lib.py").write_text(example, encoding="utf-8")
        settings = Settings(streamlit_version=Version(version_of(page)))
        return check_source(example, str(root / "lib.py"), settings)


def version_of(page: str) -> str:
    match = PAGE_VERSION.search(page)
    return match.group(1) if match else "1.67"


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_page_has_the_sections_in_order(rule):
    page = page_of(rule)
    assert page.splitlines()[0] == f"# {rule.code} {rule.name}"
    headings = [line[3:].strip() for line in page.splitlines() if line.startswith("## ")]
    assert headings == SECTIONS


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_example_gives_exactly_that_code(rule):
    page = page_of(rule)
    for example in examples(page, "Example"):
        found = {d.code for d in lint_example(page, example)}
        assert found == {rule.code}, example


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_use_instead_is_clean(rule):
    page = page_of(rule)
    for example in examples(page, "Use instead"):
        assert lint_example(page, example) == [], example


def test_every_page_belongs_to_a_rule():
    codes = {rule.code for rule in RULES}
    pages = {path.stem for path in rule_docs.pages_folder().glob("*.md")}
    assert pages == codes


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_fix_safety_section_matches_the_fixes(rule):
    page = page_of(rule)
    safety = rule_docs.section(page, "Fix safety")
    fixable = {d.fix_safety for example in examples(page, "Example") for d in lint_example(page, example)} - {None}
    if safety.startswith("No automatic fix"):
        assert fixable == set()
    elif safety.startswith("Safe"):
        assert fixable <= {"safe"}
    else:
        assert safety.startswith("Unsafe"), safety
        assert fixable <= {"unsafe"}
