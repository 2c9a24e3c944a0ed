"""Read Streamlit's facts from its own released wheels into lint_cache/knowledge/releases.json.

For every minor release in the asked range, pip downloads the wheel of its newest patch into a
cache folder outside the repository; nothing is installed or imported. The wheel's `.py` files are
read from the zip with `ast` (never executed) and these facts are kept:

- exports: the public names `streamlit/__init__.py` binds, and what each is (function, class,
  module, object: an instance of a class, value: anything else);
- cache_options / cache_option_defaults: the keyword parameters of each cache decorator (and their
  defaults where literal), read from whatever `streamlit/__init__.py` binds the name to: a function
  (legacy `st.cache`, memo and singleton before 1.18) or an instance (the `__call__` of its class);
- widgets: the `st.*` commands whose implementation calls `register_widget`;
- cached_widget_check: the commands whose implementation calls a function that raises
  `CachedWidgetWarning` (named check_cache_replay_rules, check_widget_policies, ... by release);
- containers: the commands whose implementation creates a block (`_block`).

Each fact is written as the ranges of releases (first, last) in which it was seen. Usage:

    python tools/releases/extract.py [--first 1.0] [--last 1.67] [--cache DIR] [--output FILE]
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional, Union

from packaging.version import Version

REPOSITORY = Path(__file__).resolve().parents[2]
DEFAULT_OUTPUT = REPOSITORY / "lint_cache" / "knowledge" / "releases.json"
DEFAULT_CACHE = Path.home() / ".cache" / "lint-cache" / "wheels"

# The public names whose decorator signatures are read (the question, not the answer).
CACHE_DECORATORS = ("cache", "experimental_memo", "experimental_singleton", "cache_data", "cache_resource")
WIDGET_REGISTRATION = "register_widget"
CACHED_WIDGET_WARNING = "CachedWidgetWarning"
BLOCK_CREATION = "_block"
# How deep the call graph under a command is followed.
CALL_DEPTH = 8


# --- downloading ------------------------------------------------------------------------------


def download(minor: str, cache: Path) -> Path:
    """The wheel of the newest patch release of `minor` (e.g. "1.37"), downloaded into `cache`."""
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--only-binary=:all:",
        "--ignore-requires-python",
        "--disable-pip-version-check",
        "-d",
        str(cache),
        f"streamlit=={minor}.*",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    match = re.search(r"(?:Saved|File was already downloaded) (\S+\.whl)", result.stdout)
    if match is None:
        raise RuntimeError(f"pip did not say which wheel it got for streamlit=={minor}.*:\n{result.stdout}")
    return Path(match.group(1))


def wheel_version(path: Path) -> str:
    return path.name.split("-")[1]


# --- reading a wheel -------------------------------------------------------------------------


@dataclass(frozen=True)
class Function:
    module: str
    node: Union[ast.FunctionDef, ast.AsyncFunctionDef]
    owner: Optional[Class] = None  # the class it was found on, for methods


@dataclass(frozen=True)
class Class:
    module: str
    node: ast.ClassDef


@dataclass(frozen=True)
class Module:
    name: str


@dataclass(frozen=True)
class Instance:
    of: Class


Entity = Union[Function, Class, Module, Instance]
Binding = Union[ast.stmt, ast.alias]


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _statements(body: list[ast.stmt], type_checking: bool, inside: bool = False) -> Iterator[ast.stmt]:
    """The statements that run at import, in order; with `type_checking`, those only a type
    checker sees (`if TYPE_CHECKING:` bodies) instead."""
    for statement in body:
        if isinstance(statement, ast.If):
            test = statement.test
            if _is_type_checking(test):
                yield from _statements(statement.body, type_checking, True)
                yield from _statements(statement.orelse, type_checking, inside)
            elif isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not) and _is_type_checking(test.operand):
                yield from _statements(statement.body, type_checking, inside)
                yield from _statements(statement.orelse, type_checking, True)
            else:
                yield from _statements(statement.body, type_checking, inside)
                yield from _statements(statement.orelse, type_checking, inside)
        elif isinstance(statement, ast.Try):
            yield from _statements(statement.body, type_checking, inside)
            for handler in statement.handlers:
                yield from _statements(handler.body, type_checking, inside)
            yield from _statements(statement.orelse, type_checking, inside)
            yield from _statements(statement.finalbody, type_checking, inside)
        elif isinstance(statement, ast.With):
            yield from _statements(statement.body, type_checking, inside)
        elif inside == type_checking:
            yield statement


def bindings(body: list[ast.stmt], type_checking: bool = False) -> dict[str, Binding]:
    """Each name a module or class body binds, to the statement that binds it last."""
    bound: dict[str, Binding] = {}
    for statement in _statements(body, type_checking):
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound[statement.name] = statement
        elif isinstance(statement, ast.ImportFrom):
            if statement.module == "__future__":
                continue
            for alias in statement.names:
                bound[alias.asname or alias.name] = statement
        elif isinstance(statement, ast.Import):
            for alias in statement.names:
                bound[alias.asname or alias.name.split(".")[0]] = alias
        elif isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    bound[target.id] = statement
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            if isinstance(statement.target, ast.Name):
                bound[statement.target.id] = statement
        elif isinstance(statement, ast.Delete):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    bound.pop(target.id, None)
    return bound


class Wheel:
    """A Streamlit wheel's Python sources, parsed on demand."""

    def __init__(self, path: Path) -> None:
        self.zip = zipfile.ZipFile(path)
        self.files: dict[str, str] = {}
        for name in self.zip.namelist():
            if name.startswith("streamlit/") and name.endswith(".py"):
                dotted = name[: -len(".py")].replace("/", ".")
                self.files[dotted.removesuffix(".__init__")] = name
        self._trees: dict[str, ast.Module] = {}
        self._bindings: dict[int, dict[str, Binding]] = {}

    def text(self, module: str) -> str:
        return self.zip.read(self.files[module]).decode("utf-8")

    def tree(self, module: str) -> Optional[ast.Module]:
        if module not in self.files:
            return None
        if module not in self._trees:
            self._trees[module] = ast.parse(self.text(module), filename=self.files[module])
        return self._trees[module]

    def bindings_of(self, body_owner: Union[ast.Module, ast.ClassDef]) -> dict[str, Binding]:
        key = id(body_owner)
        if key not in self._bindings:
            self._bindings[key] = bindings(body_owner.body)
        return self._bindings[key]

    def _typing_bindings_of(self, tree: ast.Module) -> dict[str, Binding]:
        """Imports only a type checker runs, for the names annotations use."""
        key = -id(tree)
        if key not in self._bindings:
            self._bindings[key] = bindings(tree.body, type_checking=True)
        return self._bindings[key]

    def is_package(self, module: str) -> bool:
        return self.files.get(module, "").endswith("__init__.py")

    # --- name resolution ---

    def resolve_name(self, module: str, name: str, depth: int = 0) -> Optional[Entity]:
        tree = self.tree(module)
        if tree is None or depth > 20:
            return None
        binding = self.bindings_of(tree).get(name) or self._typing_bindings_of(tree).get(name)
        if binding is None:
            return None
        return self._resolve_binding(module, name, binding, depth + 1)

    def _absolute(self, module: str, statement: ast.ImportFrom) -> str:
        if not statement.level:
            return statement.module or ""
        package = module if self.is_package(module) else module.rpartition(".")[0]
        for _ in range(statement.level - 1):
            package = package.rpartition(".")[0]
        return f"{package}.{statement.module}" if statement.module else package

    def _resolve_binding(self, module: str, name: str, binding: Binding, depth: int) -> Optional[Entity]:
        if isinstance(binding, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return Function(module, binding)
        if isinstance(binding, ast.ClassDef):
            return Class(module, binding)
        if isinstance(binding, ast.alias):  # import a.b [as c]
            target = binding.name if binding.asname else binding.name.split(".")[0]
            return Module(target) if target in self.files else None
        if isinstance(binding, ast.ImportFrom):
            source = self._absolute(module, binding)
            imported = next(alias.name for alias in binding.names if (alias.asname or alias.name) == name)
            if f"{source}.{imported}" in self.files:
                return Module(f"{source}.{imported}")
            return self.resolve_name(source, imported, depth)
        if isinstance(binding, ast.AnnAssign):
            annotated = self._annotation_class(module, binding.annotation, depth)
            if annotated is not None:
                return Instance(annotated)
            return self.resolve_expr(module, binding.value, depth)
        if isinstance(binding, ast.Assign):
            return self.resolve_expr(module, binding.value, depth)
        return None

    def _returned(self, function: Function, depth: int) -> Optional[Entity]:
        """What a function's return annotation promises: `-> X` an instance of X, `-> type[X]` X."""
        returns = function.node.returns
        if isinstance(returns, ast.Constant) and isinstance(returns.value, str):
            try:
                returns = ast.parse(returns.value, mode="eval").body
            except SyntaxError:
                return None
        if isinstance(returns, ast.Subscript) and isinstance(returns.value, ast.Name) and returns.value.id == "type":
            return self._annotation_class(function.module, returns.slice, depth)
        if returns is None:
            return None
        annotated = self._annotation_class(function.module, returns, depth)
        return Instance(annotated) if annotated is not None else None

    def _annotation_class(self, module: str, annotation: ast.expr, depth: int) -> Optional[Class]:
        if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
            try:
                annotation = ast.parse(annotation.value, mode="eval").body
            except SyntaxError:
                return None
        if not isinstance(annotation, (ast.Name, ast.Attribute)):
            return None
        entity = self.resolve_expr(module, annotation, depth)
        return entity if isinstance(entity, Class) else None

    def resolve_expr(self, module: str, expr: Optional[ast.expr], depth: int = 0) -> Optional[Entity]:
        if expr is None or depth > 20:
            return None
        if isinstance(expr, ast.Name):
            return self.resolve_name(module, expr.id, depth + 1)
        if isinstance(expr, ast.Attribute):
            base = self.resolve_expr(module, expr.value, depth + 1)
            if isinstance(base, Module):
                submodule = f"{base.name}.{expr.attr}"
                return (
                    Module(submodule) if submodule in self.files else self.resolve_name(base.name, expr.attr, depth + 1)
                )
            if isinstance(base, Instance):
                found = self.member(base.of, expr.attr, depth + 1)
                if isinstance(found, Function) and any(
                    isinstance(decorator, ast.Name) and decorator.id == "property"
                    for decorator in found.node.decorator_list
                ):
                    return self._returned(found, depth + 1)
                return found
            if isinstance(base, Class):
                return self.member(base, expr.attr, depth + 1)
            return None
        if isinstance(expr, ast.Call):
            callee = self.resolve_expr(module, expr.func, depth + 1)
            if isinstance(callee, Class):
                return Instance(callee)
            if isinstance(callee, Function):
                # A wrapper such as gather_metrics("cache", cache): what it wraps is the first
                # argument that names a function, class, module or object of the wheel.
                for argument in expr.args:
                    wrapped = self.resolve_expr(module, argument, depth + 1)
                    if wrapped is not None:
                        return wrapped
                return self._returned(callee, depth + 1)
            return None
        return None

    def _class_level(self, cls: Class, expr: Optional[ast.expr], depth: int) -> Optional[Entity]:
        """An expression in a class body, where the class's own names are in scope first
        (`beta_container = function_beta_warning(container, "2021-11-02")`)."""
        if isinstance(expr, ast.Name) and expr.id in self.bindings_of(cls.node):
            return self.member(cls, expr.id, depth + 1)
        if isinstance(expr, ast.Call):
            callee = self.resolve_expr(cls.module, expr.func, depth + 1)
            if isinstance(callee, Class):
                return Instance(callee)
            if isinstance(callee, Function):
                for argument in expr.args:
                    wrapped = self._class_level(cls, argument, depth + 1)
                    if wrapped is not None:
                        return wrapped
            return None
        return self.resolve_expr(cls.module, expr, depth + 1)

    def member(self, cls: Class, name: str, depth: int = 0) -> Optional[Entity]:
        """An attribute of a class: its own body first, then its bases in order."""
        if depth > 20:
            return None
        binding = self.bindings_of(cls.node).get(name)
        if isinstance(binding, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return Function(cls.module, binding, cls)
        if isinstance(binding, ast.ClassDef):
            return Class(cls.module, binding)
        if isinstance(binding, (ast.Assign, ast.AnnAssign)):
            return self._class_level(cls, binding.value, depth + 1)
        for base in cls.node.bases:
            parent = self.resolve_expr(cls.module, base, depth + 1)
            if isinstance(parent, Class):
                found = self.member(parent, name, depth + 1)
                if found is not None:
                    return found
        return self._instance_attribute(cls, name, depth + 1)

    def _instance_attribute(self, cls: Class, name: str, depth: int) -> Optional[Entity]:
        """`self.<name> = ...` in `__init__`: an instance of its annotation's class, or of the class
        a `type[X]` parameter is called with (`self._main_dg = delta_generator_cls(...)`)."""
        init = self.bindings_of(cls.node).get("__init__")
        if not isinstance(init, ast.FunctionDef):
            return None
        parameter_types = {
            argument.arg: argument.annotation.slice
            for argument in init.args.args + init.args.kwonlyargs
            if isinstance(argument.annotation, ast.Subscript)
            and isinstance(argument.annotation.value, ast.Name)
            and argument.annotation.value.id in {"type", "Type"}
        }
        for statement in ast.walk(init):
            if isinstance(statement, ast.AnnAssign):
                targets, value = [statement.target], statement.value
            elif isinstance(statement, ast.Assign):
                targets, value = statement.targets, statement.value
            else:
                continue
            if not any(
                isinstance(t, ast.Attribute)
                and t.attr == name
                and isinstance(t.value, ast.Name)
                and t.value.id == "self"
                for t in targets
            ):
                continue
            if isinstance(statement, ast.AnnAssign):
                annotated = self._annotation_class(cls.module, statement.annotation, depth)
                if annotated is not None:
                    return Instance(annotated)
            if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in parameter_types:
                annotated = self._annotation_class(cls.module, parameter_types[value.func.id], depth)
                if annotated is not None:
                    return Instance(annotated)
            return self.resolve_expr(cls.module, value, depth)
        return None


# --- facts -----------------------------------------------------------------------------------


def kind_of(entity: Optional[Entity]) -> str:
    if isinstance(entity, Function):
        return "function"
    if isinstance(entity, Class):
        return "class"
    if isinstance(entity, Module):
        return "module"
    if isinstance(entity, Instance):
        return "object"
    return "value"


def public_exports(wheel: Wheel) -> dict[str, Optional[Entity]]:
    tree = wheel.tree("streamlit")
    assert tree is not None
    exports = {}
    for name in wheel.bindings_of(tree):
        # `import streamlit.components.v1` binds the package's own name: not an API.
        if name.startswith("_") or name == "streamlit":
            continue
        exports[name] = wheel.resolve_name("streamlit", name)
    return exports


def signature_options(function: Function) -> dict[str, Optional[str]]:
    """Keyword parameters after the decorated function, to their literal default (or None)."""
    arguments = function.node.args
    positional = arguments.posonlyargs + arguments.args
    defaults: list[Optional[ast.expr]] = [None] * (len(positional) - len(arguments.defaults))
    defaults += arguments.defaults
    pairs = list(zip(positional, defaults)) + list(zip(arguments.kwonlyargs, arguments.kw_defaults))
    options: dict[str, Optional[str]] = {}
    for argument, default in pairs:
        if argument.arg in {"self", "cls", "func", "f", "function"}:
            continue
        options[argument.arg] = literal(default)
    if arguments.kwarg is not None:
        options["**" + arguments.kwarg.arg] = None
    return options


def literal(node: Optional[ast.expr]) -> Optional[str]:
    if node is None:
        return None
    try:
        ast.literal_eval(node)
    except ValueError:
        return None
    return ast.unparse(node)


def decorator_options(wheel: Wheel, entity: Optional[Entity]) -> Optional[dict[str, Optional[str]]]:
    if isinstance(entity, Function):
        return signature_options(entity)
    if isinstance(entity, Instance):
        call = wheel.member(entity.of, "__call__")
        if isinstance(call, Function):
            return signature_options(call)
    return None


def _call_name(call: ast.Call) -> Optional[str]:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _on_self(expr: ast.expr) -> bool:
    """`self`, `self.dg` or `self._dg`: the DeltaGenerator a mixin method runs on."""
    if isinstance(expr, ast.Name):
        return expr.id == "self"
    return isinstance(expr, ast.Attribute) and expr.attr in {"dg", "_dg"} and _on_self(expr.value)


def opt_in_parameters(function: Function) -> set[str]:
    """Parameters whose default is "ignore" (`on_select`, `on_click`, `on_change`): the command
    is a widget only when the caller passes something else."""
    arguments = function.node.args
    positional = arguments.posonlyargs + arguments.args
    pairs = list(zip(positional[len(positional) - len(arguments.defaults) :], arguments.defaults))
    pairs += [(argument, default) for argument, default in zip(arguments.kwonlyargs, arguments.kw_defaults)]
    return {
        argument.arg for argument, default in pairs if isinstance(default, ast.Constant) and default.value == "ignore"
    }


def _leaves_out(call: ast.Call, callee: Function, parameters: set[str]) -> bool:
    """The call passes none of `parameters` (by keyword, or positionally, or through **kwargs)."""
    if any(keyword.arg is None or keyword.arg in parameters for keyword in call.keywords):
        return False
    positional = [argument.arg for argument in callee.node.args.posonlyargs + callee.node.args.args]
    offset = 1 if positional[:1] in (["self"], ["cls"]) else 0
    passed = positional[offset : offset + len(call.args)]
    return not parameters & set(passed) and not any(isinstance(arg, ast.Starred) for arg in call.args)


class CallGraph:
    """The names every function reached from a command calls, following calls the wheel defines.

    Not followed: calls of other public commands (`st.write` calling `dataframe` is not itself a
    widget), and calls that leave an "ignore"-default parameter out (`area_chart` calling the
    shared `_altair_chart` without `on_select` never registers a widget).
    """

    def __init__(self, wheel: Wheel, delta_generator: Optional[Class], commands: set[str]) -> None:
        self.wheel = wheel
        self.delta_generator = delta_generator
        self.commands = commands

    def called_names(self, start: Function) -> set[str]:
        names: set[str] = set()
        seen: set[int] = set()
        pending = [(start, 0)]
        while pending:
            function, depth = pending.pop()
            if id(function.node) in seen or depth > CALL_DEPTH:
                continue
            seen.add(id(function.node))
            for node in ast.walk(function.node):
                if not isinstance(node, ast.Call):
                    continue
                name = _call_name(node)
                if name is not None:
                    names.add(name)
                callee = self._callee(function, node)
                if not isinstance(callee, Function):
                    continue
                if callee.owner is not None and callee.node.name in self.commands:
                    continue
                opt_ins = opt_in_parameters(callee)
                if opt_ins and _leaves_out(node, callee, opt_ins):
                    continue
                pending.append((callee, depth + 1))
        return names

    def _callee(self, caller: Function, call: ast.Call) -> Optional[Entity]:
        func = call.func
        if isinstance(func, ast.Attribute) and _on_self(func.value):
            for owner in (self.delta_generator, caller.owner):
                if owner is not None:
                    found = self.wheel.member(owner, func.attr)
                    if found is not None:
                        return found
            return None
        if isinstance(func, (ast.Name, ast.Attribute)):
            return self.wheel.resolve_expr(caller.module, func)
        return None


def cached_widget_checks(wheel: Wheel) -> set[str]:
    """Module-level functions that raise CachedWidgetWarning, and those that call them."""
    functions: list[tuple[str, ast.FunctionDef]] = []
    for module in sorted(wheel.files):
        if "check" not in wheel.text(module):
            continue
        tree = wheel.tree(module)
        assert tree is not None
        functions += [(module, node) for node in tree.body if isinstance(node, ast.FunctionDef)]
    checks = {
        node.name
        for _, node in functions
        if any(isinstance(n, ast.Name) and n.id == CACHED_WIDGET_WARNING for n in ast.walk(node))
    }
    grown = True
    while grown:
        grown = False
        for _, node in functions:
            if node.name in checks:
                continue
            if any(isinstance(n, ast.Call) and _call_name(n) in checks for n in ast.walk(node)):
                checks.add(node.name)
                grown = True
    return checks


Fact = tuple[str, ...]


def facts_of(wheel: Wheel) -> set[Fact]:
    facts: set[Fact] = set()
    exports = public_exports(wheel)
    for name, entity in exports.items():
        facts.add(("exports", name, kind_of(entity)))

    for name in CACHE_DECORATORS:
        options = decorator_options(wheel, exports.get(name)) if name in exports else None
        for option, default in (options or {}).items():
            facts.add(("cache_options", name, option))
            if default is not None:
                facts.add(("cache_option_defaults", name, option, default))

    main = wheel.resolve_name("streamlit", "_main")
    delta_generator = main.of if isinstance(main, Instance) else None
    commands = {name for name, entity in exports.items() if isinstance(entity, Function)}
    graph = CallGraph(wheel, delta_generator, commands)
    checks = cached_widget_checks(wheel)
    for name, entity in exports.items():
        if not isinstance(entity, Function):
            continue
        for parameter in opt_in_parameters(entity):
            facts.add(("widget_opt_in", name, parameter))
        called = graph.called_names(entity)
        if WIDGET_REGISTRATION in called:
            facts.add(("widgets", name))
        if called & checks:
            facts.add(("cached_widget_check", name))
        if BLOCK_CREATION in called:
            facts.add(("containers", name))
    return facts


# --- ranges and the file ---------------------------------------------------------------------


def ranges(present: list[bool], minors: list[str]) -> list[dict[str, str]]:
    """Runs of consecutive releases read in which a fact was seen."""
    runs: list[dict[str, str]] = []
    start: Optional[int] = None
    for index, seen in enumerate(present + [False]):
        if seen and start is None:
            start = index
        elif not seen and start is not None:
            runs.append({"first": minors[start], "last": minors[index - 1]})
            start = None
    return runs


def build(per_release: dict[str, set[Fact]], patches: dict[str, str]) -> dict:
    minors = sorted(per_release, key=Version)
    every_fact = set().union(*per_release.values())
    data: dict = {
        "releases": {
            "read": {minor: patches[minor] for minor in minors},
            "tool": "tools/releases/extract.py",
        }
    }
    for fact in sorted(every_fact):
        node = data
        for part in fact[:-1]:
            node = node.setdefault(part, {})
        node[fact[-1]] = ranges([fact in per_release[minor] for minor in minors], minors)
    return data


def render(value, indent: int = 0) -> str:
    """JSON with sorted keys, one fact's ranges to a line (small, and diffs read line by line)."""
    if isinstance(value, dict) and value:
        pad = " " * (indent + 1)
        items = [f"{pad}{json.dumps(key)}: {render(value[key], indent + 1)}" for key in sorted(value)]
        return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
    return json.dumps(value, sort_keys=True, separators=(", ", ": "))


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--first", default="1.0", help="first minor release to read (default 1.0)")
    parser.add_argument("--last", default="1.67", help="last minor release to read (default 1.67)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help=f"wheel folder (default {DEFAULT_CACHE})")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="the JSON file to write")
    arguments = parser.parse_args(argv)

    first, last = Version(arguments.first), Version(arguments.last)
    if first.major != last.major:
        parser.error("--first and --last must share a major version")
    arguments.cache.mkdir(parents=True, exist_ok=True)
    per_release: dict[str, set[Fact]] = {}
    patches: dict[str, str] = {}
    started = time.monotonic()
    for minor_number in range(first.minor, last.minor + 1):
        minor = f"{first.major}.{minor_number}"
        path = download(minor, arguments.cache)
        patches[minor] = wheel_version(path)
        per_release[minor] = facts_of(Wheel(path))
        print(f"{patches[minor]}: {len(per_release[minor])} facts", file=sys.stderr)
    arguments.output.write_text(render(build(per_release, patches)) + "\n", encoding="utf-8")
    print(f"wrote {arguments.output} in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
