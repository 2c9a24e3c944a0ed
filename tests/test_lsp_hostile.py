"""`lint-cache server` against what editors and projects do to it besides typing: files created
under it, malformed requests, oversized messages, buffers too big to lint, bursts of edits and
editors that close. The real server, driven over stdio by pygls's client as in test_lsp.py."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams, JsonRpcRequestCancelled
from test_lsp import APP, WAIT, Editor, project, run, server_command

from lint_cache import byte_sizes
from lint_cache.frontends.lsp import transport


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


# Buffers that take lint-cache seconds and hundreds of megabytes: the benchmark's generated app.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from lsp_latency import app as generated_app  # noqa: E402

LONG_TO_LINT = generated_app(10_000)  # 260,000 characters, 800 findings: about 2 s to lint
# A lint that is surely still running well past ABANDON_AFTER on a fast machine (about 6 s).
LONGER_TO_LINT = generated_app(30_000)


def children(pid: int) -> set[int]:
    """The processes whose parent is `pid`, as /proc tells."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def gone(pid: int) -> bool:
    """Whether the process has ended (a zombie nobody waits for has ended too)."""
    try:
        stat = (Path("/proc") / str(pid) / "stat").read_text()
    except OSError:
        return True
    return stat.rpartition(")")[2].split()[0] == "Z"


def limit_address_space() -> None:
    """In the server's process, before it starts: 800 MiB of address space, which the server
    needs a fraction of but linting a 520,000-character buffer exceeds."""
    import resource  # Unix only

    resource.setrlimit(resource.RLIMIT_AS, (800 * 1024**2, 800 * 1024**2))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is enforced on Linux")
def test_a_buffer_too_big_for_the_memory_limit_gives_stc001_and_the_server_goes_on(tmp_path):
    root = project(tmp_path)
    big, app = (root / "big.py").as_uri(), (root / "app.py").as_uri()

    async def scenario():
        editor = Editor()
        await editor.start(server_command(), root, preexec_fn=limit_address_space)
        editor.open(big, generated_app(20_000))
        (refused,) = await editor.diagnostics(big)
        assert refused.code == "STC001" and refused.range.start == types.Position(0, 0)
        assert "needs more than" in refused.message and "LINT_CACHE_MAX_MEMORY" in refused.message
        (told,) = [message for message in editor.logged if big in message.message]
        assert told.type == types.MessageType.Warning and "needs more than" in told.message
        # Hover answers from that lint: linting the buffer again in the server would kill it.
        assert "STC001" in (await editor.hover(big, types.Position(0, 1))).contents.value
        editor.open(app, APP)
        assert {d.code for d in await editor.diagnostics(app)} == {"STC201", "STC102"}
        assert await editor.hover(app, types.Position(5, 25)) is not None
        assert await editor.stop() == 0

    run(scenario)


def test_requests_about_other_documents_are_answered_while_a_long_lint_runs(tmp_path):
    root = project(tmp_path)
    big, app = (root / "big.py").as_uri(), (root / "app.py").as_uri()

    async def scenario():
        editor = Editor()
        await editor.start(server_command(), root)
        editor.open(app, APP)
        legacy = next(d for d in await editor.diagnostics(app) if d.code == "STC201")
        editor.open(big, LONGER_TO_LINT)
        await asyncio.sleep(0.5)  # the long lint has begun
        started = time.monotonic()
        assert await editor.hover(app, types.Position(5, 25)) is not None
        assert await editor.code_actions(app, legacy.range)  # its fix comes from the worker, between lints
        answered = time.monotonic() - started
        assert not [params for params in editor.published if params.uri == big]  # still linting
        assert answered < 1.0
        assert await editor.stop() == 0

    run(scenario)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_exit_during_long_lints_is_prompt_and_leaves_no_process_behind(tmp_path):
    root = project(tmp_path)
    big = (root / "big.py").as_uri()

    async def scenario():
        editor = Editor()
        await editor.start(server_command(), root)
        editor.open(big, LONG_TO_LINT)
        for label in ("Rows 1", "Rows 2", "Rows 3"):  # each a version that takes as long
            editor.change(big, LONG_TO_LINT.replace(label, label + "x", 1))
        await asyncio.sleep(0.5)
        workers = children(editor.client._server.pid)
        started = time.monotonic()
        assert await editor.stop() == 0
        assert time.monotonic() - started < 2.0  # not the 20 s the four versions' lints take
        assert len(workers) == 2 and all(gone(worker) for worker in workers)  # one lints, one makes fixes

    run(scenario)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_workers_end_when_the_server_is_killed(tmp_path):
    root = project(tmp_path)
    uri = (root / "app.py").as_uri()

    async def scenario():
        editor = Editor()
        await editor.start(server_command(), root)
        editor.open(uri, APP)
        assert await editor.diagnostics(uri)
        server = editor.client._server
        workers = children(server.pid)
        assert len(workers) == 2
        server.kill()  # as an editor or the OOM killer does: no handler runs
        await asyncio.wait_for(server.wait(), WAIT)
        for _ in range(50):
            if all(gone(worker) for worker in workers):
                break
            await asyncio.sleep(0.1)
        assert all(gone(worker) for worker in workers)
        await asyncio.wait_for(editor.client.stop(), WAIT)

    run(scenario)


