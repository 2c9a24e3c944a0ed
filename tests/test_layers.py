"""The package's imports run one way, down the layers of design §3, without a cycle: front ends over
the engine over the rules over the facts over the project, the source and the knowledge. The layer
order is data (`LAYERS` in tools/imports/graph.py, which prints what is wrong); imports inside
functions and for type checking count as much as the others."""

import importlib.util
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("import_graph", ROOT / "tools" / "imports" / "graph.py")
graph = sys.modules["import_graph"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(graph)

ARROWS = graph.arrows()


def test_no_import_cycle():
    components = graph.cycles(ARROWS)
    assert components == [], "\n".join(
        str(arrow) for arrow in ARROWS if any({arrow.importer, arrow.imported} <= set(c) for c in components)
    )


def test_no_import_against_the_layers():
    wrong = graph.against_layers(ARROWS)
    assert wrong == [], "\n".join(f"{direction}: {arrow}" for direction, arrow in wrong)


def test_every_module_is_in_a_layer():
    assert graph.unplaced() == []


def test_the_layers_name_only_modules_that_exist():
    known = graph.modules()
    assert [entry for layer in graph.LAYERS for entry in layer if entry not in known] == []


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / "pkg" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def test_every_kind_of_import_is_an_arrow(tmp_path):
    root = _package(
        tmp_path,
        {
            "__init__.py": "",
            "top.py": "from pkg.low import helpers\nimport pkg.low.deep as deep\n",
            "low/__init__.py": "from . import helpers\n",
            "low/helpers.py": """\
                from typing import TYPE_CHECKING

                from .deep import thing
                from .. import top_level

                if TYPE_CHECKING:
                    from pkg.top import Top

                def later():
                    from pkg import top
            """,
            "low/deep.py": "import os\n",
            "top_level.py": "",
        },
    )
    found = {(arrow.importer, arrow.imported, arrow.kind) for arrow in graph.arrows(root, "pkg")}
    assert found == {
        ("pkg.top", "pkg.low.helpers", ""),
        ("pkg.top", "pkg.low.deep", ""),
        ("pkg.low", "pkg.low.helpers", ""),
        ("pkg.low.helpers", "pkg.low.deep", ""),
        ("pkg.low.helpers", "pkg.top_level", ""),
        ("pkg.low.helpers", "pkg.top", graph.TYPE_CHECKING),
        ("pkg.low.helpers", "pkg.top", graph.IN_FUNCTION),
    }


def test_cycles_and_upward_arrows_are_found(tmp_path):
    root = _package(
        tmp_path,
        {
            "__init__.py": "",
            "a.py": "from pkg import b\n",
            "b.py": "def f():\n    from pkg import c\n",
            "c.py": "from pkg.a import x\n",
            "low/__init__.py": "",
            "low/one.py": "from pkg import a\n",
            "side.py": "from pkg.low import one\n",
        },
    )
    found = graph.arrows(root, "pkg")
    assert graph.cycles(found) == [["pkg.a", "pkg.b", "pkg.c"]]
    layers = (("pkg", "pkg.a", "pkg.b", "pkg.c"), ("pkg.side", "pkg.low"))
    wrong = [
        (direction, arrow.importer, arrow.imported) for direction, arrow in graph.against_layers(found, layers, "pkg")
    ]
    assert wrong == [
        ("sideways", "pkg.a", "pkg.b"),
        ("sideways", "pkg.b", "pkg.c"),
        ("sideways", "pkg.c", "pkg.a"),
        ("upward", "pkg.low.one", "pkg.a"),
        ("sideways", "pkg.side", "pkg.low.one"),
    ]
    assert graph.unplaced(layers[1:], root, "pkg") == ["pkg", "pkg.a", "pkg.b", "pkg.c"]
