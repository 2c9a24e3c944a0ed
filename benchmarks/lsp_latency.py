"""Change-to-diagnostics latency of `lint-cache server`, measured as an editor sees it: pygls's
client starts the server over stdio, opens a generated Streamlit app of the given length, then
sends one edit at a time (the whole buffer, as the server asks) and times each until the
diagnostics for that version arrive. Needs the `lsp` extra; no corpus. Used by bench.py.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

# One block of a typical app: a cached loader with a widget inside (STC102) and a toast (STC106),
# a cached resource, a helper, and page code. 25 lines.
_BLOCK = '''\
@st.cache_data(ttl=600)
def load_{n}(path, limit):
    """Rows of table {n}."""
    frame = pd.read_csv(path)
    st.write("loaded", len(frame))
    rows = st.slider("Rows {n}", 1, 100, 10)
    st.toast("table {n} ready")
    return frame.head(min(rows, limit))


@st.cache_resource
def client_{n}():
    return {{"name": "table {n}", "retries": 3}}


def summary_{n}(frame):
    columns = [column for column in frame.columns if not column.startswith("_")]
    return {{column: frame[column].count() for column in columns}}


frame_{n} = load_{n}("data/table_{n}.csv", LIMIT)
st.header("Table {n}")
st.dataframe(frame_{n})
st.json(summary_{n}(frame_{n}))

'''
_HEADER = "import pandas as pd\nimport streamlit as st\n\nLIMIT = 50\n\n\n"


def app(lines: int) -> str:
    parts = [_HEADER]
    counted = _HEADER.count("\n")  # each part ends with a line break: its lines are its breaks
    n = 0
    while counted < lines:
        parts.append(_BLOCK.format(n=n))
        counted += parts[-1].count("\n")
        n += 1
    return "\n".join("".join(parts).splitlines()[:lines]) + "\n"


async def _measure(command: list[str], lines: int, changes: int) -> dict:
    client = LanguageClient("lint-cache-bench", "1")
    arrived: dict[int, float] = {}
    counts: dict[int, int] = {}
    new_version = asyncio.Event()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: types.PublishDiagnosticsParams) -> None:
        arrived[params.version] = time.perf_counter()
        counts[params.version] = len(params.diagnostics)
        new_version.set()

    async def diagnostics_of(version: int) -> None:
        while version not in arrived:
            new_version.clear()
            await asyncio.wait_for(new_version.wait(), 60)

    with tempfile.TemporaryDirectory(prefix="lint-cache-lsp-bench-") as folder:
        root = Path(folder)
        (root / "pyproject.toml").write_text('[tool.lint-cache]\nstreamlit-version = "1.67"\n', encoding="utf-8")
        uri = (root / "app.py").as_uri()
        await client.start_io(*command, cwd=folder)
        await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities()))
        client.initialized(types.InitializedParams())
        text = app(lines)
        opened = time.perf_counter()
        client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "python", 1, text)))
        await diagnostics_of(1)
        first = arrived[1] - opened
        latencies = []
        for version in range(2, changes + 2):
            # Typing in the middle of the file: one character of a widget's label changes.
            text = text.replace(f'"Rows {version % 10}', f'"Rows {version % 10}x', 1)
            sent = time.perf_counter()
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    types.VersionedTextDocumentIdentifier(version, uri),
                    [types.TextDocumentContentChangeWholeDocument(text)],
                )
            )
            await diagnostics_of(version)
            latencies.append(arrived[version] - sent)
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()
    return {"first": first, "latencies": latencies, "diagnostics": counts[changes + 1]}


def measure(command: list[str], lines: int = 500, changes: int = 50) -> str:
    """The report: latency on open and per change (median, 95th percentile, worst)."""
    result = asyncio.run(_measure(command, lines, changes))
    latencies = sorted(result["latencies"])
    p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]
    return (
        f"lint-cache server, {lines}-line app with {result['diagnostics']} findings, {changes} changes\n"
        f"  open to diagnostics     {result['first'] * 1000:7.1f} ms\n"
        f"  change to diagnostics   median {statistics.median(latencies) * 1000:.1f} ms, "
        f"95th percentile {p95 * 1000:.1f} ms, worst {latencies[-1] * 1000:.1f} ms  [<= 100 ms]"
    )
