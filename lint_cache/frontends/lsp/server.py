"""`lint-cache server`: the linter as a Language Server over stdio, built on pygls.

Each open document is linted from the editor's buffer (not the file on disk) when it is opened,
changed or saved, with the settings `lint-cache check` would use for its path. Linting and fixing
run in worker processes (`linting`), never in the server's: the event loop only hands them work,
so requests are answered while a long lint runs, and a buffer that exhausts a worker's memory gets
its STC001 while the server goes on. Lints are coalesced per document: only the newest version is
linted, versions that arrive meanwhile are dropped, and a lint overtaken after ABANDON_AFTER
seconds is abandoned. Hover and code actions answer from the last lint of the document's current
version (waiting for it if it is still to come, never linting again). Shutdown and exit kill the
workers at once.
"""

from __future__ import annotations

import asyncio
import fnmatch
import os
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Awaitable, Callable, Optional, TypeVar
from urllib.parse import unquote, urlsplit

from lsprotocol import types
from pygls import uris
from pygls.lsp.server import LanguageServer
from pygls.workspace import TextDocument

from lint_cache import __version__, config
from lint_cache.diagnostics import Diagnostic
from lint_cache.frontends import rule_docs
from lint_cache.frontends.lsp import actions, linting, transport
from lint_cache.frontends.lsp.conversions import Lines, contains, overlaps, to_lsp
from lint_cache.frontends.lsp.linting import Linted, Linter
from lint_cache.frontends.lsp.transport import LintCacheProtocol
from lint_cache.project import imports
from lint_cache.settings import Settings, SettingsError

Answer = TypeVar("Answer")

# The files whose change can change a document's settings: the configuration, and the
# requirements files where a project pins its Streamlit release.
SETTINGS_FILES = (
    "**/pyproject.toml",
    "**/lint-cache.toml",
    "**/.lint-cache.toml",
    "**/requirements*.txt",
    "**/setup.cfg",
    "**/environment.yml",
    "**/environment.yaml",
    "**/uv.lock",
    "**/poetry.lock",
    "**/pdm.lock",
    "**/Pipfile.lock",
)
# The project's modules, whose helpers and decorator objects the documents' findings can depend on.
MODULE_FILES = ("**/*.py",)
WATCHED = SETTINGS_FILES + MODULE_FILES
# A lint overtaken by a newer version of its document after running this long is abandoned (its
# worker killed; a new one forks in milliseconds): a lint that long has long to go, and its result
# would be thrown away.
ABANDON_AFTER = 1.0


@dataclass
class Checked:
    """One version of a document and what linting it found."""

    version: Optional[int]
    lines: Lines
    path: str
    settings: Optional[Settings]  # None: the settings could not be resolved (a bad configuration)
    linted: Linted
    fixed_all: Optional[asyncio.Future] = None  # the text "fix all" gives, once asked for


@dataclass
class Running:
    """The lint under way."""

    uri: str
    started: float  # time.monotonic()
    task: asyncio.Task


