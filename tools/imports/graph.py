"""The import graph of lint_cache, read from the source with `ast`: its cycles and the arrows that
run against the layer order of design §3.

    python tools/imports/graph.py [--edges]

Every `import` and `from ... import` of the package's own modules is an arrow, wherever it is
written: at module level, inside a function (imported on first use) or under `if TYPE_CHECKING:`
(a dependency all the same, which only the interpreter skips). Relative imports are resolved;
`from package import name` leads to the submodule `package.name` when there is one, else to the
package. Importing a submodule is not counted as importing its parent packages.

A cycle is a strongly connected component of more than one module. A layer is a group of
independent siblings: a module may import its own package's modules (without a cycle) and the
layers below its own, never a layer above (an upward arrow) nor a sibling of its layer (a sideways
arrow). `tests/test_layers.py` holds the package to this; this script prints what it finds.
"""

from __future__ import annotations

import argparse
import ast
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "lint_cache"

# Top to bottom. Each entry names a module and, below it, its submodules; the longest entry that
# names a module places it (the package itself, `lint_cache`, names only its `__init__`).
LAYERS: tuple[tuple[str, ...], ...] = (
    ("lint_cache.__main__",),
    ("lint_cache.frontends",),
    ("lint_cache", "lint_cache.config"),  # the library's entry; the configuration front ends read
    ("lint_cache.engine",),
    ("lint_cache.rules",),
    ("lint_cache.blowup", "lint_cache.fixes"),
    ("lint_cache.facts",),
    ("lint_cache.project",),
    ("lint_cache.source", "lint_cache.settings", "lint_cache.selection", "lint_cache.diagnostics"),
    ("lint_cache.knowledge", "lint_cache.runtime", "lint_cache.processes"),
    ("lint_cache.byte_sizes",),
)

MODULE_LEVEL, IN_FUNCTION, TYPE_CHECKING = "", "in a function", "for type checking"


@dataclass(frozen=True)
class Arrow:
    importer: str
    imported: str
    path: str  # the importer's file, relative to the repository
    line: int
    kind: str  # MODULE_LEVEL, IN_FUNCTION or TYPE_CHECKING

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" + (f", {self.kind}" if self.kind else "")
        return f"{self.importer} -> {self.imported}  ({where})"


def modules(root: Path = ROOT, package: str = PACKAGE) -> dict[str, Path]:
    """Every module of the package by dotted name; a package by its own name (its `__init__.py`)."""
    found = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def arrows(root: Path = ROOT, package: str = PACKAGE) -> list[Arrow]:
    """Every import of one of the package's modules by another, in file and line order."""
    known = modules(root, package)
    found = []
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        is_package = path.name == "__init__.py"
        for node, kind in _imports(tree, MODULE_LEVEL):
            for imported in dict.fromkeys(_imported(node, name, is_package, known, package)):
                if imported != name:
                    found.append(Arrow(name, imported, path.relative_to(root).as_posix(), node.lineno, kind))
    return found


def _imports(node: ast.AST, kind: str) -> Iterator[tuple[ast.stmt, str]]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.Import, ast.ImportFrom)):
            yield child, kind
        elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            yield from _imports(child, kind or IN_FUNCTION)
        elif isinstance(child, ast.If) and _is_type_checking(child.test):
            for statement in child.body:
                yield from _imports(ast.Module(body=[statement], type_ignores=[]), kind or TYPE_CHECKING)
            for statement in child.orelse:
                yield from _imports(ast.Module(body=[statement], type_ignores=[]), kind)
        else:
            yield from _imports(child, kind)


def _is_type_checking(test: ast.expr) -> bool:
    """`if TYPE_CHECKING:` or `if typing.TYPE_CHECKING:`."""
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported(node: ast.stmt, importer: str, is_package: bool, known: dict[str, Path], package: str) -> list[str]:
    """The package's modules an import statement leads to."""
    if isinstance(node, ast.Import):
        return [found for alias in node.names if (found := _known_prefix(alias.name, known, package))]
    assert isinstance(node, ast.ImportFrom)
    if node.level:
        base = importer.split(".") if is_package else importer.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        source = ".".join(base + ([node.module] if node.module else []))
    else:
        source = node.module or ""
    found = []
    for alias in node.names:
        submodule = f"{source}.{alias.name}"
        target = submodule if submodule in known else _known_prefix(source, known, package)
        if target is not None:
            found.append(target)
    return found


