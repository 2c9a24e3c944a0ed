"""How many distinct values a widget can return, from its literal arguments (design §1.5).

A widget's count is exact when every argument it depends on is a literal (or absent, so that
Streamlit's default applies), "unknown" when an argument is computed (options from a DataFrame
column, bounds from a variable), and "unbounded" when the value set has no useful limit (text,
float number inputs, uploads).
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from typing import Any, Callable, Optional

import libcst as cst

from lint_cache.facts.meanings import Scope
from lint_cache.facts.static import COMPUTED as _COMPUTED
from lint_cache.facts.static import range_length, static_value
from lint_cache.knowledge import streamlit_api

EXACT = "exact"
UNKNOWN = "unknown"
UNBOUNDED = "unbounded"

_MISSING = object()  # an argument that was not passed: Streamlit's default applies


# Counts stop being exact above this: beyond it no cache bound or memory figure means anything, and
# the exact numbers can run to thousands of digits (a multiselect of 5,000 options).
MOST_COUNTED = 10**18


@dataclass(frozen=True)
class Count:
    status: str  # EXACT, UNKNOWN or UNBOUNDED
    value: Optional[int] = None  # for EXACT
    why: str = ""  # the arithmetic, or why it is not exact: "4 options + None", "(100 − 0) / 1 + 1"

    @property
    def exact(self) -> bool:
        return self.status == EXACT


def counted(value: int, why: str) -> Count:
    """An exact count, or unbounded when it is past MOST_COUNTED."""
    if value > MOST_COUNTED:
        return Count(UNBOUNDED, None, f"more than 10^18 values: {why}")
    return Count(EXACT, value, why)


def unknown(why: str) -> Count:
    return Count(UNKNOWN, None, why)


def unbounded(why: str) -> Count:
    return Count(UNBOUNDED, None, why)


class WidgetArguments:
    """A widget call's arguments by parameter name, evaluated as literals where possible."""

    def __init__(self, call: cst.Call, positional: tuple[str, ...], scope: Optional[Scope]):
        self.call = call
        self.scope = scope
        self.nodes: dict[str, cst.BaseExpression] = {}
        self.opaque = False  # *args or **kwargs: anything may be passed
        for index, arg in enumerate(call.args):
            if arg.star:
                self.opaque = True
            elif arg.keyword is not None:
                self.nodes[arg.keyword.value] = arg.value
            elif index < len(positional):
                self.nodes[positional[index]] = arg.value

    def get(self, name: str) -> Any:
        """The literal value of an argument, `_MISSING` when absent, `_COMPUTED` when not a literal."""
        node = self.nodes.get(name)
        if node is None:
            return _COMPUTED if self.opaque else _MISSING
        return static_value(node, self.scope)

    def label(self) -> str:
        """The label as written; a computed one as its code reads (`{title}`, `Day {i}`), else the key."""
        label = self.get("label")
        if isinstance(label, str):
            return label
        node = self.nodes.get("label")
        if isinstance(node, cst.FormattedString):
            return "".join(_code(part) for part in node.parts)
        if isinstance(node, (cst.Name, cst.Attribute)):
            return "{" + _code(node) + "}"
        key = self.get("key")
        if isinstance(key, (str, int)):
            return f"key={key!r}"
        return "?"


# -- the counts, one function per value space (streamlit_api.Widget.values) ------------------------


def label(widget: streamlit_api.Widget, call: cst.Call) -> str:
    """The widget's label as written (a variable as `{name}`), its key, or "?" when it has neither."""
    positional = streamlit_api.WIDGET_POSITIONAL_PARAMETERS.get(widget.name, ("label",))
    return WidgetArguments(call, positional, None).label()


def count(widget: streamlit_api.Widget, call: cst.Call, scope: Optional[Scope] = None) -> Count:
    counter = _COUNTERS.get(widget.values)
    if counter is None:
        return unknown(f"lint-cache cannot count {widget.name}'s values")
    positional = streamlit_api.WIDGET_POSITIONAL_PARAMETERS.get(widget.name, ("label",))
    return counter(WidgetArguments(call, positional, scope))


def _boolean(args: WidgetArguments) -> Count:
    return counted(2, "True or False")


def _no_value(args: WidgetArguments) -> Count:
    return counted(1, "holds no value of its own")


