"""`lint-cache estimate PATH ...`: how many results each cached function can store, and why.

Per cached function: the version semantics (widget replay or arguments only), each widget that
multiplies the results (label, line, number of values and the arithmetic), the combinations, the
bound that applies and, when an entry size is known, the memory.

The engine and the estimator are imported when the command runs, not when the CLI starts: every
`lint-cache check` builds this command's parser too.
"""

from __future__ import annotations

import argparse
import functools
import sys
import traceback
from typing import TYPE_CHECKING, Callable

from lint_cache import byte_sizes
from lint_cache.diagnostics import Diagnostic
from lint_cache.frontends import exit_codes, options, progress
from lint_cache.frontends.display import machine_json, path_text
from lint_cache.project import files
from lint_cache.settings import Settings

if TYPE_CHECKING:
    from lint_cache.blowup.estimator import Factor, FunctionEstimate

WIDTH = 100  # the table reads well in a terminal this wide


def register(commands) -> None:
    parser = commands.add_parser(
        "estimate",
        help="estimate cache blow-up",
        description="Estimate how many results each cached function can store, showing the arithmetic.",
    )
    parser.add_argument("paths", nargs="*", default=["."], metavar="PATH", help="files or folders (default: .)")
    options.add_to_parser(parser, selection=False)
    parser.add_argument(
        "--output-format",
        "--format",
        dest="format",
        choices=["table", "json"],
        default="table",
        help="output format (default: table); --format is an alias",
    )
    parser.set_defaults(run=lambda args: run(args, options.resolver_from(args)))


def run(args: argparse.Namespace, resolver) -> int:
    from lint_cache.engine import isolated_worthy, run_isolated

    paths, errors = files.discover(args.paths, excluded=resolver.excludes)
    records: list[dict] = []
    tables: list[str] = []
    for path in progress.shown(paths, len(paths), "estimating"):
        settings = resolver.settings_for(path)
        try:
            text, _ = files.read(path).decode()
        except files.UnreadableFile as error:
            errors.append(f"{path}: cannot read the file: {error}")
            continue
        work = functools.partial(_file_report, path, text, settings)
        try:
            # A large file is estimated in a child process, as `check` checks it (lint_cache.processes.isolation).
            outcome = run_isolated(work, path, settings) if isolated_worthy(text) else work()
        except Exception:  # a bug must not stop the report: it is named, with exit status 2
            errors.append(
                f"{path}: internal error, please report it with this file:\n{traceback.format_exc().rstrip()}"
            )
            continue
        if isinstance(outcome, list):  # the child failed: its STC001 says why
            outcome = ([], [], [_syntax_error_text(path, diagnostic) for diagnostic in outcome])
        file_records, file_tables, file_errors = outcome
        records += file_records
        tables += file_tables
        errors += file_errors
    if args.format == "json":
        sys.stdout.write(machine_json({"functions": records}, indent=2) + "\n")
    else:
        sys.stdout.write("\n".join(tables) if tables else "No cached functions found.\n")
    for error in errors:
        print(f"lint-cache: error: {error}", file=sys.stderr)
    return exit_codes.ERROR if errors else exit_codes.CLEAN


def _file_report(path: str, text: str, settings: Settings) -> tuple[list[dict], list[str], list[str]]:
    """One file's JSON records, tables and errors: plain data, so that it can come from a child process."""
    from lint_cache.engine import module_facts
    from lint_cache.source import deep_code

    facts, syntax_error = module_facts(text, path, settings)
    errors = [] if syntax_error is None else [_syntax_error_text(path, syntax_error)]
    if facts is None:
        return [], [], errors
    found, spans = deep_code.run_with_room(functools.partial(_estimates_with_spans, facts, text, settings))
    if not found:
        return [], [], errors
    records = [_record(path, estimate, spans, facts.module_name) for estimate in found]
    return records, [_table(path, estimate, spans, settings, facts.module_name) for estimate in found], errors


def _syntax_error_text(path: str, diagnostic: Diagnostic) -> str:
    return f"{path}:{diagnostic.line}:{diagnostic.column}: {diagnostic.message}"


def _estimates_with_spans(facts, text: str, settings: Settings) -> tuple[list[FunctionEstimate], dict]:
    from lint_cache.blowup.estimator import module_estimates
    from lint_cache.source import positions

    found = module_estimates(facts)
    nodes = [_function_place(estimate) for estimate in found]
    nodes += [factor.place for estimate in found for factor in _factors(estimate)]
    nodes += [site.call for estimate in found for site, _ in estimate.call_sites]
    return found, positions.spans(facts.module, text, nodes)


def _function_place(estimate: FunctionEstimate):
    """Where a function's row says it is: its `def` line, as `simulate` says (the decorator may span
    lines or sit above others); for another module's function, the first call in this file."""
    import libcst as cst  # parsed by now

    node = estimate.cached.node
    if estimate.defined_in is None and isinstance(node, cst.FunctionDef):
        return node.name
    return estimate.place


