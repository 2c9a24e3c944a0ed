"""Benchmark lint-cache against the floor (libcst's parse) and the linters people already run.

    python benchmarks/bench.py --corpus DIR [--plain-corpus DIR] [--jobs N]
    python benchmarks/bench.py --lsp-latency [--lines N] [--changes N]

Measures, each in a fresh process: the text prefilter alone, libcst parsing every prefiltered
file (one core: the floor), `lint-cache check --no-cache` (cold), `lint-cache check` again (warm,
result cache), flake8 without and with the lint-cache plugin, and ruff with every rule if it is
installed. Prints wall time, files per second and peak memory, then the ratios the project aims
for. `--plain-corpus` (default: the standard library) is a large tree without Streamlit, on which
installing the flake8 plugin must cost next to nothing. This is a benchmark script, not a test:
it asserts nothing and its numbers depend on the machine.

`--lsp-latency` (no corpus; needs the `lsp` extra) measures instead how long `lint-cache server`
takes from a change of a generated app of `--lines` lines to its diagnostics, with pygls's client
over stdio (benchmarks/lsp_latency.py).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

BIN = Path(sys.executable).parent


@dataclass
class Measurement:
    name: str
    seconds: float
    files: int
    peak_mb: float

    def row(self) -> str:
        rate = self.files / self.seconds if self.seconds else float("inf")
        return f"{self.name:<40} {self.seconds:>8.2f} s {rate:>9,.0f} files/s {self.peak_mb:>8.0f} MB"


# Each measurement runs in a fresh interpreter that times its command and reports the largest
# resident set among the processes it waited for (workers included).
_TIMED = textwrap.dedent(
    """
    import json, resource, subprocess, sys, time
    command = json.loads(sys.argv[1])
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=json.loads(sys.argv[2]))
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    tail = done.stderr.decode()[-500:]
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "status": done.returncode, "stderr": tail}))
    """
)

_PREFILTER = textwrap.dedent(
    """
    import os, sys
    from lint_cache.project import files
    from lint_cache.source import prefilter
    paths, _ = files.discover([sys.argv[1]])
    kept = [path for path in paths if prefilter.may_cache_bytes(open(path, "rb").read())]
    print(len(kept))
    """
)

_PARSE = textwrap.dedent(
    """
    import sys
    import libcst
    from lint_cache.project import files
    from lint_cache.source import prefilter
    paths, _ = files.discover([sys.argv[1]])
    for path in paths:
        data = open(path, "rb").read()
        if prefilter.may_cache_bytes(data):
            try:
                libcst.parse_module(data)
            except Exception:
                pass
    """
)

# flake8 with every installed plugin except lint-cache's: the same environment, one plugin less.
_FLAKE8_WITHOUT_US = textwrap.dedent(
    """
    import sys
    from flake8.main import cli
    from flake8.plugins import finder
    found = finder._find_importlib_plugins
    finder._find_importlib_plugins = lambda: (plugin for plugin in found() if plugin.package != "lint-cache")
    sys.exit(cli.main(sys.argv[1:]))
    """
)


def measure(name: str, command: list[str], files: int, env: Optional[dict] = None) -> Measurement:
    environment = dict(os.environ, **(env or {}))
    output = subprocess.run(
        [sys.executable, "-c", _TIMED, json.dumps(command), json.dumps(environment)],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(output.stdout)
    if result["status"] not in (0, 1):
        raise SystemExit(f"{name}: exit status {result['status']}\n{result['stderr']}")
    return Measurement(name, result["seconds"], files, result["peak_mb"])


def python_files(folder: Path) -> int:
    found = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\nfrom lint_cache.project import files\nprint(len(files.discover([sys.argv[1]])[0]))",
            folder,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(found.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="a folder of Streamlit apps")
    parser.add_argument(
        "--plain-corpus",
        type=Path,
        default=Path(sysconfig.get_paths()["stdlib"]),
        help="a large folder without Streamlit, for the flake8 plugin's overhead (default: the standard library)",
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="lint-cache's --jobs")
    parser.add_argument(
        "--lsp-latency", action="store_true", help="measure the language server's change-to-diagnostics latency"
    )
    parser.add_argument("--lines", type=int, default=500, help="with --lsp-latency: the app's length (default 500)")
    parser.add_argument("--changes", type=int, default=50, help="with --lsp-latency: edits to time (default 50)")
    args = parser.parse_args()
    if args.lsp_latency:
        import lsp_latency  # beside this script; imports pygls

        print(lsp_latency.measure([str(BIN / "lint-cache"), "server"], args.lines, args.changes))
        return 0
    if args.corpus is None:
        parser.error("--corpus is required (or --lsp-latency)")

    total = python_files(args.corpus)
    candidates = int(
        subprocess.run(
            [sys.executable, "-c", _PREFILTER, args.corpus], capture_output=True, text=True, check=True
        ).stdout
    )
    print(f"corpus {args.corpus}: {total:,} Python files, {candidates:,} mention Streamlit and a cache decorator")
    print(f"{os.cpu_count()} cores, lint-cache --jobs {args.jobs}\n")

    cache = tempfile.mkdtemp(prefix="lint-cache-bench-")
    quiet = ["--exit-zero", "--statistics", "--streamlit-version", "1.67"]
    results: dict[str, Measurement] = {}
    try:
        steps = [
            ("prefilter", [sys.executable, "-c", _PREFILTER, str(args.corpus)], total, None),
            ("libcst parse, one core (floor)", [sys.executable, "-c", _PARSE, str(args.corpus)], candidates, None),
            (
                "lint-cache check --no-cache (cold)",
                [str(BIN / "lint-cache"), "check", str(args.corpus), "--no-cache", "--jobs", str(args.jobs), *quiet],
                total,
                None,
            ),
            (
                "lint-cache check (fill the cache)",
                [str(BIN / "lint-cache"), "check", str(args.corpus), "--jobs", str(args.jobs), *quiet],
                total,
                {"XDG_CACHE_HOME": cache},
            ),
            (
                "lint-cache check (warm)",
                [str(BIN / "lint-cache"), "check", str(args.corpus), "--jobs", str(args.jobs), *quiet],
                total,
                {"XDG_CACHE_HOME": cache},
            ),
            (
                "flake8 without lint-cache",
                [sys.executable, "-c", _FLAKE8_WITHOUT_US, "--exit-zero", "-q", str(args.corpus)],
                total,
                None,
            ),
            ("flake8 with lint-cache", [str(BIN / "flake8"), "--exit-zero", "-q", str(args.corpus)], total, None),
        ]
        ruff = shutil.which("ruff") or (str(BIN / "ruff") if (BIN / "ruff").exists() else None)
        if ruff:
            steps.append(
                (
                    "ruff --select ALL",
                    [ruff, "check", "--select", "ALL", "--no-cache", "--exit-zero", "-q", str(args.corpus)],
                    total,
                    None,
                )
            )
        plain = python_files(args.plain_corpus)
        steps += [
            (
                "plain tree: flake8 without lint-cache",
                [sys.executable, "-c", _FLAKE8_WITHOUT_US, "--exit-zero", "-q", str(args.plain_corpus)],
                plain,
                None,
            ),
            (
                "plain tree: flake8 with lint-cache",
                [str(BIN / "flake8"), "--exit-zero", "-q", str(args.plain_corpus)],
                plain,
                None,
            ),
        ]
        for name, command, files, env in steps:
            results[name] = measure(name, command, files, env)
            print(results[name].row(), flush=True)
    finally:
        shutil.rmtree(cache, ignore_errors=True)

    def ratio(a: str, b: str) -> str:
        return f"{results[a].seconds / results[b].seconds:.2f}x"

    cold = "lint-cache check --no-cache (cold)"
    print("\nratios (goal in brackets)")
    print(f"  cold lint-cache / flake8 (default plugins)      {ratio(cold, 'flake8 without lint-cache')}  [<= 0.25x]")
    if ruff:
        print(f"  cold lint-cache / ruff --select ALL             {ratio(cold, 'ruff --select ALL')}  [<= 2x]")
    print(f"  warm / cold lint-cache                          {ratio('lint-cache check (warm)', cold)}  [<= 0.2x]")
    print(f"  cold lint-cache / libcst parse on one core      {ratio(cold, 'libcst parse, one core (floor)')}")
    plugin = ratio("plain tree: flake8 with lint-cache", "plain tree: flake8 without lint-cache")
    print(f"  plain tree: flake8 with / without lint-cache    {plugin}  [<= 1.15x]")
    print(f"  peak memory of cold lint-cache (largest process) {results[cold].peak_mb:.0f} MB  [< 300 MB]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
