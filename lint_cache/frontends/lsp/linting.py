"""The language server's linting and fixing, done in worker processes (`processes.worker_process`).

libcst aborts the process it runs in when an allocation fails, and holds the interpreter while it
parses: in the server's own process a big buffer would kill the server, or stall every request
behind a parse. The server process therefore never parses. Two workers, forked at start with the
memory and time limits `lint-cache check` gives its children, do that work: one lints each
document version for its diagnostics, the other makes the fixes that code actions offer (keeping
the tree of the version it last fixed for each document), so that a long lint never holds up a
quick fix elsewhere. Each keeps the project's modules it has read between jobs, as an in-place
linter would. A worker that dies (memory, time, a crash) costs that one job: a lint gives the
STC001 that `check` would give, and the next job starts a new worker.
"""

from __future__ import annotations

import asyncio
import contextlib
import traceback
from dataclasses import dataclass, field
from functools import partial
from typing import Optional

from lint_cache import engine
from lint_cache.diagnostics import Diagnostic
from lint_cache.engine import LintResult, fix_text
from lint_cache.fixes.fixer import apply_fix
from lint_cache.processes import isolation
from lint_cache.processes.worker_process import WorkerProcess
from lint_cache.project import imports
from lint_cache.rules import syntax_error
from lint_cache.settings import Settings
from lint_cache.source import deep_code


@dataclass
class Linted:
    """What linting one version of a document found."""

    diagnostics: list[Diagnostic]  # without their fixes, which edit the worker's tree
    dependencies: list[str] = field(default_factory=list)  # project modules the findings depend on
    lookups: list[list] = field(default_factory=list)  # import resolutions they rest on
    failure: Optional[str] = None  # an error inside lint-cache, with its traceback
    limit: Optional[str] = None  # the worker ran out of memory or time, or died: why


# A quick fix: its description and the document's text with it applied.
QuickFix = tuple[str, str]


@dataclass(frozen=True)
class Job:
    kind: str  # a method of `Jobs`
    arguments: tuple
    forget_modules: bool = False  # read the project's modules afresh first
    closed: tuple[str, ...] = ()  # documents closed since the worker's last job: their trees can go


class Jobs:
    """A worker's side: its jobs, and the trees kept for fixes (each document's last fixed text)."""

    def __init__(self) -> None:
        self.trees: dict[str, tuple[str, LintResult]] = {}

    def __call__(self, job: Job) -> object:
        if job.forget_modules:
            engine.forget_project_modules()
            self.trees.clear()  # their fixes were made with the modules as they were
        for uri in job.closed:
            self.trees.pop(uri, None)
        return getattr(self, job.kind)(*job.arguments)

    def lint(self, uri: str, text: str, path: str, settings: Settings) -> Linted:
        try:
            result = engine.lint_text(text, path, settings, with_fixes=False)
        except Exception:
            return Linted([], failure=failure_report(uri, traceback.format_exc()))
        return Linted(result.diagnostics, result.dependencies, result.lookups)

    def quick_fixes(
        self, uri: str, text: str, path: str, settings: Settings, wanted: list[Diagnostic]
    ) -> list[Optional[QuickFix]]:
        """For each wanted diagnostic (as `lint` gave it), its fix applied to the text, or None."""
        kept = self.trees.get(uri)
        if kept is None or kept[0] != text:
            self.trees.pop(uri, None)  # the older tree can go before the new one is made
            kept = self.trees[uri] = (text, engine.lint_text(text, path, settings))
        result = kept[1]
        by_place = dict(zip(engine.without_fixes(result.diagnostics), result.diagnostics))
        found: list[Optional[QuickFix]] = []
        for diagnostic in wanted:
            fixable = by_place.get(diagnostic)
            fixed = None
            if fixable is not None and fixable.fix is not None and result.module is not None:
                fixed = deep_code.run_with_room(partial(apply_fix, result.module, fixable))
            found.append((fixable.fix.description, fixed) if fixed is not None else None)
        return found

    def fixed_all(self, text: str, path: str, settings: Settings) -> Optional[str]:
        """The text with every safe fix applied, as `lint-cache check --fix` writes it; None when
        nothing changes or the fixes fail."""
        result = fix_text(text, path, settings)
        return None if result.text == text or result.error is not None else result.text


