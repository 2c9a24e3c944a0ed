"""Cache blow-up estimates: how many results a cached function can store (design §1.4, §1.5).

Two things multiply a function's stored results:
- widget replay (1.15–1.37 with the opt-in): every combination of the values of the widgets its
  body runs is another result, inside each argument entry, and `max_entries` does not bound them;
- widget values passed as arguments (every version): every combination reaching the hashed
  parameters is another entry, bounded by `max_entries` (and `max_size` from 1.67).
"""

from __future__ import annotations

import math
import re
import sys
from dataclasses import dataclass, field
from typing import Optional

import libcst as cst

from lint_cache import byte_sizes
from lint_cache.blowup import cardinality
from lint_cache.blowup.cardinality import Count
from lint_cache.facts import CachedFunction, ModuleFacts, literal_value
from lint_cache.facts.flows import CallSite
from lint_cache.facts.static import COMPUTED, static_value
from lint_cache.knowledge import streamlit_api
from lint_cache.settings import Settings

REPLAY = "widget replay"
ARGUMENTS = "arguments"

_ENTRY_SIZE_COMMENT = re.compile(r"lint-cache:\s*entry-size\s*=\s*(\S+)")


@dataclass(frozen=True)
class Factor:
    """One widget that multiplies the stored results."""

    widget: str  # "slider"
    label: str
    call: cst.Call
    count: Count
    times: Optional[int] = 1  # how often it runs per call (loops); None: unknown
    conditional: bool = False  # a branch decides whether it runs
    parameter: Optional[str] = None  # for argument factors: the parameter it feeds
    # Where it is reported: the call in the linted module that leads to the widget (which may be
    # in a helper of another module); None: the widget's own call.
    anchor: Optional[cst.CSTNode] = None

    @property
    def place(self) -> cst.CSTNode:
        return self.anchor if self.anchor is not None else self.call

    def describe(self) -> str:
        """`slider "Rows" 101`, `checkbox "Show" 2^3` (in a loop of 3), `slider "n" (101+1)` in a branch."""
        value = f"{self.count.value:,}" if self.count.exact else self.count.status
        if self.conditional and self.count.exact:
            value = f"({value}+1)"
        if self.times not in (None, 1) and self.count.exact:
            value = f"{value}^{self.times}"
        return f'{self.widget} "{self.label}" {value}'


@dataclass(frozen=True)
class Product:
    """Π of the factors: exact, a lower bound (some factors unknown) or unbounded."""

    value: Optional[int]  # None when some factor is unknown and no bound is known
    unbounded: bool = False
    lower_bound: bool = False  # the value leaves out unknown factors
    upper_bound: bool = False  # branches or computed arguments: at most this

    def exceeds(self, limit: int) -> bool:
        return self.unbounded or (self.value is not None and self.value > limit)

    def text(self) -> str:
        if self.unbounded:
            return "unbounded"
        if self.value is None:
            return "unknown"
        if self.value > cardinality.MOST_COUNTED:
            return "more than 10^18"
        qualifier = "at least " if self.lower_bound else "up to " if self.upper_bound else ""
        return f"{qualifier}{self.value:,}"


@dataclass
class FunctionEstimate:
    cached: CachedFunction
    semantics: str  # REPLAY or ARGUMENTS
    replay_factors: list[Factor] = field(default_factory=list)
    call_sites: list[tuple[CallSite, list[Factor]]] = field(default_factory=list)
    replay: Product = Product(1)
    arguments: Product = Product(1)
    bound: Optional[str] = None  # "max_entries=32": what bounds the argument entries
    max_entries: Optional[int] = None
    entry_size: Optional[int] = None  # bytes
    # Every result is None, a boolean, a number or a short string (its returns say so): however many
    # entries, they take little memory, so no blow-up is reported.
    tiny_entries: bool = False
    # The module that defines the function, when it is another of the project's: then the estimate
    # counts only this module's calls, and is reported at the first of them.
    defined_in: Optional[str] = None

    @property
    def place(self) -> cst.CSTNode:
        """Where the estimate is reported in the linted module: the decorator, or the first call."""
        return self.call_sites[0][0].call if self.defined_in is not None else self.cached.cache.node

    @property
    def results(self) -> Product:
        """Results stored at most: argument entries (after the bound) × replay combinations."""
        entries = self.arguments
        if self.max_entries is not None and not (entries.value is not None and entries.value <= self.max_entries):
            entries = Product(self.max_entries, upper_bound=True)
        return _multiply([entries, self.replay])

    def memory(self) -> Optional[str]:
        results = self.results
        if self.entry_size is None or results.value is None or results.unbounded:
            return None
        return byte_sizes.format_size(results.value * self.entry_size)


