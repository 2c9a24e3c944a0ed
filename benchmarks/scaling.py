"""How `check`'s time grows with each dimension of an app file: generated apps of growing size,
one dimension at a time, checked in this process (one core, no workers, no result cache). For each
dimension it prints the time at each size and the growth exponent between the smallest and the
largest: log(time ratio) / log(size ratio), 1.0 for time linear in the size, 2.0 for quadratic.
Used by bench.py (`--scaling`); needs no corpus.

The dimensions: cached functions (each with a widget and a call), calls of one cached function,
helpers one cached function calls, the depth of a chain of helpers, the depth of a chain of
helpers across the project's modules, and statements in one cached function's body.
"""

from __future__ import annotations

import math
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

HEADER = "import streamlit as st\n\n\n"


def cached_functions(size: int) -> dict[str, str]:
    blocks = [
        f'@st.cache_data\ndef load_{n}(x):\n    limit = st.slider("n{n}", 0, 10)\n    return x * limit\n\n\n'
        f"value_{n} = load_{n}({n})\n\n\n"
        for n in range(size)
    ]
    return {"app.py": HEADER + "".join(blocks)}


def calls(size: int) -> dict[str, str]:
    cached = "@st.cache_data\ndef load(x, y):\n    st.write(x)\n    return x + y\n\n\n"
    lines = [f'total_{n} = load(st.slider("n{n}", 0, 10), {n})\n' for n in range(size)]
    return {"app.py": HEADER + cached + "".join(lines)}


def helpers(size: int) -> dict[str, str]:
    defined = [f'def helper_{n}(x):\n    return st.slider("n{n}", 0, x)\n\n\n' for n in range(size)]
    used = "".join(f"    total += helper_{n}(x)\n" for n in range(size))
    cached = f"@st.cache_data\ndef load(x):\n    total = 0\n{used}    return total\n\n\n"
    return {"app.py": HEADER + "".join(defined) + cached + "load(3)\n"}


def helper_chain(size: int) -> dict[str, str]:
    defined = [f"def helper_{n}(x):\n    return helper_{n + 1}(x) + 1\n\n\n" for n in range(size)]
    last = f'def helper_{size}(x):\n    return st.slider("deep", 0, x)\n\n\n'
    cached = "@st.cache_data\ndef load(x):\n    return helper_0(x)\n\n\nload(3)\n"
    return {"app.py": HEADER + "".join(defined) + last + cached}


def module_chain(size: int) -> dict[str, str]:
    # Only the last module names Streamlit: the others are read because their imports lead to it.
    step = "from step_{next} import helper as next_helper\n\n\ndef helper(x):\n    return next_helper(x) + 1\n"
    files = {f"step_{n}.py": step.format(next=n + 1) for n in range(size)}
    files[f"step_{size}.py"] = 'import streamlit as st\n\n\ndef helper(x):\n    return st.slider("deep", 0, x)\n'
    cached = "@st.cache_data\ndef load(x):\n    return helper(x)\n\n\nload(3)\n"
    files["app.py"] = HEADER + "from step_0 import helper\n\n\n" + cached
    return files


def statements(size: int) -> dict[str, str]:
    body = "".join(f"    frame_{n} = frame.assign(column_{n}=frame['a'] * {n})\n" for n in range(size))
    widget = '    rows = st.slider("rows", 0, 10)\n'
    cached = f"@st.cache_data\ndef load(frame):\n{body}{widget}    return frame.head(rows)\n\n\n"
    return {"app.py": HEADER + cached + "load(None)\n"}


DIMENSIONS: dict[str, Callable[[int], dict[str, str]]] = {
    "cached functions": cached_functions,
    "calls of one cached function": calls,
    "helpers of one cached function": helpers,
    "chain of helpers (depth)": helper_chain,
    "chain across modules (depth)": module_chain,
    "statements in one body": statements,
}
SIZES = (100, 200, 400, 800)


@dataclass
class Growth:
    dimension: str
    seconds: dict[int, float]  # by size
    findings: dict[int, int]

    @property
    def exponent(self) -> float:
        small, large = min(self.seconds), max(self.seconds)
        return math.log(self.seconds[large] / self.seconds[small]) / math.log(large / small)

    def row(self) -> str:
        times = "  ".join(f"{size:>4}: {seconds * 1000:7.1f} ms" for size, seconds in sorted(self.seconds.items()))
        largest = max(self.findings)
        return (
            f"  {self.dimension:<32} {times}   exponent {self.exponent:4.2f}"
            f"   ({self.findings[largest]} findings at {largest})"
        )


def measure(sizes: tuple[int, ...] = SIZES, repeats: int = 3) -> list[Growth]:
    from lint_cache import engine
    from lint_cache.settings import Settings, parse_version

    settings = Settings(streamlit_version=parse_version("1.67"))
    growths = []
    for dimension, generate in DIMENSIONS.items():
        growth = Growth(dimension, {}, {})
        for size in sizes:
            folder = Path(tempfile.mkdtemp(prefix="lint-cache-scaling-"))
            try:
                for name, text in generate(size).items():
                    (folder / name).write_text(text)
                app = folder / "app.py"
                text = app.read_text()
                best = math.inf
                for _ in range(repeats):
                    engine.forget_project_modules()  # each run reads the project's modules afresh
                    started = time.perf_counter()
                    found = engine.check_file(text, str(app), settings)[0]
                    best = min(best, time.perf_counter() - started)
                growth.seconds[size], growth.findings[size] = best, len(found)
            finally:
                shutil.rmtree(folder, ignore_errors=True)
        growths.append(growth)
    return growths


def report(sizes: tuple[int, ...] = SIZES, repeats: int = 3) -> str:
    engine_warm_up()
    lines = [f"check's time by the size of one dimension of a generated app (best of {repeats}, one core):"]
    lines += [growth.row() for growth in measure(sizes, repeats)]
    lines.append("  (exponent: 1.0 is linear in the size, 2.0 quadratic; the goal is linear, <= 1.2)")
    return "\n".join(lines)


def engine_warm_up() -> None:
    """Import and run everything once, so that the first size does not pay for imports."""
    from lint_cache import engine
    from lint_cache.settings import Settings, parse_version

    app = HEADER + "@st.cache_data\ndef f(x):\n    return x\n"
    engine.check_file(app, "warm-up.py", Settings(parse_version("1.67")))


if __name__ == "__main__":
    print(report())
