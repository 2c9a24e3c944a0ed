"""The project's own modules that a linted file imports: read, parsed and scanned once per process.

A linted module's scan binds names imported from the project (`from lib.caching import cached`)
to `ProjectName`s; resolving one looks the name up in that module's scan, following re-exports
through `__init__.py` and import cycles safely. Effects of a helper defined in another module are
walked with that module's own `EffectIndex`. Only the project's files are read (never an installed
package, see `project.imports`), never executed; one that cannot be read or parsed ends the chain
quietly, as an unknown name.
"""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Optional

import libcst as cst

from lint_cache.facts.meanings import ConfiguredCache, Imported, ProjectModule, ProjectName, Value
from lint_cache.project import imports
from lint_cache.source import deep_code, prefilter

if TYPE_CHECKING:
    from lint_cache.facts.effects import EffectIndex
    from lint_cache.facts.scan import ModuleScan
    from lint_cache.facts.scopes import Scope

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
        self._texts: dict[str, bytes] = {}
        self._located: dict[tuple[str, str, int], Optional[str]] = {}
        self._cached_names_by_path: dict[str, frozenset[str]] = {}
        # Modules that never name Streamlit, read for their constants alone (`constants`).
        self._constant_scans: dict[str, Optional[ModuleScan]] = {}
        # The module being linted, while its facts are built: imports of it (a cycle) resolve to its
        # own scan and effects, not to a second copy.
        self._linting: Optional[tuple[str, ModuleScan, EffectIndex]] = None

    @contextmanager
    def linting(self, path: str, scan: ModuleScan, effects: EffectIndex) -> Iterator[None]:
        self._linting = (os.path.abspath(path), scan, effects)
        try:
            yield
        finally:
            self._linting = None

    def locate(self, importer: str, module: str, level: int) -> Optional[str]:
        key = (importer, module, level)
        if key not in self._located:  # every page imports the same few modules
            found = imports.module_file(importer, module, level)
            self._located[key] = str(found) if found is not None else None
        return self._located[key]

    def contents(self, path: str) -> Optional[bytes]:
        """The bytes a module was scanned from (for the result cache's key), None if unreadable."""
        self.scan(path)
        return self._texts.get(path)

    def scan(self, path: str) -> Optional[ModuleScan]:
        if self._linting is not None and path == self._linting[0]:
            return self._linting[1]
        if path not in self._scans:
            self._scans[path] = None  # while it is being scanned: an import cycle sees an unknown module
            self._scans[path] = self._read_and_scan(path)
        return self._scans[path]

    def _read_and_scan(self, path: str, streamlit_only: bool = True) -> Optional[ModuleScan]:
        from lint_cache.facts.scan import ModuleScan

        try:
            with open(path, "rb") as stream:
                data = stream.read(MAX_MODULE_BYTES + 1)
        except OSError:
            return None
        if len(data) > MAX_MODULE_BYTES:
            return None
        if streamlit_only and b"streamlit" not in data and not path.endswith("__init__.py"):
            # A module that never names Streamlit runs no Streamlit command and makes no decorator
            # object (a package's __init__ may re-export them); its names stay unknown, unparsed.
            return None
        self._texts[path] = data
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None
        if deep_code.bracket_depth_beyond_python(text) is not None:
            return None
        if deep_code.longest_chain(text)[0] >= deep_code.LONGEST_CHAIN:
            return None
        try:
            module = cst.parse_module(text)
            return ModuleScan(module, path=path, project=self, foreign=True)
        except (cst.ParserSyntaxError, RecursionError, ValueError):
            return None

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
        from lint_cache.facts.effects import EffectIndex

        if self._linting is not None and path == self._linting[0]:
            return self._linting[2]
        if path not in self._effects:
            scan = self.scan(path)
            if scan is None:
                return None
            self._effects[path] = EffectIndex(scan, self.extra_widgets)
        return self._effects[path]

    def follow(self, value: Value) -> Optional[Value]:
        """What a `ProjectName` or `ProjectModule`'s attribute stands for in its module: a cached
        function, a helper, a decorator object, a Streamlit name it re-exports; an `Imported` of
        its dotted name when the module does not say."""
        seen: set[tuple[str, str]] = set()
        for _ in range(MAX_HOPS):
            if not isinstance(value, ProjectName) or (value.path, value.name) in seen:
                return value
            seen.add((value.path, value.name))
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
        from lint_cache.facts.scopes import NameResolver, Scope

        decorators = prefilter.decorator_names(text)
        for module, level, name, bound in prefilter.imports(text):
            if bound not in decorators:
                continue
            own = self.locate(path, module, level)
            if own is None or not self._may_hold_decorators(own):
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
        for module, level, name, bound in prefilter.imports(text):
            own = None if module.startswith("streamlit") else self.locate(path, module, level)
            if own is None or not _uses(bound, text):
                continue
            submodule = self.locate(path, f"{module}.{name}", level) if name and own.endswith("__init__.py") else None
            if name and submodule is None:
                cached = self._cached_names(own)
                if cached is None or name in cached:
                    return True
                continue
            cached = self._cached_names(submodule or own)  # `import lib.data as data`, `from lib import data`
            called = re.findall(rf"(?<![\w.]){re.escape(bound)}\s*\.\s*(\w+)\s*\(", text)
            if any(cached is None or attribute in cached for attribute in called):
                return True
        return False

    def _cached_names(self, path: str) -> Optional[frozenset[str]]:
        """The names of the functions a module defines under a cache decorator, from its text; None
        for a package `__init__` (it may re-export any)."""
        if path.endswith("__init__.py"):
            return None
        if path not in self._cached_names_by_path:
            try:
                with open(path, "rb") as stream:
                    data = stream.read(MAX_MODULE_BYTES + 1)
            except OSError:
                data = b""
            found = _CACHED_DEFINITION.findall(data) if prefilter.may_cache_bytes(data) else []
            self._cached_names_by_path[path] = frozenset(name.decode("ascii") for name in found)
        return self._cached_names_by_path[path]

    def _may_hold_decorators(self, path: str) -> bool:
        """Modules that make decorator objects name Streamlit; package `__init__`s may re-export them."""
        if path.endswith("__init__.py"):
            return True
        try:
            with open(path, "rb") as stream:
                return b"streamlit" in stream.read(MAX_MODULE_BYTES + 1)
        except OSError:
            return False

    def describe(self, path: str, linted: str) -> str:
        """A module's file as messages name it: relative to the linted file's project root."""
        root = imports.project_root(Path(os.path.abspath(linted)).parent)
        try:
            return Path(path).relative_to(root).as_posix()
        except ValueError:
            return path


# A cache decorator line (`@st.cache_data`, `@st.cache(...)`, over several lines too), then the name of
# the function it decorates: the text before the next `def`.
_CACHED_DEFINITION = re.compile(
    rb"^[ \t]*@[^\n]*?(?:" + prefilter.CACHE_DECORATOR.pattern.encode() + rb")"
    rb"(?:(?!\bdef\b)[\s\S])*?\bdef[ \t]+([A-Za-z_]\w*)",
    re.M,
)


def _uses(bound: str, text: str) -> bool:
    """Whether an imported name is called or reached into (`load(`, `data.load(`)."""
    return re.search(rf"(?<![\w.]){re.escape(bound)}\s*[(.]", text) is not None