def module_estimates(facts: ModuleFacts) -> list[FunctionEstimate]:
    """`estimates` under the module's own settings, computed once for the rules that read them."""
    return facts.derived(_under_own_settings)


def _under_own_settings(facts: ModuleFacts) -> list[FunctionEstimate]:
    return estimates(facts, facts.settings)


def estimates(facts: ModuleFacts, settings: Settings) -> list[FunctionEstimate]:
    """The estimate of every cached function of the module, then of each cached function of another
    project module that this module calls with widget values."""
    found = [_estimate(facts, cached, settings) for cached in facts.cached_functions]
    own = {cached.function for cached in facts.cached_functions}
    for function in facts.call_sites:
        if function in own or function.module in (None, facts.scan.path):
            continue
        estimate = _estimate(facts, CachedFunction(function, []), settings, replay=False)
        if estimate.call_sites:
            estimate.defined_in = function.module
            found.append(estimate)
    return found


def _estimate(facts: ModuleFacts, cached: CachedFunction, settings: Settings, replay: bool = True) -> FunctionEstimate:
    version = settings.streamlit_version
    replays = replay and cached.replays_widgets(version)
    estimate = FunctionEstimate(cached, REPLAY if replays else ARGUMENTS)
    if replays:
        estimate.replay_factors = [
            Factor(
                widget.name,
                cardinality.label(widget, effect.call),
                effect.call,
                cardinality.count(widget, effect.call, effect.scope),
                effect.repeat,
                effect.conditional,
                anchor=effect.anchor,
            )
            for effect, widget in cached.widget_effects
            if effect.call is not None
        ]
        estimate.replay = _product(estimate.replay_factors)
    for site in facts.call_sites.get(cached.function, []):
        factors = _argument_factors(site)
        if factors:
            estimate.call_sites.append((site, factors))
    if estimate.call_sites:
        per_site = [
            _product(factors, exact=all(argument.exact for argument in site.arguments))
            for site, factors in estimate.call_sites
        ]
        estimate.arguments = _sum(per_site)
    estimate.max_entries, estimate.bound = _bound(cached, version, settings)
    estimate.entry_size = _entry_size(cached) or settings.entry_size
    tiny = _tiny_result_size(cached)
    if tiny is not None:
        estimate.tiny_entries = True
        estimate.entry_size = estimate.entry_size or tiny
    return estimate


def _argument_factors(site: CallSite) -> list[Factor]:
    """One factor per distinct widget reaching a hashed parameter of the call."""
    factors: dict[cst.Call, Factor] = {}
    for argument in site.arguments:
        for source in sorted(argument.sources, key=lambda source: cardinality.label(source.widget, source.call)):
            if source.call not in factors:
                factors[source.call] = Factor(
                    source.widget.name,
                    cardinality.label(source.widget, source.call),
                    source.call,
                    cardinality.count(source.widget, source.call, source.scope),
                    parameter=argument.parameter,
                )
    return list(factors.values())


def _product(factors: list[Factor], exact: bool = True) -> Product:
    total, unknown, upper = 1, False, not exact
    for factor in factors:
        if factor.count.status == cardinality.UNBOUNDED:
            return Product(None, unbounded=True)
        if not factor.count.exact or factor.times is None:
            unknown = True
            continue
        # A widget that runs only in some branches can also be missing from a widget-replay key
        # (design §1.4: the key covers every widget the function has ever created): one more state.
        values = factor.count.value + 1 if factor.conditional else factor.count.value
        total = _capped(total * _capped_power(values, factor.times))
        upper = upper or factor.conditional
    if unknown:
        return Product(total if total > 1 else None, lower_bound=total > 1 or total > MOST)
    return Product(total, lower_bound=total > MOST, upper_bound=upper and total <= MOST)


