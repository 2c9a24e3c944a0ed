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