def _options(args: WidgetArguments) -> Optional[int]:
    options = args.get("options")
    if options is _MISSING:
        return 0
    if isinstance(options, (list, tuple, set, str)):
        return len(options)
    if isinstance(options, range):
        return options.stop - options.start if options.step == 1 else range_length(options)
    return None


def _counted_options(args: WidgetArguments) -> tuple[int, Optional[Count]]:
    """The number of options, or (0, the Count that says why there is no number)."""
    if args.get("accept_new_options") is True:
        return 0, unbounded("accept_new_options=True: any typed text")
    options = _options(args)
    if options is None:
        return 0, unknown("options are computed")
    return options, None


def _choice(args: WidgetArguments) -> Count:
    options, not_counted = _counted_options(args)
    if not_counted is not None:
        return not_counted
    if args.get("index") is None:
        return counted(options + 1, f"{options} options + None (index=None)")
    return counted(options, f"{options} options")


def _ordered_selections(options: int, most: int) -> int:
    """Σ_{k=0..m} n!/(n−k)!: selections keep the order in which they were clicked. Summed term by
    term and stopped past MOST_COUNTED."""
    total, term = 0, 1
    for picked in range(most + 1):
        total += term
        if total > MOST_COUNTED:
            break
        term *= options - picked
    return total


def _multichoice(args: WidgetArguments) -> Count:
    options, not_counted = _counted_options(args)
    if not_counted is not None:
        return not_counted
    most = args.get("max_selections")
    if most in (_MISSING, None):
        most = options
    elif not isinstance(most, int):
        return unknown("max_selections is computed")
    most = min(most, options)
    return counted(_ordered_selections(options, most), f"ordered picks of up to {most} of {options} options")


def _pills(args: WidgetArguments) -> Count:
    mode = args.get("selection_mode")
    if mode == "multi":
        return _multichoice(args)
    if mode not in (_MISSING, "single"):
        return unknown("selection_mode is computed")
    options, not_counted = _counted_options(args)
    if not_counted is not None:
        return not_counted
    return counted(options + 1, f"{options} options + None")


def _steps(low: Any, high: Any, step: Any) -> Optional[int]:
    """⌊(max − min) / step⌋ + 1, for numbers, dates and times."""
    try:
        span = high - low
        if isinstance(span, datetime.timedelta):
            return int(span / step) + 1
        return math.floor(span / step + 1e-9) + 1
    except (TypeError, ZeroDivisionError, OverflowError, ValueError):
        return None


def _range_of(count_: int) -> int:
    """Ranges (start ≤ end) over `count_` values: N(N+1)/2."""
    return count_ * (count_ + 1) // 2


def _slider(args: WidgetArguments) -> Count:
    values = [args.get(name) for name in ("min_value", "max_value", "value", "step")]
    if _COMPUTED in values:
        return unknown("bounds, value or step are computed")
    low, high, value, step = (None if item is _MISSING else item for item in values)
    is_range = isinstance(value, (list, tuple))
    samples = [item for item in (low, high, step, *(value if is_range else [value])) if item is not None]
    if any(isinstance(item, (datetime.date, datetime.time)) for item in samples):
        return _timelike_slider(low, high, value, step, is_range)
    if any(isinstance(item, float) for item in samples):
        defaults, kind = (0.0, 1.0, 0.01), "float"
    else:
        defaults, kind = (0, 100, 1), "int"
    low = defaults[0] if low is None else low
    high = defaults[1] if high is None else high
    step = defaults[2] if step is None else step
    for item in value if is_range else [value]:
        if item is not None:
            low, high = min(low, item), max(high, item)
    steps = _steps(low, high, step)
    if steps is None or steps <= 0:
        return unknown("bounds or step are not numbers")
    why = f"{kind} ({high} − {low}) / {step} + 1"
    if is_range:
        return counted(_range_of(steps), f"ranges of {steps}: {steps}·{steps + 1}/2")
    return counted(steps, why)