def _factors(estimate: FunctionEstimate) -> list[Factor]:
    return [*estimate.replay_factors, *(factor for _, factors in estimate.call_sites for factor in factors)]


def _record(path: str, estimate: FunctionEstimate, spans: dict, module_name: Callable[[str], str]) -> dict:
    results = estimate.results
    return {
        "name": estimate.cached.function.qualname,
        "path": path_text(path),
        "line": spans[_function_place(estimate)].start_line,
        # Another project module's file, for a function defined there; null: this file.
        "defined_in": module_name(estimate.defined_in) if estimate.defined_in is not None else None,
        "decorator": estimate.cached.cache.decorator,
        "semantics": estimate.semantics,
        "estimate": None if results.unbounded else results.value,
        "estimate_kind": _kind(results),
        "replay_combinations": None if estimate.replay.unbounded else estimate.replay.value,
        "argument_entries": None if estimate.arguments.unbounded else estimate.arguments.value,
        "factors": [
            {
                "source": "replay" if factor in estimate.replay_factors else "argument",
                "widget": factor.widget,
                "label": factor.label,
                "line": spans[factor.place].start_line,
                "values": factor.count.value,
                "status": factor.count.status,
                "why": factor.count.why,
                "times": factor.times,
                "conditional": factor.conditional,
                "parameter": factor.parameter,
            }
            for factor in _factors(estimate)
        ],
        "bounded_by": estimate.bound,
        "entry_size": estimate.entry_size,
        "memory": estimate.memory(),
    }


def _kind(product) -> str:
    if product.unbounded:
        return "unbounded"
    if product.value is None:
        return "unknown"
    return "at least" if product.lower_bound else "at most" if product.upper_bound else "exact"


def _table(
    path: str, estimate: FunctionEstimate, spans: dict, settings: Settings, module_name: Callable[[str], str]
) -> str:
    from lint_cache.blowup.estimator import REPLAY

    cached = estimate.cached
    line = spans[_function_place(estimate)].start_line
    if estimate.semantics == REPLAY:
        semantics = f"widget replay (Streamlit {settings.streamlit_version}, experimental_allow_widgets)"
    else:
        semantics = "arguments only"
    if cached.session_scoped(settings.streamlit_version):
        semantics += '; scope="session": a cache for each session, freed when the session ends'
    release = cached.cache.option("on_release")
    if release is not None:
        # on_release (1.53, cache_resource) is called with each value evicted, cleared or released.
        semantics += f"; on_release={_code(release)} is called with each value that leaves the cache"
    if estimate.defined_in is not None:
        semantics += f"; defined in {module_name(estimate.defined_in)}, counting the calls in this file"
    lines = [f"{path}:{line}  {cached.name}()  st.{cached.cache.decorator}, {semantics}"]
    if estimate.replay_factors:
        lines.append("  widgets replayed inside the function:")
        lines += _factor_rows(estimate.replay_factors, spans)
        lines.append(f"  results per argument set: {estimate.replay.text()}  (not bounded by max_entries)")
    for site, factors in estimate.call_sites:
        call_line = spans[site.call].start_line
        lines.append(f"  arguments from widgets at line {call_line}:")
        lines += _factor_rows(factors, spans)
    if estimate.call_sites:
        lines.append(f"  argument entries: {estimate.arguments.text()}")
    bound = estimate.bound or "nothing (no max_entries)"
    lines.append(f"  bounded by: {bound}")
    if not estimate.replay_factors and not estimate.call_sites:
        lines.append("  stored results: one per distinct set of arguments (no widget value reaches the key)")
    else:
        lines.append(f"  stored results: {estimate.results.text()}")
    memory = estimate.memory()
    if memory is not None:
        lines.append(f"  memory: about {memory} at {byte_sizes.format_size(estimate.entry_size)} per result")
    return "\n".join(lines) + "\n"


def _factor_rows(factors: list[Factor], spans: dict) -> list[str]:
    rows = []
    for factor in factors:
        values = f"{factor.count.value:,}" if factor.count.exact else factor.count.status
        if factor.times not in (None, 1):
            values += f" ×{factor.times}"
        elif factor.times is None:
            values += " ×?"
        label = factor.label if len(factor.label) <= 18 else factor.label[:17] + "…"
        branch = " (branch)" if factor.conditional else ""
        row = f"    {factor.widget:<13} {label:<18} line {spans[factor.place].start_line:<5} {values:>12}  "
        rows.append(row + _fit(factor.count.why + branch, WIDTH - len(row)))
    return rows


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def _code(node) -> str:
    """An expression as written, on one line."""
    import libcst as cst

    return " ".join(cst.Module([]).code_for_node(node).split())
