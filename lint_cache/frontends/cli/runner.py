"""Linting files: read, prefilter, check, and turn every failure into a message instead of a traceback.

The engine (libcst, the facts, the rules, the fixes: a tenth of a second to import) is imported by
the first file that must be parsed: a run whose files are all answered by the prefilter or the
result cache never loads it.
"""

from __future__ import annotations

import difflib
import os
import sys
import traceback
from dataclasses import replace
from typing import Iterator, Optional

from lint_cache.frontends import progress, result_cache
from lint_cache.frontends.cli import notebooks
from lint_cache.frontends.cli.file_report import DIFF, REPORT, FileReport, fixed_codes
from lint_cache.frontends.result_cache import ResultCache
from lint_cache.processes import isolation, workers
from lint_cache.project import files
from lint_cache.rules import syntax_error
from lint_cache.settings import Settings
from lint_cache.source import prefilter


def lint_file(path: str, settings: Settings, mode: str = REPORT, unsafe_fixes: bool = False) -> FileReport:
    try:
        source = files.read(path)
    except files.UnreadableFile as error:
        return FileReport(path, error=f"{path}: cannot read the file: {error}")
    if not may_need_checking(source.data):
        return FileReport(path)
    return lint_source(source, settings, mode, unsafe_fixes)


def may_need_checking(data: bytes) -> bool:
    """Whether a file can hold anything to report: caching of its own, or the project's."""
    return prefilter.may_cache_bytes(data) or prefilter.may_use_project_caching_bytes(data)


def lint_source(
    source: files.SourceFile, settings: Settings, mode: str = REPORT, unsafe_fixes: bool = False
) -> FileReport:
    path = source.path
    if notebooks.is_notebook(path):
        return _guarded(path, lambda: notebooks.lint_notebook(source, settings, mode, unsafe_fixes))
    from lint_cache.engine import check_file, syntax_error_diagnostic

    try:
        text, encoding = source.decode()
    except files.UnreadableFile as error:
        diagnostic = syntax_error_diagnostic(path, 1, 1, f"cannot decode the file: {error}", settings)
        return FileReport(path, [diagnostic] if diagnostic else [])
    if mode == REPORT:

        def report() -> FileReport:
            diagnostics, dependencies, lookups = check_file(text, path, settings, with_fixes=False)
            return FileReport(path, diagnostics, dependencies=dependencies, lookups=lookups)

        return _guarded(path, report)
    return _guarded(path, lambda: _fix_file(source, text, encoding, settings, mode, unsafe_fixes))


def unified_diff(path: str, before: str, after: str) -> str:
    """The change a fix makes, as `--diff` shows it."""
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True), after.splitlines(keepends=True), fromfile=f"a/{path}", tofile=f"b/{path}"
        )
    )


def _guarded(path: str, lint) -> FileReport:
    """`lint()`, with every failure a FileReport error instead of an exception."""
    try:
        return lint()
    except files.ChangedOnDisk as error:
        return FileReport(path, error=str(error))
    except OSError as error:
        return FileReport(path, error=f"{path}: cannot write the fixed file: {error}")
    except Exception:  # a bug in a rule must not stop the run: it is reported, with exit status 2
        return FileReport(
            path,
            error=f"{path}: internal error, please report it with this file:\n{traceback.format_exc().rstrip()}",
        )


def _fix_file(
    source: files.SourceFile, text: str, encoding: str, settings: Settings, mode: str, unsafe_fixes: bool
) -> FileReport:
    from lint_cache.engine import fix_text

    result = fix_text(text, source.path, settings, unsafe=unsafe_fixes)
    report = FileReport(source.path, result.remaining, result.error, fixed_codes=fixed_codes(result.fixed))
    if result.text == text:
        return report
    if mode == DIFF:
        report.diff = unified_diff(source.path, text, result.text)
    elif workers.parent_alive():  # a worker whose parent died writes nothing more
        try:
            files.replace_contents(source.path, result.text.encode(encoding), expected=source.data)
        except (files.LeftAlone, OSError) as error:
            # Nothing was written: the file still has every finding the fixes would have mended.
            message = str(error)
            if not isinstance(error, files.LeftAlone):
                message = f"{source.path}: cannot write the fixed file: {error}"
            return FileReport(source.path, sorted(result.fixed + result.remaining), message)
    return report


