"""`lint-cache server` against what editors and projects do to it besides typing: files created
under it, malformed requests, oversized messages, buffers too big to lint, bursts of edits and
editors that close. The real server, driven over stdio by pygls's client as in test_lsp.py."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams
from test_lsp import APP, WAIT, Editor, project, run, server_command


def test_a_helper_module_created_after_the_server_started_is_found(tmp_path):
    # The import is looked up (and not found) when the document is first linted; the module is
    # created afterwards, as when a helper is added while the app is open.
    root = project(tmp_path)
    uri = (root / "app.py").as_uri()
    app = "import streamlit as st\n\nfrom helpers import pick\n\n\n@st.cache_data\ndef load():\n    return pick()\n"

    async def scenario():
        editor = Editor()
        await editor.start(server_command(), root)
        editor.open(uri, app)
        assert await editor.diagnostics(uri) == []
        editor.published.clear()
        (root / "helpers.py").write_text("import streamlit as st\n\n\ndef pick():\n    return st.radio('n', [1, 2])\n")
        editor.client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                [types.FileEvent((root / "helpers.py").as_uri(), types.FileChangeType.Created)]
            )
        )
        (finding,) = await editor.diagnostics(uri)
        assert finding.code == "STC102" and "via `pick()` in helpers.py" in finding.message
        assert await editor.stop() == 0

    run(scenario)


def test_a_package_created_after_the_server_started_is_found(tmp_path):
    # `lib/` and its `__init__.py` appear: the folder and the file were both looked for before.
    root = project(tmp_path)
    uri = (root / "app.py").as_uri()
    app = "import streamlit as st\n\nfrom lib.widgets import pick\n\n\n@st.cache_data\ndef load():\n    return pick()\n"

    async def scenario():
        editor = Editor()
        await editor.start(server_command(), root)
        editor.open(uri, app)
        assert await editor.diagnostics(uri) == []
        editor.published.clear()
        (root / "lib").mkdir()
        (root / "lib" / "__init__.py").write_text("")
        (root / "lib" / "widgets.py").write_text(
            "import streamlit as st\n\n\ndef pick():\n    return st.radio('n', [1])\n"
        )
        editor.client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                [
                    types.FileEvent((root / "lib" / name).as_uri(), types.FileChangeType.Created)
                    for name in ("__init__.py", "widgets.py")
                ]
            )
        )
        (finding,) = await editor.diagnostics(uri)
        assert finding.code == "STC102" and "lib/widgets.py" in finding.message
        assert await editor.stop() == 0

    run(scenario)


def out_of_range(line: int, character: int) -> types.Position:
    """A position the protocol's types refuse (lsprotocol checks `uinteger`s), as a client can send it."""
    position = types.Position(0, 0)
    object.__setattr__(position, "line", line)
    object.__setattr__(position, "character", character)
    return position


def test_a_request_at_a_negative_position_is_answered_with_invalid_params(tmp_path):
    root = project(tmp_path)
    uri = (root / "app.py").as_uri()

    async def scenario():
        editor = Editor()
        await editor.start(server_command(), root)
        editor.open(uri, APP)
        assert await editor.diagnostics(uri)
        document = types.TextDocumentIdentifier(uri)
        for position in (out_of_range(-1, 0), out_of_range(0, -1)):
            requests = (
                editor.client.text_document_hover_async(types.HoverParams(document, position)),
                editor.client.text_document_code_action_async(
                    types.CodeActionParams(document, types.Range(position, position), types.CodeActionContext([]))
                ),
            )
            for request in requests:
                with pytest.raises(JsonRpcInvalidParams) as refused:
                    await asyncio.wait_for(request, WAIT)
                assert "should be in range" in refused.value.message and "-1" in refused.value.message
        assert await editor.hover(uri, types.Position(5, 25)) is not None  # and it goes on serving
        assert await editor.stop() == 0

    run(scenario)


async def closed_by_the_client(editor: Editor) -> tuple[int, str]:
    """The server's exit status and what it wrote on stderr, once the client closes its stdin."""
    server = editor.client._server
    server.stdin.close()
    status = await asyncio.wait_for(server.wait(), WAIT)
    stderr = (await server.stderr.read()).decode()
    await asyncio.wait_for(editor.client.stop(), WAIT)
    return status, stderr


async def logged(editor: Editor, words: str) -> types.LogMessageParams:
    """The first log message that holds `words`, once the server sends it."""

    async def arrived() -> types.LogMessageParams:
        while True:
            for message in editor.logged:
                if words in message.message:
                    return message
            editor.arrived.clear()
            await editor.arrived.wait()

    return await asyncio.wait_for(arrived(), WAIT)


@pytest.mark.parametrize(
    ("declared", "said"),
    [(b"1" + b"0" * 12, "1,000,000,000,000 bytes"), (b"9" * 5000, "5,000 digits")],
    ids=["1e12", "5000-digits"],
)
def test_a_message_declaring_a_terabyte_is_refused_with_a_log_message_and_no_traceback(tmp_path, declared, said):
    root = project(tmp_path)

    async def scenario():
        editor = Editor()
        await editor.start(server_command(), root)
        editor.client._server.stdin.write(b"Content-Length: " + declared + b"\r\n\r\n{")
        refused = await logged(editor, "--max-message-size")
        assert refused.type == types.MessageType.Error
        assert said in refused.message and "67,108,864 bytes" in refused.message  # 64 MiB, the default
        status, stderr = await closed_by_the_client(editor)  # the stream ends inside the declared body
        assert status == 1 and "Traceback" not in stderr and "MemoryError" not in stderr  # 1: no shutdown

    run(scenario)


def test_a_message_over_the_limit_is_skipped_and_the_server_goes_on(tmp_path):
    root = project(tmp_path)
    big, app = (root / "big.py").as_uri(), (root / "app.py").as_uri()

    async def scenario():
        editor = Editor()
        await editor.start(server_command("--max-message-size", "4KiB"), root)
        editor.open(big, APP + "\n" * 5000)
        refused = await logged(editor, "--max-message-size")
        assert "(4,096 bytes)" in refused.message
        editor.open(app, APP)
        assert {d.code for d in await editor.diagnostics(app)} == {"STC201", "STC102"}
        assert await editor.hover(app, types.Position(5, 25)) is not None
        assert [params for params in editor.published if params.uri == big] == []
        assert await editor.stop() == 0

    run(scenario)