def test_a_long_lint_overtaken_by_an_edit_is_abandoned(tmp_path):
    root = project(tmp_path)
    uri = (root / "app.py").as_uri()

    async def scenario():
        editor = Editor()
        await editor.start(server_command(), root)
        editor.open(uri, LONGER_TO_LINT)
        await asyncio.sleep(1.5)  # longer than ABANDON_AFTER into a lint of about 6 s
        changed = time.monotonic()
        editor.change(uri, APP)  # the whole buffer replaced
        assert {d.code for d in await editor.diagnostics(uri)} == {"STC201", "STC102"}
        assert time.monotonic() - changed < 2.0
        assert [params.version for params in editor.published if params.uri == uri] == [2]
        assert await editor.stop() == 0

    run(scenario)


def test_a_burst_of_changes_is_linted_for_its_last_version_only(tmp_path):
    root = project(tmp_path)
    uri = (root / "app.py").as_uri()

    async def scenario():
        editor = Editor()
        await editor.start(server_command(), root)
        editor.open(uri, APP)
        await editor.diagnostics(uri)
        editor.published.clear()
        for count in range(20):
            editor.change(uri, APP + "\n" * count + "x = 1\n")
        assert {d.code for d in await editor.diagnostics(uri)} == {"STC201", "STC102"}
        await asyncio.sleep(0.3)
        versions = [params.version for params in editor.published if params.uri == uri]
        # Each publish is for the version current when its lint ended, so they only go up and end
        # at the last; how many versions arrived while one lint ran depends on the machine (2 cores
        # under load published 6), but a version overtaken before its lint began is never linted.
        assert versions == sorted(set(versions)) and versions[-1] == 21
        assert len(versions) < 20  # not 20 lints, one after another
        assert await editor.stop() == 0

    run(scenario)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_code_action_request_the_client_cancels_leaves_the_fixing_worker_alone(tmp_path):
    # Editors cancel code action requests as the cursor moves; the fix being made goes on, and
    # the worker keeps the project's modules and trees it has read.
    root = project(tmp_path)
    uri = (root / "app.py").as_uri()
    text = generated_app(3_000) + "\n\n" + APP.replace("import streamlit as st\n", "")  # ~1.5 s to lint

    async def scenario():
        editor = Editor()
        await editor.start(server_command(), root)
        editor.open(uri, text)
        legacy = next(d for d in await editor.diagnostics(uri) if d.code == "STC201")
        workers = children(editor.client._server.pid)
        params = types.CodeActionParams(types.TextDocumentIdentifier(uri), legacy.range, types.CodeActionContext([]))
        cancelled = editor.client.protocol.send_request_async(types.TEXT_DOCUMENT_CODE_ACTION, params, msg_id="moved")
        await asyncio.sleep(0.3)  # the fixing worker is linting the text for its fixes
        editor.client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id="moved"))
        with pytest.raises(JsonRpcRequestCancelled):
            await asyncio.wait_for(cancelled, WAIT)
        assert children(editor.client._server.pid) == workers
        offered = await editor.code_actions(uri, legacy.range)
        assert any(action.is_preferred and "STC201" in action.title for action in offered)
        assert await editor.stop() == 0

    run(scenario)


def test_the_help_states_the_default_message_limit():
    shown = subprocess.run(server_command("--help"), capture_output=True, text=True, stdin=subprocess.DEVNULL).stdout
    assert "64MiB (the default)" in " ".join(shown.split())
    assert byte_sizes.parse_size("64MiB") == transport.MAX_MESSAGE_BYTES
