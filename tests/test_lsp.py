"""`lint-cache server`, driven as an editor drives it: pygls's own client starts the server process
with the command the README's editor snippets give and talks to it over stdio."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Optional

import pytest
from lsprotocol import types
from pygls.lsp.client import LanguageClient

from editor_snippets import SERVER_COMMAND
from lint_cache.frontends.lsp import actions
from lint_cache.frontends.lsp.conversions import Lines, code_units
from lint_cache.frontends.lsp.server import WATCHED

BIN = Path(sys.executable).parent
WAIT = 30  # seconds before a missing answer fails the test (the server answers in milliseconds)


def server_command(*options: str) -> list[str]:
    """The README's command, with the program this test environment installed."""
    program, *arguments = SERVER_COMMAND
    return [str(BIN / program), *arguments, *options]


class Editor:
    """A language client that keeps what the server sends: diagnostics, log messages and
    registrations."""

    def __init__(self) -> None:
        self.client = LanguageClient("lint-cache-tests", "1")
        self.published: list[types.PublishDiagnosticsParams] = []
        self.logged: list[types.LogMessageParams] = []
        self.registrations: list[types.Registration] = []
        self.arrived = asyncio.Event()
        self.versions: dict[str, int] = {}

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: types.PublishDiagnosticsParams) -> None:
            self.published.append(params)
            self.arrived.set()

        @self.client.feature(types.WINDOW_LOG_MESSAGE)
        def logged(params: types.LogMessageParams) -> None:
            self.logged.append(params)
            self.arrived.set()

        @self.client.feature(types.CLIENT_REGISTER_CAPABILITY)
        def registered(params: types.RegistrationParams) -> None:
            self.registrations.extend(params.registrations)

    async def start(
        self,
        command: list[str],
        root: Path,
        encodings: tuple[str, ...] = (types.PositionEncodingKind.Utf16,),
        **process: object,
    ) -> None:
        """Start the server (`process`: more of `asyncio.create_subprocess_exec`'s options) and initialize it."""
        await self.client.start_io(*command, cwd=str(root), **process)
        capabilities = types.ClientCapabilities(
            workspace=types.WorkspaceClientCapabilities(
                workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=True),
                did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True),
            ),
            general=types.GeneralClientCapabilities(position_encodings=list(encodings)),
        )
        folder = types.WorkspaceFolder(uri=root.as_uri(), name=root.name)
        self.initialized = await asyncio.wait_for(
            self.client.initialize_async(
                types.InitializeParams(capabilities=capabilities, root_uri=root.as_uri(), workspace_folders=[folder])
            ),
            WAIT,
        )
        self.client.initialized(types.InitializedParams())

    def open(self, uri: str, text: str) -> None:
        self.versions[uri] = 1
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "python", 1, text))
        )

    def change(self, uri: str, text: str) -> None:
        self.versions[uri] += 1
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(self.versions[uri], uri),
                [types.TextDocumentContentChangeWholeDocument(text)],
            )
        )

    async def diagnostics(self, uri: str) -> list[types.Diagnostic]:
        """The diagnostics of the document's latest version, once the server publishes them."""

        async def published() -> list[types.Diagnostic]:
            while True:
                for params in reversed(self.published):
                    if params.uri == uri and params.version == self.versions[uri]:
                        return list(params.diagnostics)
                self.arrived.clear()
                await self.arrived.wait()

        return await asyncio.wait_for(published(), WAIT)

    async def code_actions(
        self, uri: str, where: types.Range, only: Optional[list[str]] = None
    ) -> list[types.CodeAction]:
        params = types.CodeActionParams(
            types.TextDocumentIdentifier(uri), where, types.CodeActionContext(diagnostics=[], only=only)
        )
        return list(await asyncio.wait_for(self.client.text_document_code_action_async(params), WAIT) or [])

    async def hover(self, uri: str, position: types.Position) -> Optional[types.Hover]:
        params = types.HoverParams(types.TextDocumentIdentifier(uri), position)
        return await asyncio.wait_for(self.client.text_document_hover_async(params), WAIT)

    async def stop(self) -> int:
        """Shut the server down and exit, as an editor closing does; the server's exit status."""
        await asyncio.wait_for(self.client.shutdown_async(None), WAIT)
        self.client.exit(None)
        await asyncio.wait_for(self.client.stop(), WAIT)
        return self.client._server.returncode


