"""`lint-cache server` against what editors and projects do to it besides typing: files created
under it, malformed requests, oversized messages, buffers too big to lint, bursts of edits and
editors that close. The real server, driven over stdio by pygls's client as in test_lsp.py."""

from __future__ import annotations

from lsprotocol import types
from test_lsp import Editor, project, run, server_command


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
