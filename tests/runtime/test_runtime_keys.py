"""Function keys and value keys (design §1.4), as `hashing.py` / `cache_utils.py` compute them."""

from __future__ import annotations

import dataclasses
import datetime
import enum
import sqlite3
import threading

import pytest

from lint_cache.runtime.errors import UnhashableParamError, UserHashError
from lint_cache.runtime.hashing import function_key, value_key


def make_in_loop():
    functions = []
    for factor in (1, 2):

        def scale(x):
            return x * factor  # noqa: B023 - the late-bound closure is what Streamlit users write

        functions.append(scale)
    return functions


def test_functions_defined_in_a_loop_share_one_function_key():
    first, second = make_in_loop()
    assert first is not second
    assert function_key(first) == function_key(second)


def test_function_key_depends_on_source_and_name():
    def alpha(x):
        return x

    def beta(x):
        return x

    def alpha_changed(x):
        return x + 1

    assert len({function_key(alpha), function_key(beta), function_key(alpha_changed)}) == 3


def area(width, height=2, *rest, scale=1, _label="", **extra):
    return width * height


def key(*args, hash_funcs=None, **kwargs):
    return value_key(area, args, kwargs, hash_funcs)


def test_arguments_are_bound_to_parameter_names():
    assert key(3) == key(width=3)
    assert key(3, 2) == key(3, height=2)


def test_defaults_are_not_filled_in_and_keyword_order_counts():
    assert key(3) != key(3, 2)
    assert key(3, height=2) != key(height=2, width=3)


def test_extra_positional_arguments_are_hashed_without_a_name():
    assert key(3, 2, 7) != key(3, 2, 8)


def test_underscore_parameters_are_not_hashed():
    assert key(3, _label="a") == key(3, _label="b") == key(3)
    assert key(3, scale=2) != key(3, scale=3)


def test_bool_and_int_are_different_keys():
    assert key(True) != key(1)


class Color(enum.Enum):
    RED = 1


@dataclasses.dataclass
class Point:
    x: int


class Plain:
    def __init__(self, x):
        self.x = x


@pytest.mark.parametrize(
    "value",
    [
        {"a": [1, 2.5, None]},
        (b"bytes", "text"),
        datetime.datetime(2024, 1, 2, 3, 4),
        datetime.date(2024, 1, 2),
        {3, 4},
        Color.RED,
        Point(1),
        Plain,
        datetime,
        len,
    ],
    ids=repr,
)
def test_hashable_values_give_stable_keys(value):
    assert key(value) == key(value)


def test_equal_dataclasses_share_a_key_and_different_ones_do_not():
    assert key(Point(1)) == key(Point(1))
    assert key(Point(1)) != key(Point(2))


def test_cycles_are_hashed():
    looped = [1]
    looped.append(looped)
    assert key(looped) == key(looped)


@pytest.mark.parametrize(
    "value",
    [lambda: 0, threading.Lock(), (x for x in []), Plain(1), sqlite3.connect(":memory:"), [1, Plain(2)]],
    ids=["lambda", "lock", "generator", "plain instance", "connection", "nested instance"],
)
def test_unhashable_values_raise_unhashable_param_error_naming_the_parameter(value):
    with pytest.raises(UnhashableParamError) as raised:
        key(value)
    assert raised.value.parameter == "width"
    assert "`width`" in str(raised.value)


def test_hash_funcs_by_type_and_by_qualified_name():
    by_type = {Plain: lambda plain: plain.x}
    by_name = {f"{Plain.__module__}.{Plain.__qualname__}": lambda plain: plain.x}
    assert key(Plain(1), hash_funcs=by_type) == key(Plain(1), hash_funcs=by_type)
    assert key(Plain(1), hash_funcs=by_type) != key(Plain(2), hash_funcs=by_type)
    assert key(Plain(1), hash_funcs=by_name) == key(Plain(1), hash_funcs=by_type)


def test_hash_funcs_apply_to_values_not_to_parameter_names():
    by_length = {str: len}
    assert key(width="ab", hash_funcs=by_length) == key(width="cd", hash_funcs=by_length)
    # "width" and "scale" have the same length: only their names tell the keys apart.
    assert key(width="ab", hash_funcs=by_length) != key(scale="ab", hash_funcs=by_length)


def test_a_failing_hash_func_raises_user_hash_error():
    with pytest.raises(UserHashError):
        key(Plain(1), hash_funcs={Plain: lambda plain: plain.missing})