def run(scenario) -> None:
    asyncio.run(scenario())


def utf16_offset(text: str, position: types.Position) -> int:
    """A character offset from an LSP position, computed here independently of the server's code."""
    lines = text.split("\n")
    before = sum(len(line) + 1 for line in lines[: position.line])
    units = lines[position.line].encode("utf-16-le")[: position.character * 2]
    return before + len(units.decode("utf-16-le"))


def apply(text: str, uri: str, edit: types.WorkspaceEdit) -> str:
    """The text after the client applies a workspace edit (document changes, as offered)."""
    (change,) = edit.document_changes
    assert change.text_document.uri == uri
    for text_edit in sorted(change.edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        start, end = utf16_offset(text, text_edit.range.start), utf16_offset(text, text_edit.range.end)
        text = text[:start] + text_edit.new_text + text[end:]
    return text


def project(tmp_path: Path, settings: str = 'streamlit-version = "1.67"') -> Path:
    (tmp_path / "pyproject.toml").write_text(f"[tool.lint-cache]\n{settings}\n", encoding="utf-8")
    return tmp_path


# An emoji (one character, two UTF-16 code units) before and inside the widget's range.
APP = """\
import streamlit as st


@st.cache(allow_output_mutation=True)
def model():
    return {"🎈": st.slider("🎈 rows", 1, 9)}
"""


def test_an_editor_session_diagnostics_quick_fix_clean_buffer_hover_and_exit(tmp_path):
    root = project(tmp_path)
    uri = (root / "app.py").as_uri()  # never written: an unsaved buffer

    async def scenario():
        editor = Editor()
        await editor.start(server_command(), root)
        editor.open(uri, APP)
        diagnostics = {d.code: d for d in await editor.diagnostics(uri)}
        assert set(diagnostics) == {"STC201", "STC102"}

        legacy, widget = diagnostics["STC201"], diagnostics["STC102"]
        assert legacy.range == types.Range(types.Position(3, 0), types.Position(3, 37))
        assert legacy.severity == types.DiagnosticSeverity.Error  # st.cache is gone in 1.67: AttributeError
        # `    return {"🎈": ` is 17 characters and 18 UTF-16 code units; the range holds another emoji.
        assert widget.range == types.Range(types.Position(5, 18), types.Position(5, 44))
        widget_text = 'st.slider("🎈 rows", 1, 9)'
        assert APP.splitlines()[5].encode("utf-16-le")[18 * 2 : 44 * 2].decode("utf-16-le") == widget_text
        assert widget.severity == types.DiagnosticSeverity.Warning
        assert widget.source == "lint-cache"
        assert widget.code_description.href.endswith("/rules/STC102.md")
        assert "st.slider" in widget.message

        offered = await editor.code_actions(uri, legacy.range)
        fix = next(action for action in offered if action.is_preferred)
        assert fix.kind == types.CodeActionKind.QuickFix and "STC201" in fix.title
        assert [d.code for d in fix.diagnostics] == ["STC201"]
        assert "Ignore STC201 on this line" in [action.title for action in offered]
        fixed = apply(APP, uri, fix.edit)
        assert "@st.cache_resource\n" in fixed and "allow_output_mutation" not in fixed
        editor.change(uri, fixed)
        assert [d.code for d in await editor.diagnostics(uri)] == ["STC102"]

        hover = await editor.hover(uri, types.Position(5, 25))
        assert hover.contents.kind == types.MarkupKind.Markdown
        assert "# STC102 widget-in-cache" in hover.contents.value
        assert hover.range == widget.range
        assert await editor.hover(uri, types.Position(0, 3)) is None

        editor.change(uri, fixed.replace('st.slider("🎈 rows", 1, 9)', "9"))
        assert await editor.diagnostics(uri) == []
        assert await editor.stop() == 0

    run(scenario)


def test_a_client_that_counts_in_utf8_gets_utf8_columns(tmp_path):
    root = project(tmp_path)
    uri = (root / "app.py").as_uri()

    async def scenario():
        editor = Editor()
        await editor.start(server_command(), root, encodings=(types.PositionEncodingKind.Utf8,))
        assert editor.initialized.capabilities.position_encoding == types.PositionEncodingKind.Utf8
        editor.open(uri, APP)
        widget = next(d for d in await editor.diagnostics(uri) if d.code == "STC102")
        # `    return {"🎈": ` is 20 bytes in UTF-8; the range's emoji is 4 more.
        assert widget.range == types.Range(types.Position(5, 20), types.Position(5, 48))
        assert APP.splitlines()[5].encode("utf-8")[20:48].decode("utf-8") == 'st.slider("🎈 rows", 1, 9)'
        assert await editor.stop() == 0

    run(scenario)


def test_ignoring_a_finding_adds_a_noqa_that_silences_it(tmp_path):
    root = project(tmp_path)
    uri = (root / "app.py").as_uri()
    app = "import streamlit as st\n\n\n@st.cache_data\ndef load():\n    return st.slider('n', 1, 9)  # rows\n"

    async def scenario():
        editor = Editor()
        await editor.start(server_command(), root)
        editor.open(uri, app)
        (widget,) = await editor.diagnostics(uri)
        offered = await editor.code_actions(uri, widget.range)
        assert [action.title for action in offered] == ["Ignore STC102 on this line"]  # STC102 has no fix
        silenced = apply(app, uri, offered[0].edit)
        assert silenced.splitlines()[5] == "    return st.slider('n', 1, 9)  # rows  # noqa: STC102"
        editor.change(uri, silenced)
        assert await editor.diagnostics(uri) == []
        assert await editor.stop() == 0

    run(scenario)


def test_an_unsafe_fix_is_offered_labelled_and_not_preferred(tmp_path):
    root = project(tmp_path)
    uri = (root / "app.py").as_uri()
    app = textwrap.dedent(
        """\
        import streamlit as st


        class Store:
            @st.cache_data
            def rows(self, n):
                return [self] * n
        """
    )

    async def scenario():
        editor = Editor()
        await editor.start(server_command(), root)
        editor.open(uri, app)
        (unhashable,) = await editor.diagnostics(uri)
        assert unhashable.code == "STC203" and unhashable.severity == types.DiagnosticSeverity.Error
        fix, ignore = await editor.code_actions(uri, unhashable.range)
        assert fix.title.endswith("(STC203) (unsafe fix: may change behaviour)") and not fix.is_preferred
        assert "def rows(_self, n):" in apply(app, uri, fix.edit) and "[_self] * n" in apply(app, uri, fix.edit)
        assert ignore.title == "Ignore STC203 on this line"
        everything = types.Range(types.Position(0, 0), types.Position(7, 0))
        assert await editor.code_actions(uri, everything, only=[actions.FIX_ALL]) == []  # safe fixes only
        assert await editor.stop() == 0

    run(scenario)


def test_fix_all_is_what_check_fix_writes(tmp_path):
    root = project(tmp_path)
    uri = (root / "app.py").as_uri()
    app = textwrap.dedent(
        """\
        import streamlit as st
        from streamlit import experimental_memo


        @st.cache(allow_output_mutation=True)
        def model():
            return {"weights": [1, 2]}


        @experimental_memo
        def table(n):
            return list(range(n))
        """
    )
    by_the_cli = subprocess.run(
        [str(BIN / "lint-cache"), "check", "--fix", "--stdin-filename", str(root / "app.py"), "-"],
        input=app,
        capture_output=True,
        text=True,
        cwd=root,
    ).stdout

    async def scenario():
        editor = Editor()
        await editor.start(server_command(), root)
        editor.open(uri, app)
        assert {d.code for d in await editor.diagnostics(uri)} == {"STC201", "STC202"}
        everything = types.Range(types.Position(0, 0), types.Position(12, 0))
        (fix_all,) = await editor.code_actions(uri, everything, only=[types.CodeActionKind.Source])
        assert fix_all.kind == actions.FIX_ALL == "source.fixAll.lint-cache"
        assert fix_all.title == "Fix all lint-cache problems"
        assert apply(app, uri, fix_all.edit) == by_the_cli != app
        assert await editor.code_actions(uri, everything, only=[types.CodeActionKind.Refactor]) == []
        assert await editor.stop() == 0

    run(scenario)


def test_a_configuration_change_lints_the_open_documents_again(tmp_path):
    root = project(tmp_path)
    uri = (root / "pages" / "1_🔥 Page.py").as_uri()  # quoted in the address: %F0%9F%94%A5%20
    app = "import streamlit as st\n\n\n@st.cache_data\ndef load():\n    return st.slider('n', 1, 9)\n"

    async def scenario():
        editor = Editor()
        await editor.start(server_command(), root)
        editor.open(uri, app)
        assert [d.code for d in await editor.diagnostics(uri)] == ["STC102"]
        (watching,) = [r for r in editor.registrations if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES]
        patterns = [watcher["globPattern"] for watcher in watching.register_options["watchers"]]
        assert patterns == list(WATCHED) and "**/requirements*.txt" in patterns and "**/uv.lock" in patterns

        editor.published.clear()
        project(root, 'streamlit-version = "1.67"\nignore = ["STC102"]')
        editor.client.workspace_did_change_watched_files(  # not a settings file: nothing to do
            types.DidChangeWatchedFilesParams(
                [types.FileEvent((root / "app.py").as_uri(), types.FileChangeType.Changed)]
            )
        )
        await asyncio.sleep(0.5)
        assert editor.published == []
        editor.client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                [types.FileEvent((root / "pyproject.toml").as_uri(), types.FileChangeType.Changed)]
            )
        )
        assert await editor.diagnostics(uri) == []

        editor.published.clear()
        project(root, 'streamlit-version = "1.67"\nunknown-key = 1')
        editor.client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                [types.FileEvent((root / "pyproject.toml").as_uri(), types.FileChangeType.Changed)]
            )
        )
        (problem,) = await editor.diagnostics(uri)
        assert problem.code is None and problem.severity == types.DiagnosticSeverity.Error
        assert "unknown key 'unknown-key'" in problem.message and "pyproject.toml" in problem.message
        assert await editor.code_actions(uri, problem.range) == []
        assert await editor.stop() == 0

    run(scenario)


