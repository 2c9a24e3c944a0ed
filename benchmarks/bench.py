"""Benchmark lint-cache against the floor (libcst's parse) and the linters people already run.

    python benchmarks/bench.py --corpus DIR [--dense DIR] [--one-file FILE] [--plain-corpus DIR]
                               [--jobs N] [--repeats N] [--no-lsp]
    python benchmarks/bench.py --lsp-latency [--lines N] [--changes N]
    python benchmarks/bench.py --scaling

Measures, each in a fresh process, on the benchmark corpus: the text prefilter alone, libcst
parsing every prefiltered file (one core: the floor), `lint-cache check --no-cache` (cold),
`lint-cache check` again (warm, result cache), flake8 without lint-cache and with its plugin (a
first run and a second over the unchanged tree, each with its own empty cache folder), and ruff
with every rule if it is installed. Then the same flake8 runs (medians of 5) on a dense app tree (`--dense`,
default: the corpus folder with most files that mention a cache decorator), the analysis against
the parse in one process on that tree, the one-file case (`--one-file`, default: the dense tree's
caching file nearest 134 lines; medians of `--repeats` paired runs), flake8 with and without the
plugin on a large tree without Streamlit (`--plain-corpus`, default: the standard library), and the
language server's change-to-diagnostics latency (needs the `lsp` extra; `--no-lsp` skips it).
Prints wall time, files per second and peak memory, then the ratios the project aims for, with
each goal in brackets. This is a benchmark script, not a test: it asserts nothing and its numbers
depend on the machine; run it on a quiet one.

`--scaling` alone (no corpus) measures how check's time grows with each dimension of a generated
app (cached functions, calls, helpers, chain depth in a module and across modules, statements):
the time at each size and the growth exponent (benchmarks/scaling.py); the full run ends with it
too (`--no-scaling` skips it).

`--lsp-latency` alone (no corpus) measures only the language server: how long `lint-cache server`
takes from a change of a generated app of `--lines` lines to its diagnostics, with pygls's client
over stdio (benchmarks/lsp_latency.py).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
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
        return f"{self.name:<44} {self.seconds:>8.2f} s {rate:>9,.0f} files/s {self.peak_mb:>8.0f} MB"


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


# The analysis against the parse, in one process and on one core, so that start-up, imports and
# workers are left out: libcst parsing the caching files, then `check_file` on every file (which
# parses them again, reads the project's helper modules and runs every rule). Best of three each,
# alternated, after a first check has imported everything.
_ANALYSIS = textwrap.dedent(
    """
    import json, sys, time
    import libcst
    from lint_cache import engine
    from lint_cache.project import files
    from lint_cache.settings import Settings, parse_version
    from lint_cache.source import prefilter
    paths, _ = files.discover([sys.argv[1]])
    texts = [(str(path), open(path, "rb").read().decode("utf-8", "surrogateescape")) for path in paths]
    caching = [text for _, text in texts if prefilter.may_cache(text)]
    settings = Settings(streamlit_version=parse_version(sys.argv[2]))
    engine.check_file(caching[0], "warm-up.py", settings)
    parse, check = [], []
    for _ in range(3):
        started = time.perf_counter()
        for text in caching:
            try:
                libcst.parse_module(text)
            except Exception:
                pass
        parse.append(time.perf_counter() - started)
        engine.forget_project_modules()
        started = time.perf_counter()
        for path, text in texts:
            engine.check_file(text, path, settings)
        check.append(time.perf_counter() - started)
    print(json.dumps({"files": len(texts), "caching": len(caching), "parse": min(parse), "check": min(check)}))
    """
)

VERSION = "1.67"  # every lint-cache run checks as this release, so that runs compare


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


def python_script(script: str, *arguments: object) -> str:
    done = subprocess.run(
        [sys.executable, "-c", script, *map(str, arguments)], capture_output=True, text=True, check=True
    )
    return done.stdout


def python_files(folder: Path) -> list[Path]:
    listed = python_script(
        "import sys\nfrom lint_cache.project import files\nprint(*files.discover([sys.argv[1]])[0], sep='\\n')", folder
    )
    return [Path(line) for line in listed.splitlines()]


def caching_files(folder: Path) -> list[Path]:
    listed = python_script(_PREFILTER.replace("print(len(kept))", "print(*kept, sep='\\n')"), folder)
    return [Path(line) for line in listed.splitlines()]


def densest_folder(corpus: Path) -> Path:
    """The corpus's top-level folder with most caching files: an app repository's tree."""
    counts: dict[Path, int] = {}
    for path in caching_files(corpus):
        top = corpus / path.resolve().relative_to(corpus.resolve()).parts[0]
        if top.is_dir():
            counts[top] = counts.get(top, 0) + 1
    return max(counts, key=lambda folder: (counts[folder], str(folder)))


def typical_app_file(folder: Path, lines: int = 134) -> Path:
    """The caching file whose length is nearest `lines` (the one-file case: a save, a commit)."""

    def distance(path: Path) -> tuple[int, str]:
        return abs(len(path.read_bytes().splitlines()) - lines), str(path)

    return min(caching_files(folder), key=distance)


class Bench:
    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.results: dict[str, Measurement] = {}
        self.ruff = shutil.which("ruff") or (str(BIN / "ruff") if (BIN / "ruff").exists() else None)
        self.folders: list[str] = []

    def run(self, name: str, command: list[str], files: int, env: Optional[dict] = None) -> Measurement:
        self.results[name] = measure(name, command, files, env)
        print(self.results[name].row(), flush=True)
        return self.results[name]

    def cache_home(self) -> dict:
        """A fresh, empty cache folder (`XDG_CACHE_HOME`) for lint-cache's result cache."""
        folder = tempfile.mkdtemp(prefix="lint-cache-bench-")
        self.folders.append(folder)
        return {"XDG_CACHE_HOME": folder}

    def check(self, *arguments: str) -> list[str]:
        return [str(BIN / "lint-cache"), "check", *arguments, "--exit-zero", "--streamlit-version", VERSION]

    def flake8_runs(self, label: str, folder: Path, files: int, repeats: int = 1) -> None:
        """flake8 alone, then with the plugin twice over the same (new) cache folder: a first and a
        second run; `repeats` times, in turn, each figure the median (a tree of a second or two is
        at the mercy of one slow run)."""
        without = [sys.executable, "-c", _FLAKE8_WITHOUT_US, *_QUIET, str(folder)]
        flake8 = [str(BIN / "flake8"), *_QUIET, f"--streamlit-version={VERSION}", str(folder)]
        names = [f"{label}flake8 without lint-cache", f"{label}flake8 with lint-cache (first run)"]
        names.append(f"{label}flake8 with lint-cache (second run)")
        runs: dict[str, list[Measurement]] = {name: [] for name in names}
        for _ in range(repeats):
            cache = self.cache_home()
            for name, command, env in zip(names, (without, flake8, flake8), (None, cache, cache)):
                runs[name].append(measure(name, command, files, env))
        for name, measured in runs.items():
            seconds = statistics.median(run.seconds for run in measured)
            self.results[name] = Measurement(name, seconds, files, max(run.peak_mb for run in measured))
            print(self.results[name].row(), flush=True)

    def corpus(self, corpus: Path) -> None:
        total = len(python_files(corpus))
        candidates = len(caching_files(corpus))
        print(f"benchmark corpus {corpus}: {total:,} Python files, {candidates:,} mention a cache decorator")
        self.run("prefilter", [sys.executable, "-c", _PREFILTER, str(corpus)], total)
        self.run("libcst parse, one core (floor)", [sys.executable, "-c", _PARSE, str(corpus)], candidates)
        self.run(
            "lint-cache check --no-cache (cold)", self.check(str(corpus), "--no-cache", "--jobs", str(self.jobs)), total
        )
        cache = self.cache_home()
        self.run("lint-cache check (fill the cache)", self.check(str(corpus), "--jobs", str(self.jobs)), total, cache)
        self.run("lint-cache check (warm)", self.check(str(corpus), "--jobs", str(self.jobs)), total, cache)
        self.flake8_runs("", corpus, total)
        if self.ruff:
            self.run(
                "ruff --select ALL",
                [self.ruff, "check", "--select", "ALL", "--no-cache", "--exit-zero", "-q", str(corpus)],
                total,
            )

    def dense(self, dense: Path) -> None:
        total = len(python_files(dense))
        analysis = json.loads(python_script(_ANALYSIS, dense, VERSION))
        print(f"\ndense app tree {dense}: {total:,} Python files, {analysis['caching']:,} mention a cache decorator")
        self.flake8_runs("dense: ", dense, total, repeats=5)
        self.analysis = analysis
        print(
            f"{'dense: in one process, libcst parse':<44} {analysis['parse']:>8.2f} s"
            f"\n{'dense: in one process, whole check':<44} {analysis['check']:>8.2f} s",
            flush=True,
        )

    def one_file(self, path: Path, repeats: int) -> None:
        lines = len(path.read_bytes().splitlines())
        print(f"\none file {path} ({lines} lines), medians of {repeats} paired runs")
        cache = self.cache_home()
        flake8_cache = self.cache_home()
        steps = {
            "one file: flake8 without lint-cache": (
                [sys.executable, "-c", _FLAKE8_WITHOUT_US, *_QUIET, str(path)],
                None,
            ),
            "one file: lint-cache check --no-cache": (self.check("--no-cache", str(path)), None),
            "one file: lint-cache check (warm)": (self.check(str(path)), cache),
            "one file: flake8 with lint-cache (warm)": (
                [str(BIN / "flake8"), *_QUIET, f"--streamlit-version={VERSION}", str(path)],
                flake8_cache,
            ),
        }
        for command, env in steps.values():  # fill the caches; start-up files into the page cache
            measure("fill", command, 1, env)
        runs: dict[str, list[Measurement]] = {name: [] for name in steps}
        for _ in range(repeats):
            for name, (command, env) in steps.items():
                runs[name].append(measure(name, command, 1, env))
        for name, measured in runs.items():
            seconds = statistics.median(run.seconds for run in measured)
            self.results[name] = Measurement(name, seconds, 1, max(run.peak_mb for run in measured))
            print(self.results[name].row(), flush=True)

    def plain(self, plain: Path) -> None:
        total = len(python_files(plain))
        print(f"\nplain tree {plain}: {total:,} Python files")
        self.run(
            "plain: flake8 without lint-cache", [sys.executable, "-c", _FLAKE8_WITHOUT_US, *_QUIET, str(plain)], total
        )
        self.run(
            "plain: flake8 with lint-cache",
            [str(BIN / "flake8"), *_QUIET, f"--streamlit-version={VERSION}", str(plain)],
            total,
            self.cache_home(),
        )

    def ratios(self) -> None:
        r = self.results

        def ratio(a: str, b: str) -> float:
            return r[a].seconds / r[b].seconds

        cold = "lint-cache check --no-cache (cold)"
        lines = [
            (
                "one file: lint-cache check / flake8",
                ratio("one file: lint-cache check (warm)", "one file: flake8 without lint-cache"),
                "<= 1.5x",
            ),
            (
                "one file: check --no-cache / flake8",
                ratio("one file: lint-cache check --no-cache", "one file: flake8 without lint-cache"),
                "<= 1.5x",
            ),
            (
                "one file: flake8 with / without plugin",
                ratio("one file: flake8 with lint-cache (warm)", "one file: flake8 without lint-cache"),
                "<= 1.5x",
            ),
            (
                "dense: flake8 with plugin, first run",
                ratio("dense: flake8 with lint-cache (first run)", "dense: flake8 without lint-cache"),
                "<= 1.5x",
            ),
            (
                "dense: flake8 with plugin, second run",
                ratio("dense: flake8 with lint-cache (second run)", "dense: flake8 without lint-cache"),
                "<= 1.1x",
            ),
            ("dense: whole check / libcst parse", self.analysis["check"] / self.analysis["parse"], "<= 1.2x"),
            (
                "corpus: flake8 with plugin, first run",
                ratio("flake8 with lint-cache (first run)", "flake8 without lint-cache"),
                "<= 1.5x",
            ),
            (
                "corpus: flake8 with plugin, second run",
                ratio("flake8 with lint-cache (second run)", "flake8 without lint-cache"),
                "<= 1.1x",
            ),
            ("corpus: cold check / flake8", ratio(cold, "flake8 without lint-cache"), "<= 0.25x"),
        ]
        if "ruff --select ALL" in r:
            lines.append(("corpus: cold check / ruff --select ALL", ratio(cold, "ruff --select ALL"), "<= 1.5x"))
        lines += [
            ("corpus: warm / cold check", ratio("lint-cache check (warm)", cold), "<= 0.1x"),
            ("corpus: cold check / libcst parse, one core", ratio(cold, "libcst parse, one core (floor)"), "no goal"),
            (
                "plain: flake8 with / without plugin",
                ratio("plain: flake8 with lint-cache", "plain: flake8 without lint-cache"),
                "<= 1.15x",
            ),
        ]
        print("\nratios (goal in brackets)")
        for name, value, goal in lines:
            print(f"  {name:<46} {value:5.2f}x  [{goal}]")
        print(f"  {'corpus: peak memory of cold check':<46} {r[cold].peak_mb:5.0f} MB  [<= 150 MB]")