def _timelike_slider(low, high, value, step, is_range) -> Count:
    first = value[0] if is_range and value else value
    if low is None and high is None and step is None:
        # Defaults: dates ±14 days by day, times the whole day by 15 minutes.
        steps = 96 if isinstance(first, datetime.time) else 29
        why = "a day in 15-minute steps" if steps == 96 else "±14 days around the value"
    elif low is not None and high is not None and not isinstance(low, datetime.time):
        steps = _steps(low, high, step or datetime.timedelta(days=1))
        if steps is None:
            return unknown("bounds are not dates")
        why = f"{steps} steps from {low} to {high}"
    else:
        return unknown("partial date or time bounds")
    if is_range:
        return counted(_range_of(steps), f"{why}, ranges {steps}·{steps + 1}/2")
    return counted(steps, why)


def _select_slider(args: WidgetArguments) -> Count:
    options, not_counted = _counted_options(args)
    if not_counted is not None:
        return not_counted
    if isinstance(args.get("value"), (list, tuple)):
        return counted(_range_of(options), f"ranges over {options} options: {options}·{options + 1}/2")
    return counted(options, f"{options} options")


def _number(args: WidgetArguments) -> Count:
    values = [args.get(name) for name in ("min_value", "max_value", "value", "step")]
    if _COMPUTED in values:
        return unknown("bounds, value or step are computed")
    low, high, value, step = (None if item is _MISSING else item for item in values)
    if any(isinstance(item, float) for item in (low, high, value, step)):
        return unbounded("a float number input takes any number")
    if low is None or high is None:
        return unbounded("an int number input without both bounds takes any integer")
    steps = _steps(low, high, step or 1)
    if steps is None or steps <= 0:
        return unknown("bounds are not numbers")
    return counted(steps, f"int ({high} − {low}) / {step or 1} + 1")


def _date(args: WidgetArguments) -> Count:
    values = [args.get(name) for name in ("min_value", "max_value", "value")]
    if _COMPUTED in values:
        return unknown("bounds or value are computed")
    low, high, value = (None if item is _MISSING else item for item in values)
    is_range = isinstance(value, (list, tuple))
    if low is not None and high is not None:
        days = _steps(low, high, datetime.timedelta(days=1))
        if days is None:
            return unknown("bounds are not dates")
        why = f"{days} days from {low} to {high}"
    elif low is None and high is None and value is None:
        # Default: ten years either side of today. The exact count depends on today's leap days.
        today = datetime.date.today()
        days = (_years_later(today, 10) - _years_later(today, -10)).days + 1
        why = f"{days} days: ten years either side of today"
    else:
        return unknown("the date range depends on the value")
    if is_range:
        return counted(_range_of(days), f"{why}, ranges {days}·{days + 1}/2")
    return counted(days, why)


def _years_later(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _time(args: WidgetArguments) -> Count:
    step = args.get("step")
    if step is _COMPUTED:
        return unknown("step is computed")
    seconds = 900 if step is _MISSING else step.total_seconds() if isinstance(step, datetime.timedelta) else step
    if not isinstance(seconds, (int, float)) or seconds <= 0:
        return unknown("step is not a number of seconds")
    steps = 86400 / seconds
    if steps > MOST_COUNTED:
        return unbounded(f"a step of {seconds:g} s")
    steps = int(steps)
    return counted(steps, f"86400 s / {seconds:g} s = {steps}")


def _color(args: WidgetArguments) -> Count:
    return counted(16**6, "16^6 colours")


def _feedback(args: WidgetArguments) -> Count:
    options = args.get("options")
    if options in (_MISSING, "thumbs"):
        return counted(3, "thumbs up, down or None")
    if options in ("faces", "stars"):
        return counted(6, "5 choices or None")
    return unknown("options are computed")


def _unbounded(args: WidgetArguments) -> Count:
    return unbounded("any text, number, file or table")


def _unknown(args: WidgetArguments) -> Count:
    return unknown("its values cannot be counted from the source")


_COUNTERS: dict[str, Callable[[WidgetArguments], Count]] = {
    "boolean": _boolean,
    "none": _no_value,
    "choice": _choice,
    "multichoice": _multichoice,
    "pills": _pills,
    "slider": _slider,
    "select_slider": _select_slider,
    "number": _number,
    "date": _date,
    "time": _time,
    "color": _color,
    "feedback": _feedback,
    "unbounded": _unbounded,
    "unknown": _unknown,
}


def _code(node: cst.CSTNode) -> str:
    return _EMPTY_MODULE.code_for_node(node)


_EMPTY_MODULE = cst.Module(body=[])