def test_a_helper_module_that_changes_lints_the_documents_that_import_it_again(tmp_path):
    root = project(tmp_path)
    (root / "helpers.py").write_text("import streamlit as st\n\n\ndef pick():\n    return st.radio('n', [1, 2])\n")
    uri = (root / "app.py").as_uri()
    app = "import streamlit as st\n\nfrom helpers import pick\n\n\n@st.cache_data\ndef load():\n    return pick()\n"

    async def scenario():
        editor = Editor()
        await editor.start(server_command(), root)
        editor.open(uri, app)
        (finding,) = await editor.diagnostics(uri)
        assert finding.code == "STC102" and "via `pick()` in helpers.py" in finding.message
        editor.published.clear()
        (root / "helpers.py").write_text("def pick():\n    return 1\n")
        editor.client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                [types.FileEvent((root / "helpers.py").as_uri(), types.FileChangeType.Changed)]
            )
        )
        assert await editor.diagnostics(uri) == []
        assert await editor.stop() == 0

    run(scenario)


def test_a_widget_reached_through_a_helper_points_at_the_helpers_line(tmp_path):
    root = project(tmp_path)
    uri = (root / "2_📈 Charts.py").as_uri()
    app = textwrap.dedent(
        """\
        import streamlit as st


        def ask():
            return st.slider('n', 1, 9)


        @st.cache_data
        def load():
            return ask()
        """
    )

    async def scenario():
        editor = Editor()
        await editor.start(server_command(), root)
        editor.open(uri, app)
        (widget,) = await editor.diagnostics(uri)
        assert widget.code == "STC102" and widget.range == types.Range(types.Position(9, 11), types.Position(9, 16))
        (helper,) = widget.related_information
        assert helper.location.uri == uri
        assert helper.location.range == types.Range(types.Position(4, 11), types.Position(4, 31))
        assert helper.message == "`st.slider` in `ask()`"
        assert await editor.stop() == 0

    run(scenario)