class LintCacheServer(LanguageServer):
    def __init__(self, make_resolver: Callable[[], config.SettingsResolver]):
        # Full sync: the client sends the whole buffer on each change, so the text linted is
        # exactly the editor's, whatever its line breaks.
        super().__init__(
            "lint-cache",
            __version__,
            protocol_cls=LintCacheProtocol,
            text_document_sync_kind=types.TextDocumentSyncKind.Full,
        )
        self.make_resolver = make_resolver
        self.resolver = make_resolver()
        self.linter = Linter()
        self.checked: dict[str, Checked] = {}
        # Documents to lint, in the order asked (a dict as an ordered set): the version linted is
        # the one open when its turn comes, so a burst of changes is linted once.
        self.wanted: dict[str, None] = {}
        self.running: Optional[Running] = None
        self._linting: Optional[asyncio.Task] = None  # the loop that lints what is wanted
        self._wanted_arrived: Optional[asyncio.Event] = None
        self._lint_finished: Optional[asyncio.Event] = None  # set, and made anew, after each lint
        self.shut_down = False  # the client asked for a shutdown
        self.stopped = False  # shutdown or exit: no lint runs any more

    # Linting

    def path_of(self, uri: str) -> str:
        """The file path whose settings the document takes; an unsaved buffer without a path
        (`untitled:`) takes those of the first workspace folder."""
        path = uris.to_fs_path(uri) if uri.startswith("file:") else None
        if path is not None:
            return path
        folders = list(self.workspace.folders.values())
        root = uris.to_fs_path(folders[0].uri) if folders else self.workspace.root_path
        return os.path.join(root or os.getcwd(), "untitled.py")

    async def check(self, uri: str, text: str, version: Optional[int]) -> Checked:
        """Lint one version of a document in the linting worker. A bad configuration becomes a
        diagnostic; an error inside lint-cache, or a lint the worker's limits stopped, is kept for
        the client's log (`Linted.failure`, `Linted.limit`)."""
        lines = Lines(text, self.workspace.position_encoding or types.PositionEncodingKind.Utf16)
        path = self.path_of(uri)
        try:
            settings = self.resolver.settings_for(path)
        except SettingsError as error:
            return Checked(version, lines, path, None, Linted([_configuration_problem(path, error)]))
        return Checked(version, lines, path, settings, await self.linter.lint(uri, text, path, settings))

    async def current(self, uri: str) -> Optional[Checked]:
        """What linting the open document's current version found, once its lint is done (the
        lint its opening or change asked for: a request never lints again); None for a document
        the client has not opened (never read from disk: a FIFO would block the server) or that
        is not Python."""
        while not self.stopped:
            document = self.open_document(uri)
            if document is None or not _is_python(document):
                return None
            checked = self.checked.get(uri)
            if checked is not None and checked.version == document.version and checked.lines.text == document.source:
                return checked
            if uri not in self.wanted and (self.running is None or self.running.uri != uri):
                self.lint_soon(uri)  # its lint was abandoned, or its result came for another text
            await self._lint_finished_event().wait()
        return None

    def open_document(self, uri: str) -> Optional[TextDocument]:
        """The open document at `uri`, or None. pygls keeps documents under their unquoted
        address (`1_%F0%9F%94%A5.py` as `1_🔥.py`)."""
        return self.workspace.text_documents.get(unquote(uri))

    def lint_soon(self, uri: str) -> None:
        """Lint the document's newest version when the linting worker is free."""
        if self.stopped:
            return
        self.wanted[uri] = None
        running = self.running
        if running is not None and running.uri == uri and time.monotonic() - running.started > ABANDON_AFTER:
            running.task.cancel()
        if self._wanted_arrived is None:
            self._wanted_arrived = asyncio.Event()
        self._wanted_arrived.set()
        if self._linting is None:
            self._linting = asyncio.ensure_future(self._lint_wanted())

    async def _lint_wanted(self) -> None:
        while True:
            while not self.wanted:
                self._wanted_arrived.clear()
                await self._wanted_arrived.wait()
            uri = next(iter(self.wanted))
            del self.wanted[uri]
            document = self.open_document(uri)
            if document is None or not _is_python(document):
                self._finished()
                continue  # closed meanwhile, or not Python (a Markdown file, a notebook's text cell)
            text, version = document.source, document.version
            task = asyncio.ensure_future(self.check(uri, text, version))
            self.running = Running(uri, time.monotonic(), task)
            try:
                await asyncio.wait([task])
            except asyncio.CancelledError:  # the server is ending
                task.cancel()
                raise
            finally:
                self.running = None
            if task.cancelled():  # overtaken by a newer version, which is wanted now (its worker is gone)
                self._finished()
                continue
            try:
                checked = task.result()
            except Exception:  # a bug outside the worker (resolving the settings): the next lints go on
                self.log_failure(Linted([], failure=linting.failure_report(uri, traceback.format_exc())))
                self._finished()
                continue
            self.log_failure(checked.linted)
            document = self.open_document(uri)
            # Closed and opened again meanwhile (its version counts from 1 again): the text decides.
            if document is not None and document.version == checked.version and document.source == text:
                self.checked[uri] = checked
                self.publish(uri, checked)
            self._finished()

    def _lint_finished_event(self) -> asyncio.Event:
        if self._lint_finished is None:
            self._lint_finished = asyncio.Event()
        return self._lint_finished

    def _finished(self) -> None:
        self._lint_finished_event().set()
        self._lint_finished = asyncio.Event()

    def stop_linting(self) -> None:
        """Shutdown or exit: drop the lints to come, abandon the one running, kill the workers."""
        self.stopped = True
        self.wanted.clear()
        if self._linting is not None:
            self._linting.cancel()
        self.linter.stop()
        self._lint_finished_event().set()  # requests waiting for a lint answer now

    def publish(self, uri: str, checked: Checked) -> None:
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri,
                version=checked.version,
                diagnostics=[to_lsp(diagnostic, checked.lines, uri) for diagnostic in checked.linted.diagnostics],
            )
        )

    def settings_changed(self) -> None:
        """A configuration or requirements file changed: resolve the settings afresh and lint
        every open document again."""
        self.resolver = self.make_resolver()
        self.linter.forget_modules()
        self.checked.clear()
        for document in list(self.workspace.text_documents.values()):
            self.lint_soon(document.uri)

    def modules_changed(self, paths: set[str]) -> None:
        """Project modules changed, appeared or went away on disk (saved here or elsewhere): read
        and look for them afresh, and lint again the open documents whose findings depend on them
        or on where an import leads (a module created where one was looked for in vain)."""
        self.linter.forget_modules()
        for uri, checked in list(self.checked.items()):
            if self.open_document(uri) is not None and (
                paths & set(checked.linted.dependencies)
                or not imports.resolved_alike(checked.linted.lookups, checked.path)
            ):
                self.checked.pop(uri, None)
                self.lint_soon(uri)
        if self.running is not None:
            self.lint_soon(self.running.uri)  # linted with the modules as they were

    def closed(self, uri: str) -> None:
        self.checked.pop(uri, None)
        self.wanted.pop(uri, None)
        self.linter.closed(uri)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    async def guarded(self, uri: str, answer: Callable[[], Awaitable[Answer]], fallback: Answer) -> Answer:
        """A request's answer; an error inside lint-cache is logged and answered with `fallback`."""
        try:
            return await answer()
        except Exception:
            self.log_failure(Linted([], failure=linting.failure_report(uri, traceback.format_exc())))
            return fallback

    def log_failure(self, linted: Linted) -> None:
        """Tell the client, in its log, about an error inside lint-cache or a lint the worker's
        limits stopped (if there was one)."""
        if linted.failure is not None:
            self.window_log_message(types.LogMessageParams(type=types.MessageType.Error, message=linted.failure))
        if linted.limit is not None:
            self.window_log_message(types.LogMessageParams(type=types.MessageType.Warning, message=linted.limit))

    # Requests

    async def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        checked = await self.current(uri)
        if checked is None:
            return []
        only = params.context.only
        document = actions.Document(uri, checked.version, checked.lines, self._takes_document_changes())
        diagnostics = checked.linted.diagnostics
        here = [d for d in diagnostics if overlaps(checked.lines.range(d), params.range)]
        found: list[types.CodeAction] = []
        if actions.requested(types.CodeActionKind.QuickFix, only) and here:
            fixes: list = [None] * len(here)
            fixable = [d for d in here if d.fixable]
            if fixable and checked.settings is not None:
                made = await self.linter.quick_fixes(uri, checked.lines.text, checked.path, checked.settings, fixable)
                by_diagnostic = dict(zip(fixable, made))
                fixes = [by_diagnostic.get(d) for d in here]
            for diagnostic, fix in zip(here, fixes):
                if fix is not None:
                    found.append(actions.quick_fix(document, diagnostic, *fix))
                action = actions.ignore_on_line(document, diagnostic)
                if action is not None:
                    found.append(action)
        wants_fix_all = only is not None and actions.requested(actions.FIX_ALL, only)
        if (wants_fix_all or (only is None and any(d.fixable for d in diagnostics))) and checked.settings is not None:
            if checked.fixed_all is None:  # asked once per version, however often the client asks
                checked.fixed_all = asyncio.ensure_future(
                    self.linter.fixed_all(checked.lines.text, checked.path, checked.settings)
                )
            fixed = await asyncio.shield(checked.fixed_all)
            if fixed is not None:
                found.append(actions.fix_all(document, fixed))
        if self.checked.get(uri) is not checked:
            return []  # the document changed while the fixes were made: the client asks again
        return found

    async def hover(self, params: types.HoverParams) -> Optional[types.Hover]:
        checked = await self.current(params.text_document.uri)
        if checked is None:
            return None
        here = [
            diagnostic
            for diagnostic in checked.linted.diagnostics
            if contains(checked.lines.range(diagnostic), params.position)
        ]
        if not here:
            return None
        parts = []
        for diagnostic in here:
            page = rule_docs.rule_page(diagnostic.code) if diagnostic.code else None
            parts.append(f"**{diagnostic.code}** {diagnostic.message}\n\n{page or ''}".rstrip())
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)),
            range=checked.lines.range(here[0]),
        )

    def _takes_document_changes(self) -> bool:
        workspace = self.client_capabilities.workspace
        edit = workspace.workspace_edit if workspace is not None else None
        return bool(edit is not None and edit.document_changes)

    def register_watchers(self) -> None:
        workspace = self.client_capabilities.workspace
        watching = workspace.did_change_watched_files if workspace is not None else None
        if watching is None or not watching.dynamic_registration:
            return  # the client watches what it likes, or nothing: nothing to ask for
        options = types.DidChangeWatchedFilesRegistrationOptions(
            watchers=[types.FileSystemWatcher(glob_pattern=pattern) for pattern in WATCHED]
        )
        registration = types.Registration(
            id="lint-cache-watched-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options
        )
        self.client_register_capability(types.RegistrationParams(registrations=[registration]))


