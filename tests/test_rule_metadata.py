"""Every rule's metadata is well formed and said the same way everywhere: module, page, README."""

import importlib
import pkgutil
import re
from pathlib import Path

import lint_cache.rules
from lint_cache.frontends import rule_docs
from lint_cache.frontends.reporters import rule_page_url
from lint_cache.rules import RULES, RULES_BY_CODE

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_codes_are_unique_and_well_formed():
    codes = [rule.code for rule in RULES]
    assert len(codes) == len(set(codes)) == len(RULES_BY_CODE)
    assert all(re.fullmatch(r"STC\d{3}", code) for code in codes), codes
    assert codes == sorted(codes)


def test_names_are_unique_kebab_case():
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", name) for name in names), names


def test_every_module_of_the_package_is_a_rule():
    # A helper module among the rules would be a rule in disguise: rules share code through facts,
    # knowledge and fixes instead.
    modules = [found.name for found in pkgutil.iter_modules(lint_cache.rules.__path__)]
    for name in modules:
        module = importlib.import_module(f"lint_cache.rules.{name}")
        assert hasattr(module, "CODE"), f"lint_cache/rules/{name}.py defines no rule"
    assert len(modules) == len(RULES)


def test_one_summary_in_module_page_and_readme():
    for rule in RULES:
        assert rule.summary and not rule.summary.endswith("."), rule.code
        page = rule_docs.rule_page(rule.code)
        assert page is not None, rule.code
        assert page.splitlines()[2] == f"{rule.summary}.", rule.code
        assert f"| [{rule.code}]({rule_page_url(rule.code)}) | {rule.name} | {rule.summary} |" in README


def test_the_readme_rule_table_lists_exactly_the_rules():
    listed = re.findall(
        r"^\| \[(STC\d{3})\]\(https://github\.com/lint-cache/lint-cache/blob/main/rules/", README, re.MULTILINE
    )
    assert listed == [rule.code for rule in RULES]


ALLOWED_IN_RULES = ("lint_cache.facts", "lint_cache.diagnostics", "lint_cache.settings", "lint_cache.knowledge")
ALSO_ALLOWED = ("lint_cache.fixes", "lint_cache.blowup")  # the edits a fix makes; the estimate's terms


def test_rules_import_only_the_public_facts_and_knowledge():
    # Rules read facts: nothing from the facts' own modules, no sibling rule, no other layer.
    import ast

    for found in pkgutil.iter_modules(lint_cache.rules.__path__):
        path = Path(lint_cache.rules.__path__[0]) / f"{found.name}.py"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("lint_cache"):
                module = node.module
                assert module == "lint_cache.facts" or module.startswith(ALLOWED_IN_RULES[1:] + ALSO_ALLOWED), (
                    f"lint_cache/rules/{found.name}.py imports {module}"
                )


def test_the_metadata_read_from_each_source_is_what_the_module_defines():
    # The catalogue reads CODE, NAME, SUMMARY and SEVERITY from the source so that listing the rules
    # imports no rule (nor libcst); the imported module must say the same.
    for rule in RULES:
        module = importlib.import_module(rule.module)
        assert (rule.code, rule.name, rule.summary) == (module.CODE, module.NAME, module.SUMMARY)
        assert getattr(module, "SEVERITY", "warning") == rule.severity, rule.code
        assert rule.check is getattr(module, "check", None), rule.code


def test_metadata_written_as_code_is_read_by_importing_the_module():
    from lint_cache.rules import metadata_in

    assert metadata_in(b'CODE = "STC900"\nNAME = "x"\nSUMMARY = "y"\nSEVERITY = ERROR\n') == {
        "CODE": "STC900",
        "NAME": "x",
        "SUMMARY": "y",
        "SEVERITY": "error",
    }
    assert metadata_in(b'CODE = "STC9" + "00"\nNAME = "x"\nSUMMARY = "y"\n') is None
    assert metadata_in(b'"""A docstring\ndef not_code():\n"""\nCODE = "STC900"\nNAME = "x"\nSUMMARY = "y"\n') == {
        "CODE": "STC900",
        "NAME": "x",
        "SUMMARY": "y",
    }
    assert metadata_in(b"def helper():\n    pass\n") is None