def test_the_command_line_options_apply_to_every_document(tmp_path):
    uri = (tmp_path / "app.py").as_uri()
    app = "import streamlit as st\n\n\n@st.experimental_memo\ndef load():\n    return 1\n"

    async def scenario():
        editor = Editor()
        await editor.start(server_command("--streamlit-version", "1.30"), tmp_path)
        editor.open(uri, app)
        (deprecated,) = await editor.diagnostics(uri)
        assert deprecated.code == "STC202" and deprecated.severity == types.DiagnosticSeverity.Warning
        assert await editor.stop() == 0

    run(scenario)


# The real server with one fault put in: linting a document that says "boom" raises, as a bug would.
FAULTY_SERVER = """\
import sys
from lint_cache import engine
from lint_cache.frontends.cli import main

real_lint_text = engine.lint_text

def faulty_lint_text(text, *args, **kwargs):
    if "boom" in text:
        raise RuntimeError("a bug inside lint-cache")
    return real_lint_text(text, *args, **kwargs)

engine.lint_text = faulty_lint_text
sys.exit(main.main(sys.argv[1:]))
"""


def test_an_error_inside_lint_cache_is_logged_and_the_server_goes_on(tmp_path):
    root = project(tmp_path)
    broken, healthy = (root / "broken.py").as_uri(), (root / "healthy.py").as_uri()
    app = "import streamlit as st\n\n\n@st.cache_data\ndef load():\n    return st.slider('n', 1, 9)\n"

    async def scenario():
        editor = Editor()
        await editor.start([sys.executable, "-c", FAULTY_SERVER, *SERVER_COMMAND[1:]], root)
        editor.open(broken, app + "# boom\n")
        assert await editor.diagnostics(broken) == []
        (error,) = [message for message in editor.logged if message.type == types.MessageType.Error]
        assert broken in error.message and "RuntimeError: a bug inside lint-cache" in error.message
        assert await editor.code_actions(broken, types.Range(types.Position(0, 0), types.Position(6, 0))) == []
        editor.open(healthy, app)
        assert [d.code for d in await editor.diagnostics(healthy)] == ["STC102"]
        assert await editor.stop() == 0

    run(scenario)


