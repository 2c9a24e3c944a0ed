"""Widget defaults and finite value sets, computed from the arguments as Streamlit computes them."""

from __future__ import annotations

import datetime

import pytest

from lint_cache.runtime.errors import StreamlitAPIException
from lint_cache.runtime.widgets import WIDGET_BUILDERS

TODAY = datetime.date.today()


def spec(kind, *args, **kwargs):
    return WIDGET_BUILDERS[kind](*args, **kwargs)


@pytest.mark.parametrize(
    ("kind", "args", "kwargs", "default", "size"),
    [
        ("checkbox", ("c",), {}, False, 2),
        ("toggle", ("t", True), {}, True, 2),
        ("button", ("b",), {}, False, 2),
        ("radio", ("r", ["a", "b", "c"]), {}, "a", 3),
        ("radio", ("r", ["a", "b", "c"]), {"index": None}, None, 4),
        ("selectbox", ("s", range(5), 2), {}, 2, 5),
        ("selectbox", ("s", []), {}, None, 1),
        ("multiselect", ("m", "abc"), {}, [], 16),  # 1 + 3 + 3*2 + 3*2*1, in click order
        ("multiselect", ("m", "abc", "b"), {"max_selections": 1}, ["b"], 4),
        ("select_slider", ("s", ["lo", "mid", "hi"]), {}, "lo", 3),
        ("select_slider", ("s", ["lo", "mid", "hi"]), {"value": ("lo", "hi")}, ("lo", "hi"), 6),
        ("slider", ("s",), {}, 0, 101),
        ("slider", ("s", 0.0, 1.0), {}, 0.0, 101),
        ("slider", ("s", 10, 20, None, 5), {}, 10, 3),
        ("slider", ("s", 0, 3, (1, 2)), {}, (1, 2), 10),  # 4 positions: 4 * 5 / 2 ranges
        ("slider", ("s",), {"value": TODAY}, TODAY, 29),  # 14 days either side, by day
        ("slider", ("s",), {"value": datetime.time(12, 0)}, datetime.time(12, 0), 96),  # by 15 minutes
        ("number_input", ("n", 1, 6), {}, 1, 6),  # typing reaches every integer
        ("number_input", ("n", 1, 6), {"value": None}, None, 7),
        ("time_input", ("t", datetime.time(8, 0)), {}, datetime.time(8, 0), 96),
        ("time_input", ("t", datetime.time(8, 0)), {"step": 3600}, datetime.time(8, 0), 24),
        ("color_picker", ("c",), {}, "#000000", 16**6),
        ("feedback", (), {}, None, 3),
        ("feedback", ("stars",), {}, None, 6),
        ("pills", ("p", ["a", "b"]), {}, None, 3),
        ("pills", ("p", ["a", "b"]), {"selection_mode": "multi"}, [], 5),
        ("segmented_control", ("p", ["a", "b"]), {"required": True, "default": "a"}, "a", 2),
    ],
)
def test_default_and_value_set_size(kind, args, kwargs, default, size):
    widget = spec(kind, *args, **kwargs)
    assert widget.default == default
    assert widget.values.size() == size
    if size < 10_000:
        assert len(list(widget.values)) == size


@pytest.mark.parametrize(
    ("kind", "args", "kwargs", "default"),
    [
        ("number_input", ("n",), {}, 0.0),  # no numbers at all: a float input
        ("number_input", ("n", 0.0, 1.0), {}, 0.0),
        ("number_input", ("n", 0), {}, 0),  # no upper bound
        ("text_input", ("t",), {}, ""),
        ("text_area", ("t", "draft"), {}, "draft"),
        ("chat_input", (), {}, None),
        ("file_uploader", ("f",), {"accept_multiple_files": True}, []),
        ("selectbox", ("s", ["a"]), {"accept_new_options": True}, "a"),
    ],
)
def test_widgets_without_a_finite_value_set(kind, args, kwargs, default):
    widget = spec(kind, *args, **kwargs)
    assert widget.default == default
    assert widget.values is None


def test_date_input_spans_ten_years_either_side_of_its_value():
    widget = spec("date_input", "d", datetime.date(2020, 6, 1))
    days = list(widget.values)
    assert (days[0], days[-1]) == (datetime.date(2010, 6, 1), datetime.date(2030, 6, 1))
    assert widget.values.size() == (datetime.date(2030, 6, 1) - datetime.date(2010, 6, 1)).days + 1


def test_value_sets_contain_exactly_their_values():
    slider = spec("slider", "s", 0.0, 0.3, None, 0.1)
    assert list(slider.values) == [0.0, 0.1, 0.2, 0.3]
    assert 0.2 in slider.values and 0.25 not in slider.values and True not in spec("slider", "s", 0, 3).values
    picks = spec("multiselect", "m", ["a", "b"]).values
    assert ["b", "a"] in picks and ["a", "a"] not in picks and ["c"] not in picks


def test_widget_ids_change_with_the_arguments_that_define_them():
    assert spec("slider", "s", 0, 3).id == spec("slider", "s", 0, 3).id
    assert spec("slider", "s", 0, 3).id != spec("slider", "s", 0, 4).id
    assert spec("slider", "s", 0, 3, key="k").id != spec("slider", "s", 0, 3).id


@pytest.mark.parametrize(
    ("kind", "args", "kwargs"),
    [
        ("radio", ("r", ["a"], 1), {}),
        ("multiselect", ("m", ["a"], ["z"]), {}),
        ("slider", ("s", 0, 5, None, 0), {}),
        ("number_input", ("n", 0, 1.5), {}),
        ("select_slider", ("s", []), {}),
    ],
)
def test_arguments_streamlit_rejects(kind, args, kwargs):
    with pytest.raises(StreamlitAPIException):
        spec(kind, *args, **kwargs)
