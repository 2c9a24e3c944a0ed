"""Mutation testing of the rules and the knowledge table: do the fast tests catch a wrong boundary?

    python tools/mutation/run.py [--sample N] [--seed S] [--module PATH ...] [--report FILE]

Makes single edits to `lint_cache/rules/*.py` and `lint_cache/knowledge/streamlit_api.py` (a
comparison flipped, a condition negated, `and` / `or` swapped, a release boundary moved by one minor
release, a name taken out of a set of names, a `continue` dropped), each in a scratch copy of the
repository, and runs the fast rule tests against it. A mutant the tests fail on is killed; one
that passes every test survived: either a gap in the tests or an equivalent mutant (a change that
cannot alter behaviour), which the report names for a reader to judge. Not part of the suite: it
takes minutes (each mutant is a pytest run).
"""

from __future__ import annotations

import argparse
import ast
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted((ROOT / "lint_cache" / "rules").glob("*.py")) + [
    ROOT / "lint_cache" / "knowledge" / "streamlit_api.py"
]
FAST_TESTS = [
    "tests/test_cases.py",
    "tests/test_rule_pages.py",
    "tests/test_engine.py",
    "tests/test_rule_metadata.py",
    "tests/test_knowledge_vs_runtime.py",
    "tests/test_release_boundaries.py",
    "tests/test_release_data.py",
    "tests/test_estimator.py",
    "tests/test_shared_state.py",
    "tests/test_pinned_release.py",
    "tests/test_noqa.py",
    "tests/test_fixes.py",
    "tests/test_project_modules.py",
    "tests/agreement/test_recorded.py",
    "tests/test_rule_gaps.py",
    "tests/test_run_model.py",
]
TIMEOUT = 300  # seconds for one mutant's tests; longer counts as killed (a hang is a failure)

FLIPPED = {
    ast.Lt: ast.GtE,
    ast.GtE: ast.Lt,
    ast.Gt: ast.LtE,
    ast.LtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}


@dataclass(frozen=True)
class Mutant:
    module: Path
    line: int
    operator: str
    description: str
    apply: Callable[[ast.Module], None]  # edits the module's tree in place


def mutants(module: Path) -> Iterator[Mutant]:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    for index, node in enumerate(ast.walk(tree)):

        def at(index=index):
            # The same node in a fresh parse of the module: mutants never share a tree.
            return lambda fresh: list(ast.walk(fresh))[index]

        locate = at()
        if isinstance(node, ast.Compare) and type(node.ops[0]) in FLIPPED:
            new = FLIPPED[type(node.ops[0])]

            def flip(fresh, locate=locate, new=new):
                locate(fresh).ops[0] = new()

            yield Mutant(module, node.lineno, "compare", f"{type(node.ops[0]).__name__} -> {new.__name__}", flip)
        elif isinstance(node, ast.BoolOp):
            other = ast.Or if isinstance(node.op, ast.And) else ast.And

            def swap(fresh, locate=locate, other=other):
                locate(fresh).op = other()

            yield Mutant(module, node.lineno, "boolop", f"{type(node.op).__name__} -> {other.__name__}", swap)
        elif isinstance(node, (ast.If, ast.IfExp)):

            def negate(fresh, locate=locate):
                target = locate(fresh)
                target.test = ast.UnaryOp(ast.Not(), target.test)

            yield Mutant(module, node.lineno, "negate", "if condition negated", negate)
        elif isinstance(node, ast.Call) and _is_release(node):
            old = node.args[0].value
            major, minor = old.split(".")[:2]
            moved = f"{major}.{int(minor) + 1}"

            def move(fresh, locate=locate, moved=moved):
                locate(fresh).args[0].value = moved

            yield Mutant(module, node.lineno, "boundary", f'version("{old}") -> version("{moved}")', move)
        elif (
            isinstance(node, ast.Set)
            and sum(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts) > 1
        ):
            for position, element in enumerate(node.elts):
                if not (isinstance(element, ast.Constant) and isinstance(element.value, str)):
                    continue

                def drop(fresh, locate=locate, position=position):
                    del locate(fresh).elts[position]

                yield Mutant(module, element.lineno, "drop-name", f"{element.value!r} taken out of a set", drop)
        elif isinstance(node, ast.Continue):

            def keep_going(fresh, locate=locate):
                target = locate(fresh)
                target.__class__ = ast.Pass

            yield Mutant(module, node.lineno, "continue", "continue -> pass", keep_going)


def _is_release(node: ast.Call) -> bool:
    return (
        isinstance(node.func, ast.Name)
        and node.func.id in ("version", "Version")
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
        and node.args[0].value.count(".") >= 1
        and node.args[0].value.split(".")[1].isdigit()
    )


def run_tests(copy: Path) -> tuple[bool, float]:
    started = time.monotonic()
    environment = {**os.environ, "PYTHONPATH": str(copy)}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *FAST_TESTS],
            cwd=copy,
            env=environment,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
        passed = done.returncode == 0
    except subprocess.TimeoutExpired:
        passed = False
    return passed, time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, default=0, help="run this many mutants, drawn evenly (0: all)")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--module", action="append", type=Path, help="only these modules")
    parser.add_argument("--report", type=Path, help="write the survivors and scores here as well")
    args = parser.parse_args()
    modules = [path.resolve() for path in args.module] if args.module else MODULES
    every = [mutant for module in modules for mutant in mutants(module)]
    chosen = every
    if args.sample and args.sample < len(every):
        chosen = sorted(random.Random(args.seed).sample(every, args.sample), key=lambda m: (str(m.module), m.line))
    print(f"{len(every)} mutants in {len(modules)} modules; running {len(chosen)}", flush=True)
    with tempfile.TemporaryDirectory(prefix="lint-cache-mutants-") as scratch:
        copy = Path(scratch) / "repo"
        shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".git", ".venv*", "__pycache__", ".lint_cache_cache"))
        baseline, seconds = run_tests(copy)
        if not baseline:
            print("the fast tests fail on the unmutated code: fix that first", file=sys.stderr)
            return 2
        print(f"baseline: the fast tests pass in {seconds:.0f} s", flush=True)
        scores: dict[str, list[int]] = {}
        survivors = []
        for number, mutant in enumerate(chosen, 1):
            relative = mutant.module.relative_to(ROOT)
            target = copy / relative
            original = target.read_text(encoding="utf-8")
            tree = ast.parse(original)
            mutant.apply(tree)
            target.write_text(ast.unparse(ast.fix_missing_locations(tree)), encoding="utf-8")
            try:
                passed, seconds = run_tests(copy)
            finally:
                target.write_text(original, encoding="utf-8")
            killed, total = scores.setdefault(str(relative), [0, 0])
            scores[str(relative)] = [killed + (not passed), total + 1]
            verdict = "SURVIVED" if passed else "killed"
            print(
                f"[{number}/{len(chosen)}] {relative}:{mutant.line} {mutant.description}: {verdict} ({seconds:.0f} s)"
            )
            if passed:
                survivors.append(f"{relative}:{mutant.line} [{mutant.operator}] {mutant.description}")
    lines = ["", "module  killed/total  score"]
    all_killed = sum(k for k, _ in scores.values())
    all_total = sum(t for _, t in scores.values())
    for module, (killed, total) in sorted(scores.items()):
        lines.append(f"{module}  {killed}/{total}  {killed / total:.0%}")
    lines.append(f"overall  {all_killed}/{all_total}  {all_killed / max(all_total, 1):.0%}")
    lines += ["", "survivors:", *survivors]
    print("\n".join(lines))
    if args.report:
        args.report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
