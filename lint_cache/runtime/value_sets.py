"""Finite value sets of widgets, computed from the arguments a widget is called with.

Sets are lazy: a date_input spans thousands of days and a color_picker 16^6 colors, and
`--enumerate` only iterates a set after checking the product of the sizes against --max-runs.
"""

from __future__ import annotations

import itertools
import math
from typing import Any, Callable, Iterator, Sequence


class ValueSet:
    """A finite set of values a widget can return, in the order enumeration visits them."""

    def size(self) -> int:
        raise NotImplementedError

    def __iter__(self) -> Iterator[Any]:
        raise NotImplementedError

    def __contains__(self, value: Any) -> bool:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError


class Choices(ValueSet):
    def __init__(self, values: Sequence[Any]) -> None:
        self.values = tuple(values)

    def size(self) -> int:
        return len(self.values)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.values)

    def __contains__(self, value: Any) -> bool:
        return any(value is choice or same_value(value, choice) for choice in self.values)

    def describe(self) -> str:
        return ", ".join(repr(value) for value in self.values[:6]) + (", ..." if len(self.values) > 6 else "")


class Grid(ValueSet):
    """`start + k * step` for k in 0..count-1: slider positions, days, times of day."""

    def __init__(self, start: Any, step: Any, count: int, convert: Callable[[Any], Any] = lambda value: value) -> None:
        self.start = start
        self.step = step
        self.count = max(count, 0)
        self.convert = convert

    def size(self) -> int:
        return self.count

    def __getitem__(self, index: int) -> Any:
        return self.convert(self.start + self.step * index)

    def __iter__(self) -> Iterator[Any]:
        return (self[index] for index in range(self.count))

    def __contains__(self, value: Any) -> bool:
        try:
            position = (self.unconvert(value) - self.start) / self.step
        except TypeError:
            return False
        index = round(position)
        return (
            0 <= index < self.count and math.isclose(position, index, abs_tol=1e-9) and same_value(self[index], value)
        )

    def unconvert(self, value: Any) -> Any:
        return value

    def describe(self) -> str:
        if not self.count:
            return "no values"
        return f"{self[0]!r} to {self[self.count - 1]!r} in steps of {self.step!r}"


class TimeGrid(Grid):
    """Times of day; arithmetic happens on seconds since midnight."""

    def unconvert(self, value: Any) -> Any:
        return value.hour * 3600 + value.minute * 60 + value.second


SIZE_CEILING = 10**18  # far above any --max-runs: sizes beyond it need not be exact


class Arrangements(ValueSet):
    """Ordered selections of distinct options, at most `longest` long (multiselect keeps click order)."""

    def __init__(self, options: Sequence[Any], longest: int) -> None:
        self.options = tuple(options)
        self.longest = min(longest, len(self.options))

    def size(self) -> int:
        """Σ_{k=0..m} n!/(n−k)!, summed term by term and stopped once past any run budget: with a
        few thousand options the full sum has thousands of digits."""
        n, total, term = len(self.options), 0, 1
        for picked in range(self.longest + 1):
            total += term
            if total > SIZE_CEILING:
                return total
            term *= n - picked
        return total

    def __iter__(self) -> Iterator[Any]:
        for length in range(self.longest + 1):
            for chosen in itertools.permutations(self.options, length):
                yield list(chosen)

    def __contains__(self, value: Any) -> bool:
        if not isinstance(value, (list, tuple)) or len(value) > self.longest:
            return False
        options = Choices(self.options)
        return all(item in options for item in value) and len({repr(item) for item in value}) == len(value)

    def describe(self) -> str:
        return f"ordered picks of at most {self.longest} of {len(self.options)} options"


class OrderedPairs(ValueSet):
    """(low, high) with low at or before high: range sliders and date ranges."""

    def __init__(self, base: ValueSet) -> None:
        self.base = base

    def size(self) -> int:
        n = self.base.size()
        return n * (n + 1) // 2

    def __iter__(self) -> Iterator[Any]:
        values = list(self.base)
        for low_index, low in enumerate(values):
            for high in values[low_index:]:
                yield (low, high)

    def __contains__(self, value: Any) -> bool:
        return (
            isinstance(value, (list, tuple))
            and len(value) == 2
            and value[0] in self.base
            and value[1] in self.base
            and value[0] <= value[1]
        )

    def describe(self) -> str:
        return f"ranges over {self.base.describe()}"


class WithNone(ValueSet):
    """A set plus None: a widget created with no value (index=None, value=None)."""

    def __init__(self, base: ValueSet) -> None:
        self.base = base

    def size(self) -> int:
        return self.base.size() + 1

    def __iter__(self) -> Iterator[Any]:
        yield None
        yield from self.base

    def __contains__(self, value: Any) -> bool:
        return value is None or value in self.base

    def describe(self) -> str:
        return f"None or {self.base.describe()}"


class Colors(ValueSet):
    def size(self) -> int:
        return 16**6

    def __iter__(self) -> Iterator[Any]:
        return (f"#{number:06x}" for number in range(16**6))

    def __contains__(self, value: Any) -> bool:
        return (
            isinstance(value, str)
            and len(value) == 7
            and value.startswith("#")
            and all(c in "0123456789abcdefABCDEF" for c in value[1:])
        )

    def describe(self) -> str:
        return "16^6 colors"


def same_value(a: Any, b: Any) -> bool:
    """Equal, without True matching 1 (a checkbox value is not a slider position)."""
    if isinstance(a, bool) != isinstance(b, bool):
        return False
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001 - arrays and other objects whose == is not a bool
        return False
