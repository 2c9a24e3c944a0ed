"""The project's own modules that a linted file imports: read, parsed and scanned once per process.

A linted module's scan binds names imported from the project (`from lib.caching import cached`)
to `ProjectName`s; resolving one looks the name up in that module's scan, following re-exports
through `__init__.py` and import cycles safely. Effects of a helper defined in another module are
walked with that module's own `EffectIndex`. Only the project's files are read (never an installed
package, see `project.imports`), never executed; one that cannot be read or parsed ends the chain
quietly, as an unknown name.
"""

from __future__ import annotations

import gc
import os
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator, Optional

import libcst as cst

from lint_cache.facts import module_text
from lint_cache.facts.effects import EffectIndex
from lint_cache.facts.meanings import ConfiguredCache, Imported, ProjectModule, ProjectName, Scope, Value
from lint_cache.facts.scan import ModuleScan
from lint_cache.facts.scopes import NameResolver
from lint_cache.project import files, imports
from lint_cache.project.run_model import RunModel
from lint_cache.source import deep_code, prefilter

# A helper module larger than this is not read: libcst needs about a thousand times a file's size.
MAX_MODULE_BYTES = 1_000_000
# Re-exports followed before a name counts as unknown (a chain this long is a cycle in disguise).
MAX_HOPS = 16