class Worker:
    """One worker process, used from the event loop one job at a time."""

    def __init__(self) -> None:
        self.process = WorkerProcess(Jobs())
        self.lock: Optional[asyncio.Lock] = None  # made in the event loop (Python 3.9 binds it there)
        self.forget_modules = False
        self.closed: set[str] = set()
        self.stopped = False

    async def run(self, kind: str, *arguments: object) -> object:
        if self.lock is None:
            self.lock = asyncio.Lock()
        async with self.lock:
            if self.stopped:
                raise isolation.IsolatedFailure("the server is shutting down")
            job = Job(kind, arguments, self.forget_modules, tuple(sorted(self.closed)))
            self.forget_modules = False
            self.closed.clear()
            return await self.process.call(job)


class Linter:
    """The server's side: a worker that lints and one that fixes."""

    def __init__(self) -> None:
        self.linting = Worker()
        self.fixing = Worker()

    @property
    def workers(self) -> tuple[Worker, Worker]:
        return (self.linting, self.fixing)

    def start(self) -> None:
        """Fork the workers now, before the server starts threads: their first jobs are then as
        quick as the next ones."""
        for worker in self.workers:
            with contextlib.suppress(isolation.IsolatedFailure):  # the first job tries again, and says why
                worker.process.start()

    def stop(self) -> None:
        """Kill the workers, abandoning their jobs; no job runs after this."""
        for worker in self.workers:
            worker.stopped = True
            worker.process.stop()

    def forget_modules(self) -> None:
        """Project modules or files changed on disk: look for and read them afresh, here and in the
        workers."""
        imports.forget()
        for worker in self.workers:
            worker.forget_modules = True

    def closed(self, uri: str) -> None:
        self.fixing.closed.add(uri)

    async def lint(self, uri: str, text: str, path: str, settings: Settings) -> Linted:
        try:
            return await self.linting.run("lint", uri, text, path, settings)
        except isolation.IsolatedFailure as failure:
            diagnostic = engine.syntax_error_diagnostic(path, 1, 1, str(failure), settings, syntax_error.SPLIT_THE_FILE)
            return Linted(
                [diagnostic] if diagnostic is not None else [], limit=f"lint-cache cannot check {uri}: {failure}"
            )
        except isolation.IsolatedError as error:
            return Linted([], failure=failure_report(uri, str(error)))

    async def quick_fixes(
        self, uri: str, text: str, path: str, settings: Settings, wanted: list[Diagnostic]
    ) -> list[Optional[QuickFix]]:
        """Each wanted diagnostic's fix, applied; None for one without (or when fixing fails)."""
        fixes = await self._fix("quick_fixes", uri, text, path, settings, wanted)
        return fixes if isinstance(fixes, list) else [None] * len(wanted)

    async def fixed_all(self, text: str, path: str, settings: Settings) -> Optional[str]:
        return await self._fix("fixed_all", text, path, settings)

    async def _fix(self, kind: str, *arguments: object) -> object:
        """A fixing job, None when it fails. A request cancelled meanwhile (editors cancel code
        actions as the cursor moves) does not cancel the job: killing the worker would lose the
        modules and trees it has read."""

        async def job() -> object:
            try:
                return await self.fixing.run(kind, *arguments)
            except (isolation.IsolatedFailure, isolation.IsolatedError):
                return None

        return await asyncio.shield(asyncio.ensure_future(job()))


def failure_report(uri: str, details: str) -> str:
    return f"lint-cache failed on {uri}; please report it:\n{details}"
