"""`lint-cache server`: the linter as a Language Server over stdio, built on pygls.

Each open document is linted from the editor's buffer (not the file on disk) when it is opened,
changed or saved, with the settings `lint-cache check` would use for its path. Linting runs off
the event loop, one document version at a time: a change that arrives while an older version is
being linted supersedes the versions in between, so fast typing never queues stale work.
"""

from __future__ import annotations

import asyncio
import fnmatch
import os
import sys
import traceback
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Callable, Optional, TypeVar
from urllib.parse import unquote, urlsplit

from lsprotocol import types
from pygls import uris
from pygls.lsp.server import LanguageServer
from pygls.workspace import TextDocument

from lint_cache import __version__, config, engine
from lint_cache.diagnostics import Diagnostic
from lint_cache.engine import LintResult
from lint_cache.frontends import rule_docs
from lint_cache.frontends.lsp import actions, transport
from lint_cache.frontends.lsp.conversions import Lines, contains, overlaps, to_lsp
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


@dataclass
class Checked:
    """One version of a document and what linting it found."""

    version: Optional[int]
    lines: Lines
    path: str
    settings: Optional[Settings]  # None: the settings could not be resolved (a bad configuration)
    result: LintResult
    failure: Optional[str] = None  # an error inside lint-cache, with its traceback


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
        self.checked: dict[str, Checked] = {}
        self.pending: dict[str, asyncio.Task] = {}
        self.shut_down = False

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

    def check(self, uri: str, text: str, version: Optional[int]) -> Checked:
        """Lint one version of a document. Never raises: a bad configuration becomes a
        diagnostic, an error inside lint-cache is kept in `failure` for the client's log. Runs
        off the event loop, so it sends nothing to the client itself."""
        lines = Lines(text, self.workspace.position_encoding or types.PositionEncodingKind.Utf16)
        path = self.path_of(uri)
        try:
            settings = self.resolver.settings_for(path)
        except SettingsError as error:
            return Checked(version, lines, path, None, LintResult([_configuration_problem(path, error)]))
        try:
            result = engine.lint_text(text, path, settings)
        except Exception:
            return Checked(version, lines, path, settings, LintResult([]), _failure(uri))
        return Checked(version, lines, path, settings, result)

    def current(self, uri: str) -> Optional[Checked]:
        """What linting the open document's current version found, linting it now if needed; None
        for a document the client has not opened (never read from disk: a FIFO would block the
        server) or that is not Python."""
        document = self.open_document(uri)
        if document is None or not _is_python(document):
            return None
        checked = self.checked.get(uri)
        if checked is None or checked.version != document.version or checked.lines.text != document.source:
            checked = self.checked[uri] = self.check(uri, document.source, document.version)
            self.log_failure(checked.failure)
        return checked

    def open_document(self, uri: str) -> Optional[TextDocument]:
        """The open document at `uri`, or None. pygls keeps documents under their unquoted
        address (`1_%F0%9F%94%A5.py` as `1_🔥.py`)."""
        return self.workspace.text_documents.get(unquote(uri))

    def lint_soon(self, uri: str) -> None:
        previous = self.pending.get(uri)
        self.pending[uri] = asyncio.get_running_loop().create_task(self._lint_after(uri, previous))

    async def _lint_after(self, uri: str, previous: Optional[asyncio.Task]) -> None:
        if previous is not None:
            await asyncio.wait([previous])
        if self.pending.get(uri) is not asyncio.current_task():
            return  # a newer change is waiting: lint that one instead
        document = self.open_document(uri)
        if document is None or not _is_python(document):
            return  # closed meanwhile, or not Python (a Markdown file, a notebook's text cell)
        text, version = document.source, document.version
        checked = await asyncio.get_running_loop().run_in_executor(None, self.check, uri, text, version)
        self.log_failure(checked.failure)
        document = self.open_document(uri)
        # Closed and opened again meanwhile (its version counts from 1 again): the text decides.
        if document is None or document.version != checked.version or document.source != text:
            return
        self.checked[uri] = checked
        self.publish(uri, checked)

    def publish(self, uri: str, checked: Checked) -> None:
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri,
                version=checked.version,
                diagnostics=[to_lsp(diagnostic, checked.lines, uri) for diagnostic in checked.result.diagnostics],
            )
        )

    def settings_changed(self) -> None:
        """A configuration or requirements file changed: resolve the settings afresh and lint
        every open document again."""
        self.resolver = self.make_resolver()
        self.checked.clear()
        for document in list(self.workspace.text_documents.values()):
            self.lint_soon(document.uri)

    def modules_changed(self, paths: set[str]) -> None:
        """Project modules changed, appeared or went away on disk (saved here or elsewhere): read
        and look for them afresh, and lint again the open documents whose findings depend on them
        or on where an import leads (a module created where one was looked for in vain)."""
        engine.forget_project_modules()
        for uri, checked in list(self.checked.items()):
            if self.open_document(uri) is not None and (
                paths & set(checked.result.dependencies)
                or not imports.resolved_alike(checked.result.lookups, checked.path)
            ):
                self.checked.pop(uri, None)
                self.lint_soon(uri)

    def guarded(self, uri: str, answer: Callable[[], Answer], fallback: Answer) -> Answer:
        """A request's answer; an error inside lint-cache is logged and answered with `fallback`."""
        try:
            return answer()
        except Exception:
            self.log_failure(_failure(uri))
            return fallback

    def log_failure(self, failure: Optional[str]) -> None:
        """Tell the client, in its log, about an error inside lint-cache (if there was one)."""
        if failure is not None:
            self.window_log_message(types.LogMessageParams(type=types.MessageType.Error, message=failure))

    # Requests

    def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        checked = self.current(params.text_document.uri)
        if checked is None:
            return []
        only = params.context.only
        document = actions.Document(
            params.text_document.uri, checked.version, checked.lines, self._takes_document_changes()
        )
        found: list[types.CodeAction] = []
        if actions.requested(types.CodeActionKind.QuickFix, only):
            for diagnostic in checked.result.diagnostics:
                if not overlaps(checked.lines.range(diagnostic), params.range):
                    continue
                if diagnostic.fix is not None and checked.result.module is not None:
                    action = actions.quick_fix(document, checked.result.module, diagnostic)
                    if action is not None:
                        found.append(action)
                action = actions.ignore_on_line(document, diagnostic)
                if action is not None:
                    found.append(action)
        wants_fix_all = only is not None and actions.requested(actions.FIX_ALL, only)
        fixable = any(diagnostic.fix is not None for diagnostic in checked.result.diagnostics)
        if (wants_fix_all or (only is None and fixable)) and checked.settings is not None:
            action = actions.fix_all(document, checked.path, checked.settings)
            if action is not None:
                found.append(action)
        return found

    def hover(self, params: types.HoverParams) -> Optional[types.Hover]:
        checked = self.current(params.text_document.uri)
        if checked is None:
            return None
        here = [
            diagnostic
            for diagnostic in checked.result.diagnostics
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


def _failure(uri: str) -> str:
    """The report of the exception being handled."""
    return f"lint-cache failed on {uri}; please report it:\n{traceback.format_exc()}"


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
        uri = params.text_document.uri
        ls.checked.pop(uri, None)
        ls.pending.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_files_changed(ls: LintCacheServer, params: types.DidChangeWatchedFilesParams) -> None:
        # A client may report every file it watches, not only those the server asked for.
        names = [PurePosixPath(urlsplit(change.uri).path).name for change in params.changes]
        if any(fnmatch.fnmatchcase(name, pattern.rpartition("/")[2]) for name in names for pattern in SETTINGS_FILES):
            engine.forget_project_modules()
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
    def code_action(ls: LintCacheServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        return ls.guarded(params.text_document.uri, lambda: ls.code_actions(params), [])

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: LintCacheServer, params: types.HoverParams) -> Optional[types.Hover]:
        return ls.guarded(params.text_document.uri, lambda: ls.hover(params), None)

    @server.feature(transport.SKIPPED_MESSAGE)
    def skipped_message(ls: LintCacheServer, params) -> None:
        transport.log_skipped(ls, params)

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: LintCacheServer, params: None) -> None:
        ls.shut_down = True

    return server


def serve(make_resolver: Callable[[], config.SettingsResolver], max_message_bytes: Optional[int] = None) -> int:
    """Serve over stdin and stdout until the client says exit or the input ends: 0 after a shutdown
    request, 1 without one (as the protocol asks). A message from the client longer than
    `max_message_bytes` is skipped unread (`transport.LimitedInput`)."""
    server = build(make_resolver)
    server.start_io(transport.LimitedInput(sys.stdin.buffer, max_message_bytes or transport.MAX_MESSAGE_BYTES))
    return 0 if server.shut_down else 1
