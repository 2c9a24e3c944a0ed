"""lint_cache.source.positions gives exactly libcst PositionProvider's ranges, for less work."""

from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from lint_cache.source.positions import spans

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted([*ROOT.glob("examples/*.py"), *ROOT.glob("tests/cases/*.py"), *ROOT.glob("tests/fixes/*.py")])


class _AllNodes(cst.CSTVisitor):
    def __init__(self):
        self.nodes = []

    def on_visit(self, node):
        if not isinstance(node, cst.Module):  # never reported; its end is a special case
            self.nodes.append(node)
        return True


@pytest.mark.parametrize("source", SOURCES, ids=[path.name for path in SOURCES])
def test_spans_equal_position_provider_for_every_node(source):
    text = source.read_text(encoding="utf-8")
    module = cst.parse_module(text)
    collector = _AllNodes()
    module.visit(collector)
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    found = spans(module, text, collector.nodes)
    for node in collector.nodes:
        where = expected[node]
        span = found[node]
        assert (span.start_line, span.start_column, span.end_line, span.end_column) == (
            where.start.line,
            where.start.column,
            where.end.line,
            where.end.column,
        ), f"{type(node).__name__} in {source.name}"


def test_crlf_and_tabs():
    text = "import streamlit as st\r\n\r\n@st.cache_data\r\ndef f():\r\n\tst.write(1)\r\n"
    module = cst.parse_module(text)
    call = module.body[1].body.body[0].body[0].value
    (span,) = spans(module, text, [call]).values()
    assert (span.start_line, span.start_column, span.end_line, span.end_column) == (5, 1, 5, 12)