# Below this many files to parse, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 16


def lint_paths(
    tasks: list[tuple[str, Settings]],
    mode: str = REPORT,
    unsafe_fixes: bool = False,
    jobs: int = 1,
    cache: Optional[ResultCache] = None,
) -> list[FileReport]:
    """Lint many files, in the order given: the prefilter and the result cache in this process,
    parsing in `jobs` worker processes."""
    reports: dict[str, FileReport] = {}
    pending: list[tuple[files.SourceFile, Settings, str, bool, Optional[str]]] = []
    for path, settings in tasks:
        try:
            source = files.read(path)
        except files.UnreadableFile as error:
            reports[path] = FileReport(path, error=f"{path}: cannot read the file: {error}")
            continue
        if not may_need_checking(source.data):
            reports[path] = FileReport(path)
            continue
        key = result_cache.key(source.data, settings, path) if cache is not None and mode == REPORT else None
        cached = cache.get(key, path) if key is not None else None
        if cached is not None:
            reports[path] = FileReport(path, cached)
        else:
            pending.append((source, settings, mode, unsafe_fixes, key))
    for (_, _, _, _, key), report in zip(pending, progress.shown(_run(pending, jobs), len(pending), "checking")):
        reports[report.path] = report
        if key is not None and report.error is None and report.note is None:
            cache.put(key, report.diagnostics, report.dependencies, report.lookups)
    if cache is not None:
        cache.save()
    return [reports[path] for path, _ in tasks]


def workers_needed(jobs: int, files: int) -> int:
    """The worker processes worth starting: never more than the cores (parsing is CPU-bound) nor
    than one per PARALLEL_THRESHOLD files; 1 means no worker, the work stays in this process."""
    if files < PARALLEL_THRESHOLD:
        return 1
    return max(1, min(jobs, os.cpu_count() or 1, files // PARALLEL_THRESHOLD))


def _run(pending: list, jobs: int) -> Iterator[FileReport]:
    jobs = workers_needed(jobs, len(pending))
    if jobs <= 1:
        yield from map(_lint_task, pending)
        return
    import concurrent.futures  # with the workers' start-up, only where they pay for themselves
    import multiprocessing

    # fork is the cheapest start where it exists; elsewhere the platform's default.
    context = multiprocessing.get_context("fork") if sys.platform == "linux" else None
    done = 0
    try:
        with concurrent.futures.ProcessPoolExecutor(
            max_workers=jobs, mp_context=context, initializer=workers.die_with_parent, initargs=(os.getpid(),)
        ) as pool:
            for report in pool.map(_lint_task, pending, chunksize=max(1, len(pending) // (jobs * 32))):
                done += 1
                yield report
    except (concurrent.futures.process.BrokenProcessPool, OSError):
        # A worker died (a crash no guard foresaw) or none could start (no /dev/shm, a sandbox):
        # finish here, each file in a child process where possible, so that the file that killed
        # the worker gives its own STC001 and cannot take this process down too.
        yield from map(_lint_task_isolated, pending[done:])


def _lint_task_isolated(task: tuple) -> FileReport:
    if not isolation.available():
        return _lint_task(task)
    source, settings = task[0], task[1]
    try:
        return isolation.run_isolated(lambda: _lint_task(task))
    except isolation.IsolatedFailure as failure:
        from lint_cache.engine import syntax_error_diagnostic

        diagnostic = syntax_error_diagnostic(source.path, 1, 1, str(failure), settings, syntax_error.SPLIT_THE_FILE)
        return FileReport(source.path, [diagnostic] if diagnostic else [])
    except isolation.IsolatedError as error:
        message = f"{source.path}: internal error, please report it with this file:\n{error}"
        return FileReport(source.path, error=message)


def _lint_task(task: tuple) -> FileReport:
    source, settings, mode, unsafe_fixes, _ = task
    report = lint_source(source, settings, mode, unsafe_fixes)
    # Fixes are libcst edits of this process's tree: they do not travel, and the report needs
    # only whether a fix exists (fix_safety).
    report.diagnostics = [replace(diagnostic, fix=None) for diagnostic in report.diagnostics]
    return report