def test_without_the_lsp_extra_the_server_says_what_to_install():
    without_pygls = (
        "import sys\nsys.modules['pygls'] = None\n"
        "from lint_cache.frontends.cli import main\nsys.exit(main.main(['server']))"
    )
    done = subprocess.run(
        [sys.executable, "-c", without_pygls], capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    assert done.returncode == 2
    assert "pip install 'lint-cache[lsp]'" in done.stderr and "Traceback" not in done.stderr


# Positions: columns in UTF-16 code units, lines broken only where LSP breaks them.


def test_positions_count_utf16_code_units():
    lines = Lines('x = "🎈"; y = 1\r\nz\x0cw = 2\n')
    assert lines.position(1, 10) == types.Position(0, 10)  # `y`, 9 characters in: the emoji is two code units
    assert lines.offset(types.Position(0, 10)) == 9
    assert lines.offset(types.Position(0, 6)) == 6  # inside the emoji's surrogate pair: after it
    assert lines.position(2, 3) == types.Position(1, 2)  # \x0c is not a line break for LSP
    assert lines.position_at(lines.text.index("w")) == types.Position(1, 2)
    assert code_units("🎈", types.PositionEncodingKind.Utf8) == 4
    assert Lines("🎈x", types.PositionEncodingKind.Utf32).position(1, 2) == types.Position(0, 1)


def test_an_edit_never_splits_a_crlf_line_break():
    lines = Lines("a = 1\r\nb = 2\r\n")
    edit = lines.edit_to("a = 1\r\n\r\nb = 2\r\n")
    assert apply_plain(lines.text, edit) == "a = 1\r\n\r\nb = 2\r\n"
    for position in (edit.range.start, edit.range.end):
        offset = lines.offset(position)
        assert not (lines.text[offset - 1 : offset] == "\r" and lines.text[offset : offset + 1] == "\n")


def apply_plain(text: str, edit: types.TextEdit) -> str:
    lines = Lines(text)
    return text[: lines.offset(edit.range.start)] + edit.new_text + text[lines.offset(edit.range.end) :]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("x = st.slider('n')", "x = st.slider('n')  # noqa: STC102"),
        ("x = st.slider('n')   ", "x = st.slider('n')  # noqa: STC102"),
        ("x = st.slider('n')  # noqa: E501", "x = st.slider('n')  # noqa: E501, STC102"),
        ("x = st.slider('n')  # why # NOQA:STC101", "x = st.slider('n')  # why # NOQA:STC101, STC102"),
        ("x = st.slider('#')  # type: ignore", "x = st.slider('#')  # type: ignore  # noqa: STC102"),
    ],
)
def test_noqa_edits(line, expected):
    text = f"{line}\ny = 1\n"
    assert apply_plain(text, actions.noqa_edit(Lines(text), 0, "STC102")).splitlines()[0] == expected