_QUIET = ["--exit-zero", "-q"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="the benchmark corpus: a folder of Streamlit app repositories")
    parser.add_argument("--dense", type=Path, help="an app repository dense with Streamlit (default: from the corpus)")
    parser.add_argument("--one-file", type=Path, help="one app file (default: from the dense tree)")
    parser.add_argument(
        "--plain-corpus",
        type=Path,
        default=Path(sysconfig.get_paths()["stdlib"]),
        help="a large folder without Streamlit, for the flake8 plugin's overhead (default: the standard library)",
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="lint-cache's --jobs")
    parser.add_argument("--repeats", type=int, default=15, help="paired runs of the one-file case (default 15)")
    parser.add_argument("--no-lsp", action="store_true", help="skip the language server's latency")
    parser.add_argument("--no-scaling", action="store_true", help="skip the growth with each dimension of a file")
    parser.add_argument(
        "--scaling", action="store_true", help="measure only how check's time grows with each dimension of a file"
    )
    parser.add_argument(
        "--lsp-latency", action="store_true", help="measure only the language server's change-to-diagnostics latency"
    )
    parser.add_argument("--lines", type=int, default=500, help="language server: the app's length (default 500)")
    parser.add_argument("--changes", type=int, default=50, help="language server: edits to time (default 50)")
    args = parser.parse_args()
    if args.lsp_latency:
        print(lsp_report(args.lines, args.changes))
        return 0
    if args.scaling:
        print(scaling_report())
        return 0
    if args.corpus is None:
        parser.error("--corpus is required (or --lsp-latency)")
    dense = args.dense or densest_folder(args.corpus)
    one_file = args.one_file or typical_app_file(dense)
    print(f"{os.cpu_count()} cores, lint-cache --jobs {args.jobs}, Streamlit {VERSION}\n")
    bench = Bench(args.jobs)
    try:
        bench.corpus(args.corpus)
        bench.dense(dense)
        bench.one_file(one_file, args.repeats)
        bench.plain(args.plain_corpus)
    finally:
        for folder in bench.folders:
            shutil.rmtree(folder, ignore_errors=True)
    if not args.no_lsp:
        print()
        print(lsp_report(args.lines, args.changes))
    if not args.no_scaling:
        print()
        print(scaling_report())
    bench.ratios()
    return 0


def scaling_report() -> str:
    """benchmarks/scaling.py's report, from a fresh interpreter."""
    script = Path(__file__).with_name("scaling.py")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    return done.stdout.rstrip() if done.returncode == 0 else f"scaling: failed\n{done.stderr[-2000:]}"


def lsp_report(lines: int, changes: int) -> str:
    try:
        import lsp_latency  # beside this script; imports pygls
    except ImportError as error:
        return f"language server: not measured ({error.name} is not installed: pip install '.[lsp]')"
    return lsp_latency.measure([str(BIN / "lint-cache"), "server"], lines, changes)


if __name__ == "__main__":
    sys.exit(main())
