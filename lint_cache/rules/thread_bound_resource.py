"""STC212 thread-bound-resource: a shared cached result that only the thread which made it may use.

`st.cache_resource` (and `experimental_singleton`, `st.cache(allow_output_mutation=True)`) hands the
one object it made to every later run, and Streamlit runs each session's reruns on script threads of
their own (ScriptRunner.scriptThread, `runtime/scriptrunner/script_runner.py`). An
object bound to its thread, like a sqlite3 connection made without `check_same_thread=False`, then
raises on the next run (`sqlite3.ProgrammingError`). The factories are data in
`knowledge/resource_types.py`.
"""

from __future__ import annotations

from typing import Iterator

from lint_cache.diagnostics import ERROR, Finding
from lint_cache.facts import ModuleFacts, literal_value
from lint_cache.knowledge import resource_types
from lint_cache.settings import Settings

CODE = "STC212"
NAME = "thread-bound-resource"
SUMMARY = "A cache_resource returns an object bound to the thread that made it (sqlite3 without check_same_thread)"
SEVERITY = ERROR

_UNSET = object()


def check(facts: ModuleFacts, settings: Settings) -> Iterator[Finding]:
    version = settings.streamlit_version
    for cached in facts.cached_functions:
        if not cached.shares_result(version):
            continue
        for returned in cached.returned_calls:
            module, _, name = (returned.callee or "").partition(".")
            bound = resource_types.THREAD_BOUND_FACTORIES.get(module, {}).get(name.rpartition(".")[2])
            if bound is None:
                continue
            what, keyword, unbound = bound
            given = next(
                (arg.value for arg in returned.call.args if arg.keyword and arg.keyword.value == keyword), None
            )
            if given is not None and literal_value(given, default=_UNSET) in (unbound, _UNSET):
                continue  # lifted, or set from a value we cannot read: no finding on a guess
            yield Finding(
                returned.call,
                f"cached `{cached.name}()` returns {what} made without `{keyword}={unbound}`: other sessions and later "
                "reruns run on other script threads, where using the shared object raises sqlite3.ProgrammingError; "
                "pass "
                f"`{keyword}={unbound}` (and serialize writes), or open the connection in each run",
            )