def _is_python(document: TextDocument) -> bool:
    """Python by the client's word (`languageId`), or by the name when the client gives none."""
    language = getattr(document, "language_id", None)
    return language == "python" if language else document.uri.endswith((".py", ".pyi"))


def _configuration_problem(path: str, error: SettingsError) -> Diagnostic:
    return Diagnostic(path, 1, 1, "", f"lint-cache cannot check this file: {error}", severity="error")


def build(make_resolver: Callable[[], config.SettingsResolver]) -> LintCacheServer:
    server = LintCacheServer(make_resolver)

    @server.feature(types.INITIALIZED)
    def initialized(ls: LintCacheServer, params: types.InitializedParams) -> None:
        ls.register_watchers()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: LintCacheServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.lint_soon(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: LintCacheServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.lint_soon(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: LintCacheServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.lint_soon(params.text_document.uri)
        # The saved file may be a helper module of other open documents.
        ls.modules_changed({os.path.abspath(ls.path_of(params.text_document.uri))})

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: LintCacheServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.closed(params.text_document.uri)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_files_changed(ls: LintCacheServer, params: types.DidChangeWatchedFilesParams) -> None:
        # A client may report every file it watches, not only those the server asked for.
        names = [PurePosixPath(urlsplit(change.uri).path).name for change in params.changes]
        if any(fnmatch.fnmatchcase(name, pattern.rpartition("/")[2]) for name in names for pattern in SETTINGS_FILES):
            ls.settings_changed()
            return
        modules = {
            os.path.abspath(uris.to_fs_path(change.uri))
            for change in params.changes
            if change.uri.startswith("file:") and change.uri.endswith(".py")
        }
        if modules:
            ls.modules_changed(modules)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, actions.FIX_ALL], resolve_provider=False
        ),
    )
    async def code_action(ls: LintCacheServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        return await ls.guarded(params.text_document.uri, lambda: ls.code_actions(params), [])

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls: LintCacheServer, params: types.HoverParams) -> Optional[types.Hover]:
        return await ls.guarded(params.text_document.uri, lambda: ls.hover(params), None)

    @server.feature(transport.SKIPPED_MESSAGE)
    def skipped_message(ls: LintCacheServer, params) -> None:
        transport.log_skipped(ls, params)

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: LintCacheServer, params: None) -> None:
        ls.shut_down = True
        ls.stop_linting()

    @server.feature(types.EXIT)
    def exit(ls: LintCacheServer, params: None) -> None:
        ls.stop_linting()

    return server


def serve(make_resolver: Callable[[], config.SettingsResolver], max_message_bytes: Optional[int] = None) -> int:
    """Serve over stdin and stdout until the client says exit or the input ends: 0 after a shutdown
    request, 1 without one (as the protocol asks). A message from the client longer than
    `max_message_bytes` is skipped unread (`transport.LimitedInput`)."""
    server = build(make_resolver)
    server.linter.start()
    try:
        server.start_io(transport.LimitedInput(sys.stdin.buffer, max_message_bytes or transport.MAX_MESSAGE_BYTES))
    finally:
        server.linter.stop()  # the input ended without an exit: no worker outlives the server
    return 0 if server.shut_down else 1