class ProjectModules:
    """Scans and effect indexes of the project's modules, by file, shared by every linted file of
    one process. `extra_widgets` must be the same for all of them (it is one run's setting)."""

    def __init__(self, extra_widgets: frozenset[str] = frozenset()):
        self.extra_widgets = extra_widgets
        self._scans: dict[str, Optional[ModuleScan]] = {}
        self._effects: dict[str, EffectIndex] = {}
        self._data: dict[str, Optional[bytes]] = {}
        self._parsed_texts: dict[str, str] = {}  # the text each tree was parsed from, by file
        # Every import each module asked to resolve, found or not: what a cached result depends on.
        self._asked: dict[str, set[tuple[str, int]]] = {}
        self._texts: dict[str, module_text.ModuleText] = {}
        self._reading_texts: list[str] = []  # the modules whose text is being read, importer first
        # The last file `calls_imported_cached_function` answered for: (path, text, answer).
        self._last_gate: tuple[Optional[str], Optional[str], bool] = (None, None, False)
        # The project modules each module imports, for the modules asked whether their imports
        # lead to Streamlit (`_leads_to_streamlit`), and the answers.
        self._imported_files: dict[str, list[str]] = {}
        self._leads: dict[str, bool] = {}
        # Modules that never name Streamlit, read for their constants alone (`constants`).
        self._constant_scans: dict[str, Optional[ModuleScan]] = {}
        # The module being linted, while its facts are built: imports of it (a cycle) resolve to its
        # own scan and effects, not to a second copy.
        self._linting: Optional[tuple[str, ModuleScan, EffectIndex]] = None
        self.run_model = RunModel()

    @contextmanager
    def linting(self, path: str, scan: ModuleScan, effects: EffectIndex) -> Iterator[None]:
        self._linting = (os.path.abspath(path), scan, effects)
        try:
            yield
        finally:
            self._linting = None

    def locate(self, importer: str, module: str, level: int) -> Optional[str]:
        """`imports.module_file` (answered once per folder there), noting the question for `lookups`."""
        importer = os.path.abspath(importer)
        self._asked.setdefault(importer, set()).add((module, level))
        return imports.module_file(importer, module, level)

    def scan(self, path: str) -> Optional[ModuleScan]:
        if self._linting is not None and path == self._linting[0]:
            return self._linting[1]
        if path not in self._scans:
            self._scans[path] = None  # while it is being scanned: an import cycle sees an unknown module
            self._scans[path] = self._read_and_scan(path)
        return self._scans[path]

    def tree(self, path: str, text: str) -> Optional[cst.Module]:
        """The tree of a module read here, when it was parsed from this very text: a helper module
        that pages import is often linted too, and need not be parsed twice (trees never change)."""
        path = os.path.abspath(path)
        scan = self._scans.get(path) or self._constant_scans.get(path)
        if scan is None or self._parsed_texts.get(path) != text:
            return None
        return scan.module

    def _bytes(self, path: str) -> Optional[bytes]:
        """A module's file, read once per process; None when it cannot be read or is too large."""
        if path not in self._data:
            try:
                self._data[path] = files.read_regular(path, MAX_MODULE_BYTES)
            except OSError:  # unreadable, too large, or no regular file (a FIFO would block)
                self._data[path] = None
        return self._data[path]

    def _read_and_scan(self, path: str, streamlit_only: bool = True) -> Optional[ModuleScan]:
        data = self._bytes(path)
        if data is None:
            return None
        if streamlit_only and not self._may_matter_without_streamlit(path, data):
            return None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None
        if deep_code.bracket_depth_beyond_python(text) is not None:
            return None
        if deep_code.longest_chain(text)[0] >= deep_code.LONGEST_CHAIN:
            return None
        try:
            scan = ModuleScan(cst.parse_module(text), path=path, project=self, foreign=True)
        except (cst.ParserSyntaxError, RecursionError, ValueError):
            return None
        self._parsed_texts[path] = text
        # The scan stays until the process ends (or `forget_project_modules`): exempt it, with
        # everything else alive now, from the cyclic collector, whose full passes would otherwise
        # walk every module read so far again and again (measured in one process over the benchmark
        # corpus: full passes 1.1 s of 13.6 s, 0.1 s with this).
        gc.freeze()
        return scan

    def _may_matter_without_streamlit(self, path: str, data: bytes) -> bool:
        """A module that never names Streamlit and imports no project module that does (directly or
        through others) runs no Streamlit command and makes no decorator object: its names stay
        unknown, unparsed, unless it is a package's `__init__` (which may re-export anything) or
        caches with another module's decorator object, or re-exports one."""
        if b"streamlit" in data or path.endswith("__init__.py"):
            return True
        text = self._text(path)
        return bool(text.decorators or text.cached_functions) or self._leads_to_streamlit(path)

    def _leads_to_streamlit(self, path: str) -> bool:
        """Whether the module's imports lead, through the project's modules, to one that names
        Streamlit: a helper there may run a Streamlit command for a helper here (`services.py`
        calling `ui.show_table`)."""
        if path in self._leads:
            return self._leads[path]
        # Every module reachable from `path` not answered before, with its imports; then the answer
        # for each of them at once, from those that name Streamlit back through their importers.
        reached: dict[str, list[str]] = {}
        pending = [path]
        while pending:
            current = pending.pop()
            if current in reached or current in self._leads:
                continue
            reached[current] = self._project_imports(current)
            pending.extend(reached[current])
        importers: dict[str, list[str]] = {}
        for importer, imported in reached.items():
            for module in imported:
                importers.setdefault(module, []).append(importer)
        leading: set[str] = set()
        pending = [
            module for module in importers if self._leads.get(module) or b"streamlit" in (self._bytes(module) or b"")
        ]
        while pending:
            for importer in importers.get(pending.pop(), ()):
                if importer not in leading:
                    leading.add(importer)
                    pending.append(importer)
        for module in reached:
            self._leads[module] = module in leading
        return self._leads[path]

    def _project_imports(self, path: str) -> list[str]:
        """The files of the project's modules that the module's import lines name."""
        if path not in self._imported_files:
            data = self._bytes(path)
            text = data.decode("utf-8", "replace") if data is not None else ""
            found = (self.locate(path, module, level) for module, level in prefilter.imported_modules(text))
            self._imported_files[path] = sorted({file for file in found if file is not None})
        return self._imported_files[path]

    def scanned(self, path: str) -> Optional[ModuleScan]:
        """The scan of `path` if it was read already; never reads it."""
        return self._scans.get(path) or self._constant_scans.get(path)

    def constants(self, path: str) -> Optional[Scope]:
        """The module scope of `path` for the constants it binds (`REGIONS = ["North", "South"]`),
        read even when the module never names Streamlit: an app's options often live in such a
        module. Read only when a widget's argument names one of its constants."""
        scan = self.scan(path)
        if scan is not None:
            return scan.module_scope
        if path not in self._constant_scans:
            self._constant_scans[path] = None  # an import cycle sees an unknown module
            self._constant_scans[path] = self._read_and_scan(path, streamlit_only=False)
        scan = self._constant_scans[path]
        return scan.module_scope if scan is not None else None

    def effects(self, path: str) -> Optional[EffectIndex]:
        if self._linting is not None and path == self._linting[0]:
            return self._linting[2]
        if path not in self._effects:
            scan = self.scan(path)
            if scan is None:
                return None
            self._effects[path] = EffectIndex(scan, self.extra_widgets, self.effects, self._parsed_texts[path])
        return self._effects[path]

    def follow(self, value: Value, decorators_only: bool = False, cached_only: bool = False) -> Optional[Value]:
        """What a `ProjectName` or `ProjectModule`'s attribute stands for in its module: a cached
        function, a helper, a decorator object, a Streamlit name it re-exports; an `Imported` of
        its dotted name when the module does not say. With `decorators_only`, what it stands for
        matters only if it is a cache decorator: a module whose text shows it cannot be one is not
        parsed (most names decorators are imported by are not); with `cached_only`, the same for a
        name that matters only if it is a cached function."""
        seen: set[tuple[str, str]] = set()
        for _ in range(MAX_HOPS):
            if not isinstance(value, ProjectName) or (value.path, value.name) in seen:
                return value
            seen.add((value.path, value.name))
            if decorators_only and not self._may_bind_decorator(value.path, value.name):
                return Imported(value.dotted)
            if cached_only and not self.may_define_cached_function(value.path, value.name):
                return Imported(value.dotted)
            scan = self.scan(value.path)
            bound = scan.module_scope.bindings.get(value.name) if scan is not None else None
            if bound is None:
                submodule = self.locate(value.path, value.name, 1) if value.path.endswith("__init__.py") else None
                if submodule is not None:
                    return ProjectModule(submodule, value.dotted)
                return Imported(value.dotted)
            if isinstance(bound, ConfiguredCache) and bound.defined_in is None:
                return ConfiguredCache(bound.decorator, bound.call, defined_in=value.path)
            value = bound
        return None

    def uses_decorator_object(self, text: str, path: str) -> bool:
        """Whether a name the file decorates with is a cache decorator of the project's modules
        (`from lib.caching import cached`, then `@cached`). Reads those modules; call only where
        libcst work may run (the engine's guard)."""
        decorators = prefilter.decorator_names(text)
        for module, level, name, bound in prefilter.imports(text):
            if bound not in decorators:
                continue
            own = self.locate(path, module, level)
            if own is None or not self._may_bind_decorator(own, name):
                continue
            scope = Scope()
            scope.project = self
            dotted = f"{module}.{name}" if module and name else module or name
            scope.bind(bound, ProjectName(own, name, dotted) if name else ProjectModule(own, dotted))
            resolver = NameResolver(scope, "outside")
            expression = re.search(rf"^[ \t]*@[ \t]*({re.escape(bound)}(?:\.\w+)*)", text, re.M)
            node = cst.parse_expression(expression.group(1)) if expression else None
            if node is not None and resolver.cache_decorator(node) is not None:
                return True
        return False

    def uses_project_caching(self, text: str, path: str) -> bool:
        """Whether the file uses caching of the project's other modules: a decorator object, or a
        call of a cached function imported from them. Reads those modules, and parses a decorator's
        expression; call only where libcst work may run (the engine's guard)."""
        return self.uses_decorator_object(text, path) or self.calls_imported_cached_function(text, path)

    def may_use_project_caching(self, text: str, path: str) -> bool:
        """`uses_project_caching` without parsing anything: before the guards, which cost more than
        this on the many pages that call widgets and import modules but use no project caching."""
        return prefilter.may_use_imported_decorator(text) or self.calls_imported_cached_function(text, path)

    def calls_imported_cached_function(self, text: str, path: str) -> bool:
        """Whether the file calls, by an imported name, a function that a project module defines
        under a cache decorator (`from lib.data import load`, then `load(region)`; `from lib import
        data`, then `data.load(...)`): its calls may feed it widget values. Decided from the texts,
        so that the many pages that import project modules are not parsed for it; a package's
        `__init__`, which may re-export anything, counts as defining every name."""
        if not prefilter.may_call_imported_function(text):
            return False
        last_path, last_text, last_answer = self._last_gate  # read once: threads may share this object
        if last_path == path and last_text is text:  # asked again for the same text: after the guards
            return last_answer
        found = self._calls_imported_cached_function(text, path)
        self._last_gate = (path, text, found)
        return found

    def _calls_imported_cached_function(self, text: str, path: str) -> bool:
        for module, level, name, bound in prefilter.imports(text):
            own = None if module.startswith("streamlit") else self.locate(path, module, level)
            if own is None:
                continue
            submodule = self.locate(path, f"{module}.{name}", level) if name and own.endswith("__init__.py") else None
            if name and submodule is None:
                if self.may_define_cached_function(own, name) and _uses(bound, text):
                    return True
                continue
            # `import lib.data as data`, `from lib import data`: the module's functions it calls
            module_path = submodule or own
            if not _uses(bound, text):
                continue
            called = re.findall(rf"(?<![\w.]){re.escape(bound)}\s*\.\s*(\w+)\s*\(", text)
            if any(self.may_define_cached_function(module_path, attribute) for attribute in called):
                return True
        return False

    def may_define_cached_function(self, path: str, name: str) -> bool:
        """Whether the module's text can bind `name` to a cached function (`module_text`); a
        package `__init__` may re-export anything."""
        return path.endswith("__init__.py") or name in self._text(path).cached_functions

    def may_define_cached_functions(self, path: str) -> bool:
        """Whether the module's text can bind any name to a cached function."""
        return path.endswith("__init__.py") or bool(self._text(path).cached_functions)

    def _may_bind_decorator(self, path: str, name: str) -> bool:
        """Whether the module's text can bind `name` to a cache decorator, so that it is worth
        parsing to find out (`module_text`); a package `__init__` may re-export anything. `name`
        is "" for the module itself (`import lib.caching as caching`)."""
        return path.endswith("__init__.py") or not name or name in self._text(path).decorators

    def _text(self, path: str) -> module_text.ModuleText:
        if path not in self._texts:
            self._texts[path] = module_text.NOTHING  # what an import cycle, or a chain too long, sees
            data = self._bytes(path)
            if data is not None and len(self._reading_texts) < MAX_HOPS:
                self._reading_texts.append(path)
                try:
                    self._texts[path] = module_text.read(
                        data.decode("utf-8", "replace"),
                        lambda module, level: self.locate(path, module, level),
                        self._text,
                    )
                finally:
                    self._reading_texts.pop()
        return self._texts[path]

    def dependencies(self, imported: Iterable[str], linted: Optional[str]) -> list[str]:
        """The project modules whose contents can change the findings of a file that imports
        `imported`: those, and transitively what the modules read of them import (parsed or
        looked at as text alone). One that was never read cannot have decided anything."""
        found: set[str] = set()
        pending = list(imported)
        while pending:
            path = pending.pop()
            if path in found or path == linted:
                continue
            found.add(path)
            scan = self.scanned(path)
            pending.extend(scan.imported_files if scan is not None else ())
            pending.extend(self._texts[path].imports if path in self._texts else ())
            pending.extend(self._imported_files.get(path, ()))
        return sorted(found)

    def lookups(self, linted: str, dependencies: Iterable[str]) -> list[list]:
        """Each import resolution the linted file and its `dependencies` asked for, with its answer:
        `[importer, module, level, file or None]`, the importer "" for the linted file itself. An
        answer that changes (a module created, removed, or another one found first) changes what
        the findings can be, as much as an edit of a dependency does."""
        linted = os.path.abspath(linted)
        found = []
        for importer in [linted, *dependencies]:
            for module, level in sorted(self._asked.get(importer, ())):
                answer = self.locate(importer, module, level)
                found.append(["" if importer == linted else importer, module, level, answer])
        return found

    def gate_dependencies(self, text: str, path: str) -> list[str]:
        """`dependencies` of a file that `may_use_project_caching` let go unparsed: its verdict
        came from the texts of the modules the file imports."""
        if "import" not in text:
            return []
        located = set()
        for module, level, name, _ in prefilter.imports(text):
            if module.startswith("streamlit"):
                continue
            for dotted in (module, f"{module}.{name}" if module and name else name):
                found = self.locate(path, dotted, level) if dotted else None
                if found is not None:
                    located.add(found)
        return self.dependencies(located, os.path.abspath(path))

    def describe(self, path: str, linted: str) -> str:
        """A module's file as messages name it: relative to the linted file's project root."""
        root = imports.project_root(Path(os.path.abspath(linted)).parent)
        try:
            return Path(path).relative_to(root).as_posix()
        except ValueError:
            return path


def _uses(bound: str, text: str) -> bool:
    """Whether an imported name is called or reached into (`load(`, `data.load(`). Searched with
    `str.find`: a regex compiled for each imported name of each file cost more than the search."""
    start = 0
    while True:
        at = text.find(bound, start)
        if at < 0:
            return False
        start = at + 1
        if at > 0 and (text[at - 1].isalnum() or text[at - 1] in "_."):
            continue
        after = at + len(bound)
        while after < len(text) and text[after].isspace():
            after += 1
        if after < len(text) and text[after] in "(.":
            return True