MOST = cardinality.MOST_COUNTED  # products stop here: "at least 10^18" says all there is to say


def _capped(value: int) -> int:
    return min(value, MOST + 1)


def _capped_power(base: int, exponent: int) -> int:
    if base <= 1:
        return base
    if exponent * math.log10(base) > 19:  # past the cap whatever the exact value
        return MOST + 1
    return base**exponent


def _multiply(products: list[Product]) -> Product:
    if any(product.unbounded for product in products):
        return Product(None, unbounded=True)
    if any(product.value is None for product in products):
        return Product(None)
    total = 1
    for product in products:
        total = _capped(total * product.value)
    return Product(
        total,
        lower_bound=total > MOST or any(product.lower_bound for product in products),
        upper_bound=any(product.upper_bound for product in products),
    )


def _sum(products: list[Product]) -> Product:
    """Entries from several call sites: at most the sum (the same key may come from two sites)."""
    if any(product.unbounded for product in products):
        return Product(None, unbounded=True)
    if any(product.value is None for product in products):
        return Product(None)
    total = _capped(sum(product.value for product in products))
    return Product(
        total,
        lower_bound=total > MOST or any(product.lower_bound for product in products),
        upper_bound=len(products) > 1 or any(product.upper_bound for product in products),
    )


def _bound(cached: CachedFunction, version, settings: Settings) -> tuple[Optional[int], Optional[str]]:
    """What bounds the number of argument entries: max_entries, or max_size (cache_data, 1.67), or the
    server's budget over every cache_data entry (`server.maxCacheDataSize`, 1.67)."""
    scope = cached.function.defining_scope
    entries = cached.cache.option("max_entries")
    value = static_value(entries, scope) if entries is not None else None
    if isinstance(value, int) and not isinstance(value, bool):
        return value, f"max_entries={value}"
    size = cached.cache.option("max_size")
    supports_size = streamlit_api.CACHE_OPTIONS["max_size"].accepted(cached.cache.decorator, version)
    value = static_value(size, scope) if size is not None else COMPUTED
    if value is not COMPUTED and value is not None and supports_size:
        return None, f"max_size={value}" + (" per session" if cached.session_scoped(version) else "")
    budget = settings.cache_data_budget
    if budget and cached.behaves_as(version) == "cache_data" and version >= streamlit_api.SERVER_CACHE_DATA_BUDGET:
        return None, f"server.maxCacheDataSize = {settings.cache_data_budget_source}, over every cache_data entry"
    return None, None


# A string result this short or shorter is a tiny entry.
TINY_STRING = 64
_NOT_LITERAL = object()


def _tiny_result_size(cached: CachedFunction) -> Optional[int]:
    """The size in bytes of the largest result, when every `return` gives None, a boolean, a number
    or a short string (a function without a return gives None); None when any result may be more."""
    node = cached.node
    if not isinstance(node, cst.FunctionDef) or cached.is_async:
        return None
    largest = sys.getsizeof(None)
    if cached.suspends_with:
        return None
    for inner in cached.own_statements.get(cst.Return, []):
        if inner.value is None:
            continue
        value = literal_value(inner.value, default=_NOT_LITERAL)
        small = isinstance(value, (bool, int, float, type(None))) or (
            isinstance(value, (str, bytes)) and len(value) <= TINY_STRING
        )
        if not small:
            return None
        largest = max(largest, sys.getsizeof(value))
    return largest


def _entry_size(cached: CachedFunction) -> Optional[int]:
    """`# lint-cache: entry-size=100MB` on a decorator line."""
    node = cached.node
    decorators = node.decorators if isinstance(node, cst.FunctionDef) else ()
    for decorator in decorators:
        comment = decorator.trailing_whitespace.comment
        match = _ENTRY_SIZE_COMMENT.search(comment.value) if comment is not None else None
        if match:
            try:
                return byte_sizes.parse_size(match.group(1))
            except ValueError:
                return None
    return None