@pytest.mark.parametrize("text", ['x = st.markdown("""a\nb""")\n', "x = st.slider(\\\n    'n')\n"])
def test_no_noqa_where_a_comment_cannot_end_the_line(text):
    assert actions.noqa_edit(Lines(text), 0, "STC102") is None


def test_a_bad_option_is_an_error_before_the_server_starts():
    done = subprocess.run(
        server_command("--streamlit-version", "latest"), capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    assert done.returncode == 2 and "streamlit-version: 'latest' is not a version" in done.stderr


def test_requests_about_documents_never_opened_are_answered_without_reading_the_disk(tmp_path):
    # A FIFO named like a module: reading it would block the server's event loop for ever.
    root = project(tmp_path)
    fifo = root / "pipe.py"
    os.mkfifo(fifo)
    (root / "app.py").write_text(APP, encoding="utf-8")
    everywhere = types.Range(types.Position(0, 0), types.Position(9, 0))

    async def scenario():
        editor = Editor()
        await editor.start(server_command(), root)
        assert await editor.hover(fifo.as_uri(), types.Position(0, 0)) is None
        assert await editor.code_actions(fifo.as_uri(), everywhere) == []
        assert await editor.hover((root / "app.py").as_uri(), types.Position(5, 20)) is None  # on disk, not open
        assert await editor.stop() == 0

    run(scenario)


def test_a_document_that_is_not_python_is_not_linted(tmp_path):
    root = project(tmp_path)
    notes, app = (root / "notes.md").as_uri(), (root / "app.py").as_uri()

    async def scenario():
        editor = Editor()
        await editor.start(server_command(), root)
        editor.versions[notes] = 1
        editor.client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(notes, "markdown", 1, APP))
        )
        editor.open(app, APP)
        assert await editor.diagnostics(app)  # the Python document is linted ...
        assert [params for params in editor.published if params.uri == notes] == []  # ... the Markdown one not
        assert await editor.hover(notes, types.Position(5, 20)) is None
        assert await editor.stop() == 0

    run(scenario)


def test_diagnostics_of_a_closed_documents_old_text_are_not_published_after_a_reopen(tmp_path):
    root = project(tmp_path)
    app = (root / "app.py").as_uri()
    clean = "import streamlit as st\n\nst.write('hello')\n"

    async def scenario():
        editor = Editor()
        await editor.start(server_command(), root)
        editor.open(app, APP)
        editor.client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(app)))
        editor.open(app, clean)  # version 1 again, another text
        assert await editor.diagnostics(app) == []
        await asyncio.sleep(0.5)  # any late publication of the old text would arrive by now
        latest = [params for params in editor.published if params.uri == app][-1]
        assert list(latest.diagnostics) == []
        assert await editor.stop() == 0

    run(scenario)