def _known_prefix(dotted: str, known: dict[str, Path], package: str) -> Optional[str]:
    """The longest module of the package that `dotted` starts with, if it is one of the package's."""
    if dotted != package and not dotted.startswith(package + "."):
        return None
    parts = dotted.split(".")
    while parts and ".".join(parts) not in known:
        parts.pop()
    return ".".join(parts) if parts else None


def cycles(found: Iterable[Arrow]) -> list[list[str]]:
    """The strongly connected components of more than one module, each sorted, in sorted order
    (Tarjan's algorithm, without recursion)."""
    graph: dict[str, set[str]] = {}
    for arrow in found:
        graph.setdefault(arrow.importer, set()).add(arrow.imported)
        graph.setdefault(arrow.imported, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph[successor]))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        components.append(sorted(component))
    return sorted(components)


def layer_entry(module: str, layers=LAYERS, package: str = PACKAGE) -> Optional[str]:
    """The entry of `layers` that places `module`: the longest that names it or a package above it."""
    entries = [entry for layer in layers for entry in layer]
    matching = [entry for entry in entries if module == entry or (entry != package and module.startswith(entry + "."))]
    return max(matching, key=len) if matching else None


def against_layers(found: Iterable[Arrow], layers=LAYERS, package: str = PACKAGE) -> list[tuple[str, Arrow]]:
    """The arrows that go up the layers or sideways to a sibling: ("upward" or "sideways", arrow)."""
    level = {entry: number for number, layer in enumerate(layers) for entry in layer}
    wrong = []
    for arrow in found:
        importer, imported = layer_entry(arrow.importer, layers, package), layer_entry(arrow.imported, layers, package)
        if importer is None or imported is None or importer == imported:
            continue
        if level[importer] > level[imported]:
            wrong.append(("upward", arrow))
        elif level[importer] == level[imported]:
            wrong.append(("sideways", arrow))
    return wrong


def unplaced(layers=LAYERS, root: Path = ROOT, package: str = PACKAGE) -> list[str]:
    """The package's modules that no entry of `layers` places."""
    return [module for module in modules(root, package) if layer_entry(module, layers, package) is None]


def report(root: Path = ROOT, package: str = PACKAGE, layers=LAYERS, with_edges: bool = False) -> str:
    found = arrows(root, package)
    lines = [
        f"{package}: {len(modules(root, package))} modules, {len(found)} imports of its own modules "
        f"({sum(arrow.kind == IN_FUNCTION for arrow in found)} in functions, "
        f"{sum(arrow.kind == TYPE_CHECKING for arrow in found)} for type checking)"
    ]
    components = cycles(found)
    lines.append(f"cycles: {len(components)}")
    for component in components:
        members = set(component)
        lines.append(f"  {len(component)} modules: {', '.join(component)}")
        lines.extend(f"    {arrow}" for arrow in found if arrow.importer in members and arrow.imported in members)
    wrong = against_layers(found, layers, package)
    lines.append(f"arrows against the layers: {len(wrong)}")
    lines.extend(f"  {direction}: {arrow}" for direction, arrow in wrong)
    missing = unplaced(layers, root, package)
    if missing:
        lines.append(f"modules in no layer: {', '.join(missing)}")
    if with_edges:
        lines.append("imports:")
        lines.extend(f"  {arrow}" for arrow in found)
    return "\n".join(lines)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edges", action="store_true", help="also list every import")
    options = parser.parse_args(argv)
    print(report(with_edges=options.edges))
    found = arrows()
    return 1 if cycles(found) or against_layers(found) or unplaced() else 0


if __name__ == "__main__":
    sys.exit(main())
