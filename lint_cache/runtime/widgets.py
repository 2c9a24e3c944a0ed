"""Widgets: default value, finite value set and identity, computed from the runtime arguments.

Each builder takes the arguments the Streamlit command takes (same positional order as in 1.35
and 1.67) and works out what the real command works out: the default value (e.g. a slider's
`value=None` means `min_value` or 0, `number_input()` with no numbers is the float 0.0), and the
values a user can give it (options, min/max/step grids, ordered multiselect picks). Keyword
arguments that only change the look (disabled, width, help, ...) are accepted and ignored.
"""

from __future__ import annotations

import datetime
import hashlib
import math
import numbers
from dataclasses import dataclass, field
from typing import Any, Callable, Optional, Sequence

from lint_cache.runtime.errors import StreamlitAPIException
from lint_cache.runtime.value_sets import (
    Arrangements,
    Choices,
    Colors,
    Grid,
    OrderedPairs,
    TimeGrid,
    ValueSet,
    WithNone,
)


@dataclass(frozen=True)
class WidgetSpec:
    """One widget call, as registered with session state and recorded for replay."""

    kind: str
    label: Optional[str]
    key: Optional[str]
    default: Any
    values: Optional[ValueSet]  # None: unbounded (free text, uploads, float inputs, ...)
    identity: tuple  # the arguments Streamlit hashes into the widget id
    parse: Callable[[Any], Any] = field(compare=False)  # a --runs JSON value -> a widget value
    reset_to: Any = field(default=None, compare=False)  # value after each run, for buttons and chat_input
    resets: bool = False
    callback: Optional[Callable[..., Any]] = field(default=None, compare=False)
    callback_args: tuple = field(default=(), compare=False)
    callback_kwargs: Optional[dict] = field(default=None, compare=False)

    @property
    def id(self) -> str:
        digest = hashlib.md5(repr((self.kind, self.label, self.identity, self.key)).encode()).hexdigest()
        return f"$$WIDGET_ID-{digest}-{self.key}"

    def describe(self) -> str:
        name = f"key={self.key!r}" if self.key is not None else repr(self.label)
        return f"{self.kind} {name}"


def to_key(key: Any) -> Optional[str]:
    return None if key is None else str(key)


def as_options(options: Any) -> list:
    """Streamlit accepts any iterable; a DataFrame contributes its first column."""
    if options is None:
        return []
    if hasattr(options, "columns") and hasattr(options, "iloc"):
        return list(options.iloc[:, 0])
    return list(options)


def callback_fields(callback: Any, args: Any, kwargs: Any) -> dict:
    return {"callback": callback, "callback_args": tuple(args or ()), "callback_kwargs": dict(kwargs or {})}


# --- parsing --runs values --------------------------------------------------------------------


def parse_plain(value: Any) -> Any:
    return value


def parse_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("expected true or false")
    return value


def option_parser(options: Sequence[Any]) -> Callable[[Any], Any]:
    """Options may be non-JSON objects: a JSON value also names the option whose str() it is."""

    def parse(value: Any) -> Any:
        if value is None:
            return None
        for option in options:
            if option == value and isinstance(option, bool) == isinstance(value, bool):
                return option
        for option in options:
            if str(option) == str(value):
                return option
        raise ValueError(f"{value!r} is not one of the options")

    return parse


def list_parser(parse_item: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def parse(value: Any) -> list:
        if not isinstance(value, list):
            raise ValueError("expected a list")
        return [parse_item(item) for item in value]

    return parse


def range_parser(parse_item: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def parse(value: Any) -> tuple:
        if not isinstance(value, list) or len(value) != 2:
            raise ValueError("expected a list of two values")
        return (parse_item(value[0]), parse_item(value[1]))

    return parse


def parse_date(value: Any) -> datetime.date:
    return datetime.date.fromisoformat(value)


def parse_datetime(value: Any) -> datetime.datetime:
    return datetime.datetime.fromisoformat(value)


def parse_time(value: Any) -> datetime.time:
    return datetime.time.fromisoformat(value)


def parse_number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("expected a number")
    return value


# --- builders ------------------------------------------------------------------------------------


def checkbox(label, value=False, key=None, help=None, on_change=None, args=None, kwargs=None, **display):
    return WidgetSpec(
        "checkbox",
        label,
        to_key(key),
        bool(value),
        Choices((False, True)),
        (value, help),
        parse_bool,
        **callback_fields(on_change, args, kwargs),
    )


def toggle(label, value=False, key=None, help=None, on_change=None, args=None, kwargs=None, **display):
    return WidgetSpec(
        "toggle",
        label,
        to_key(key),
        bool(value),
        Choices((False, True)),
        (value, help),
        parse_bool,
        **callback_fields(on_change, args, kwargs),
    )


def button(label, key=None, help=None, on_click=None, args=None, kwargs=None, **display):
    return _button("button", label, key, (help,), on_click, args, kwargs)


def download_button(
    label, data=None, file_name=None, mime=None, key=None, help=None, on_click=None, args=None, kwargs=None, **display
):
    return _button("download_button", label, key, (file_name, mime, help), on_click, args, kwargs)


def form_submit_button(label="Submit", help=None, on_click=None, args=None, kwargs=None, *, key=None, **display):
    return _button("form_submit_button", label, key, (help,), on_click, args, kwargs)


def _button(kind, label, key, identity, on_click, args, kwargs) -> WidgetSpec:
    # A trigger: True for the one run after the click, then False again.
    return WidgetSpec(
        kind,
        label,
        to_key(key),
        False,
        Choices((False, True)),
        identity,
        parse_bool,
        reset_to=False,
        resets=True,
        **callback_fields(on_click, args, kwargs),
    )


def radio(
    label, options, index=0, format_func=str, key=None, help=None, on_change=None, args=None, kwargs=None, **display
):
    return _single_choice("radio", label, options, index, key, on_change, args, kwargs, accepts_new=False)


def selectbox(
    label,
    options,
    index=0,
    format_func=str,
    key=None,
    help=None,
    on_change=None,
    args=None,
    kwargs=None,
    *,
    accept_new_options=False,
    **display,
):
    return _single_choice(
        "selectbox", label, options, index, key, on_change, args, kwargs, accepts_new=accept_new_options
    )


def _single_choice(kind, label, options, index, key, on_change, args, kwargs, accepts_new) -> WidgetSpec:
    choices = as_options(options)
    if index is not None and choices and not (isinstance(index, numbers.Integral) and 0 <= index < len(choices)):
        raise StreamlitAPIException(f"{kind} index must be between 0 and length of options")
    default = None if index is None or not choices else choices[index]
    values: Optional[ValueSet] = Choices(choices)
    if index is None or not choices:
        values = WithNone(Choices(choices))
    if accepts_new:
        values = None  # 1.45+ accept_new_options: the user may type anything
    return WidgetSpec(
        kind,
        label,
        to_key(key),
        default,
        values,
        (tuple(map(repr, choices)), index),
        option_parser(choices),
        **callback_fields(on_change, args, kwargs),
    )


def multiselect(
    label,
    options,
    default=None,
    format_func=str,
    key=None,
    help=None,
    on_change=None,
    args=None,
    kwargs=None,
    *,
    max_selections=None,
    accept_new_options=False,
    **display,
):
    choices = as_options(options)
    if default is None:
        picked = []
    elif isinstance(default, (list, tuple)) or hasattr(default, "__array__"):
        picked = list(default)
    else:
        picked = [default]
    parse_choice = option_parser(choices)
    for item in picked:
        if item not in choices:
            raise StreamlitAPIException(f"Every Multiselect default value must exist in options: {item!r}")
    if max_selections is not None and len(picked) > max_selections:
        raise StreamlitAPIException(
            f"Multiselect has {len(picked)} default values but max_selections is {max_selections}"
        )
    longest = len(choices) if max_selections is None else max_selections
    values = None if accept_new_options else Arrangements(choices, longest)
    return WidgetSpec(
        "multiselect",
        label,
        to_key(key),
        picked,
        values,
        (tuple(map(repr, choices)), tuple(map(repr, picked)), max_selections),
        list_parser(parse_choice),
        **callback_fields(on_change, args, kwargs),
    )


def select_slider(
    label,
    options=(),
    value=None,
    format_func=str,
    key=None,
    help=None,
    on_change=None,
    args=None,
    kwargs=None,
    **display,
):
    choices = as_options(options)
    if not choices:
        raise StreamlitAPIException("The `options` argument needs to be non-empty")
    parse_choice = option_parser(choices)
    if isinstance(value, (list, tuple)) and len(value) == 2:
        default: Any = (value[0], value[1])
        values: ValueSet = OrderedChoicePairs(choices)
        parse = range_parser(parse_choice)
    else:
        default = choices[0] if value is None else value
        values = Choices(choices)
        parse = parse_choice
    return WidgetSpec(
        "select_slider",
        label,
        to_key(key),
        default,
        values,
        (tuple(map(repr, choices)), repr(value)),
        parse,
        **callback_fields(on_change, args, kwargs),
    )


class OrderedChoicePairs(OrderedPairs):
    """Ranges on a select_slider: both ends are options, the low end not after the high end."""

    def __init__(self, choices: Sequence[Any]) -> None:
        super().__init__(Choices(choices))
        self.choices = list(choices)

    def __contains__(self, value: Any) -> bool:
        if (
            not isinstance(value, (list, tuple))
            or len(value) != 2
            or value[0] not in self.base
            or value[1] not in self.base
        ):
            return False
        return self.choices.index(value[0]) <= self.choices.index(value[1])


# Slider defaults by value type, as in 1.35's and 1.67's `slider` (min, max, step).
SLIDER_INT_DEFAULTS = (0, 100, 1)
SLIDER_FLOAT_DEFAULTS = (0.0, 1.0, 0.01)
SLIDER_DAY = datetime.timedelta(days=1)
SLIDER_QUARTER_HOUR = datetime.timedelta(minutes=15)


def slider(
    label,
    min_value=None,
    max_value=None,
    value=None,
    step=None,
    format=None,
    key=None,
    help=None,
    on_change=None,
    args=None,
    kwargs=None,
    **display,
):
    identity = (repr(min_value), repr(max_value), repr(value), repr(step), format, help)
    if value is None:
        value = min_value if min_value is not None else 0
    is_range = isinstance(value, (list, tuple))
    ends = list(value) if is_range else [value]
    if is_range and len(ends) not in (0, 1, 2):
        raise StreamlitAPIException(
            "Slider value should either be an int/float/datetime or a list/tuple of 0 to 2 ints/floats/datetimes"
        )
    first = ends[0] if ends else 0
    grid, parse_one = slider_grid(first, min_value, max_value, step)
    default: Any = tuple(ends) if is_range else value
    values: ValueSet = OrderedPairs(grid) if is_range else grid
    parse = range_parser(parse_one) if is_range else parse_one
    return WidgetSpec(
        "slider", label, to_key(key), default, values, identity, parse, **callback_fields(on_change, args, kwargs)
    )


def slider_grid(first: Any, min_value: Any, max_value: Any, step: Any) -> tuple[Grid, Callable[[Any], Any]]:
    """The positions of a slider whose (first) value is `first`, with Streamlit's type defaults."""
    if isinstance(first, datetime.date):  # dates and datetimes
        parse = parse_datetime if isinstance(first, datetime.datetime) else parse_date
        low = first - datetime.timedelta(days=14) if min_value is None else min_value
        high = first + datetime.timedelta(days=14) if max_value is None else max_value
        if step is None:
            step = SLIDER_QUARTER_HOUR if high - low < SLIDER_DAY else SLIDER_DAY
        return Grid(low, step, (high - low) // step + 1), parse
    if isinstance(first, datetime.time):
        low = datetime.time.min if min_value is None else min_value
        high = datetime.time.max if max_value is None else max_value
        step = SLIDER_QUARTER_HOUR if step is None else step
        low_seconds, high_seconds = seconds_of_day(low), seconds_of_day(high)
        step_seconds = step.total_seconds()
        count = int((high_seconds - low_seconds) // step_seconds) + 1
        return TimeGrid(low_seconds, step_seconds, count, time_of_day), parse_time
    defaults = SLIDER_INT_DEFAULTS if isinstance(first, numbers.Integral) else SLIDER_FLOAT_DEFAULTS
    low = defaults[0] if min_value is None else min_value
    high = defaults[1] if max_value is None else max_value
    step = defaults[2] if step is None else step
    if step == 0:
        raise StreamlitAPIException("Slider components cannot be passed a `step` of 0.")
    if all(isinstance(number, numbers.Integral) for number in (low, high, step)):
        return Grid(low, step, (high - low) // step + 1), parse_number
    count = math.floor((high - low) / step + 1e-9) + 1
    return Grid(low, step, count, lambda number: round(number, 10)), parse_number


def seconds_of_day(moment: datetime.time) -> int:
    return moment.hour * 3600 + moment.minute * 60 + moment.second


def time_of_day(seconds: float) -> datetime.time:
    seconds = int(seconds)
    return datetime.time(seconds // 3600, seconds // 60 % 60, seconds % 60)


def number_input(
    label,
    min_value=None,
    max_value=None,
    value="min",
    step=None,
    format=None,
    key=None,
    help=None,
    on_change=None,
    args=None,
    kwargs=None,
    **display,
):
    identity = (repr(min_value), repr(max_value), repr(value), repr(step), format, help)
    numbers_given = [min_value, max_value, value, step]
    int_args = all(isinstance(n, (numbers.Integral, type(None), str)) for n in numbers_given)
    float_args = all(isinstance(n, (float, type(None), str)) for n in numbers_given)
    if not int_args and not float_args:
        raise StreamlitAPIException("All numerical arguments must be of the same type.")
    if value == "min":
        # 1.35 and 1.67: with no number at all the input is a float.
        value = min_value if min_value is not None else (0.0 if float_args else 0)
    is_int = isinstance(value, numbers.Integral) or (value is None and int_args and not float_args)
    values: Optional[ValueSet] = None
    if is_int and min_value is not None and max_value is not None:
        # Typing is free within the bounds; `step` only drives the +/- buttons.
        values = Grid(min_value, 1, max_value - min_value + 1)
        if value is None:
            values = WithNone(values)
    return WidgetSpec(
        "number_input",
        label,
        to_key(key),
        value,
        values,
        identity,
        parse_number,
        **callback_fields(on_change, args, kwargs),
    )


def text_input(
    label,
    value="",
    max_chars=None,
    key=None,
    type="default",
    help=None,
    autocomplete=None,
    on_change=None,
    args=None,
    kwargs=None,
    **display,
):
    default = None if value is None else str(value)
    return WidgetSpec(
        "text_input",
        label,
        to_key(key),
        default,
        None,
        (repr(value), max_chars, type, help),
        parse_plain,
        **callback_fields(on_change, args, kwargs),
    )


def text_area(
    label, value="", height=None, max_chars=None, key=None, help=None, on_change=None, args=None, kwargs=None, **display
):
    default = None if value is None else str(value)
    return WidgetSpec(
        "text_area",
        label,
        to_key(key),
        default,
        None,
        (repr(value), height, max_chars, help),
        parse_plain,
        **callback_fields(on_change, args, kwargs),
    )


def chat_input(
    placeholder="Your message", *, key=None, max_chars=None, on_submit=None, args=None, kwargs=None, **display
):
    # A string trigger: the submitted text for one run, then None again.
    return WidgetSpec(
        "chat_input",
        placeholder,
        to_key(key),
        None,
        None,
        (max_chars,),
        parse_plain,
        reset_to=None,
        resets=True,
        **callback_fields(on_submit, args, kwargs),
    )


def date_input(
    label,
    value="today",
    min_value=None,
    max_value=None,
    key=None,
    help=None,
    on_change=None,
    args=None,
    kwargs=None,
    **display,
):
    identity = (repr(value), repr(min_value), repr(max_value), help)
    today = datetime.date.today()
    if value in ("today", "default_value_today"):
        dates, is_range = [today], False
    elif value is None:
        dates, is_range = None, False
    elif isinstance(value, (list, tuple)):
        dates, is_range = [as_date(item) for item in value], True
    else:
        dates, is_range = [as_date(value)], False
    low = as_date(min_value) if min_value is not None else add_years(dates[0] if dates else today, -10)
    high = as_date(max_value) if max_value is not None else add_years(dates[-1] if dates else today, 10)
    days = Grid(low, datetime.timedelta(days=1), (high - low).days + 1)
    if is_range:
        return WidgetSpec(
            "date_input",
            label,
            to_key(key),
            tuple(dates),
            OrderedPairs(days),
            identity,
            range_parser(parse_date),
            **callback_fields(on_change, args, kwargs),
        )
    default = dates[0] if dates else None
    values: ValueSet = days if dates else WithNone(days)
    return WidgetSpec(
        "date_input",
        label,
        to_key(key),
        default,
        values,
        identity,
        parse_date,
        **callback_fields(on_change, args, kwargs),
    )


def as_date(value: Any) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def time_input(
    label,
    value="now",
    key=None,
    help=None,
    on_change=None,
    args=None,
    kwargs=None,
    *,
    step=datetime.timedelta(minutes=15),
    **display,
):
    identity = (repr(value), repr(step), help)
    if value == "now":
        default = datetime.datetime.now().time().replace(second=0, microsecond=0)
    elif isinstance(value, datetime.datetime):
        default = value.time().replace(second=0, microsecond=0)
    else:
        default = value
    step_seconds = step.total_seconds() if isinstance(step, datetime.timedelta) else step
    values: ValueSet = TimeGrid(0, step_seconds, int(86400 // step_seconds), time_of_day)
    if value is None:
        values = WithNone(values)
    return WidgetSpec(
        "time_input",
        label,
        to_key(key),
        default,
        values,
        identity,
        parse_time,
        **callback_fields(on_change, args, kwargs),
    )


def color_picker(label, value=None, key=None, help=None, on_change=None, args=None, kwargs=None, **display):
    default = "#000000" if value is None else str(value)
    return WidgetSpec(
        "color_picker",
        label,
        to_key(key),
        default,
        Colors(),
        (repr(value), help),
        parse_plain,
        **callback_fields(on_change, args, kwargs),
    )


def file_uploader(
    label,
    type=None,
    accept_multiple_files=False,
    key=None,
    help=None,
    on_change=None,
    args=None,
    kwargs=None,
    **display,
):
    default = [] if accept_multiple_files else None
    return WidgetSpec(
        "file_uploader",
        label,
        to_key(key),
        default,
        None,
        (repr(type), accept_multiple_files, help),
        parse_plain,
        **callback_fields(on_change, args, kwargs),
    )


def camera_input(label, key=None, help=None, on_change=None, args=None, kwargs=None, **display):
    return WidgetSpec(
        "camera_input", label, to_key(key), None, None, (help,), parse_plain, **callback_fields(on_change, args, kwargs)
    )


def audio_input(label, *, key=None, help=None, on_change=None, args=None, kwargs=None, **display):
    return WidgetSpec(
        "audio_input", label, to_key(key), None, None, (help,), parse_plain, **callback_fields(on_change, args, kwargs)
    )


def data_editor(data, *, key=None, on_change=None, args=None, kwargs=None, **display):
    return WidgetSpec(
        "data_editor",
        None,
        to_key(key),
        data,
        None,
        (repr(data),),
        parse_plain,
        **callback_fields(on_change, args, kwargs),
    )


def pills(
    label,
    options,
    *,
    selection_mode="single",
    default=None,
    required=False,
    format_func=None,
    key=None,
    help=None,
    on_change=None,
    args=None,
    kwargs=None,
    **display,
):
    return _button_group("pills", label, options, selection_mode, default, required, key, on_change, args, kwargs)


def segmented_control(
    label,
    options,
    *,
    selection_mode="single",
    default=None,
    required=False,
    format_func=None,
    key=None,
    help=None,
    on_change=None,
    args=None,
    kwargs=None,
    **display,
):
    return _button_group(
        "segmented_control", label, options, selection_mode, default, required, key, on_change, args, kwargs
    )


def _button_group(kind, label, options, selection_mode, default, required, key, on_change, args, kwargs) -> WidgetSpec:
    choices = as_options(options)
    identity = (tuple(map(repr, choices)), selection_mode, repr(default), required)
    parse_choice = option_parser(choices)
    if selection_mode == "multi":
        picked = [] if default is None else list(default) if isinstance(default, (list, tuple)) else [default]
        return WidgetSpec(
            kind,
            label,
            to_key(key),
            picked,
            Arrangements(choices, len(choices)),
            identity,
            list_parser(parse_choice),
            **callback_fields(on_change, args, kwargs),
        )
    values: ValueSet = Choices(choices) if required else WithNone(Choices(choices))
    return WidgetSpec(
        kind, label, to_key(key), default, values, identity, parse_choice, **callback_fields(on_change, args, kwargs)
    )


FEEDBACK_SCALES = {"thumbs": 2, "faces": 5, "stars": 5}


def feedback(options="thumbs", *, key=None, default=None, on_change=None, args=None, kwargs=None, **display):
    if options not in FEEDBACK_SCALES:
        raise StreamlitAPIException("The options argument to st.feedback must be one of ['thumbs', 'faces', 'stars']")
    values = WithNone(Choices(range(FEEDBACK_SCALES[options])))
    return WidgetSpec(
        "feedback",
        None,
        to_key(key),
        default,
        values,
        (options, repr(default)),
        parse_plain,
        **callback_fields(on_change, args, kwargs),
    )


WIDGET_BUILDERS: dict[str, Callable[..., WidgetSpec]] = {
    builder.__name__: builder
    for builder in (
        button,
        download_button,
        form_submit_button,
        checkbox,
        toggle,
        radio,
        selectbox,
        multiselect,
        select_slider,
        slider,
        number_input,
        text_input,
        text_area,
        chat_input,
        date_input,
        time_input,
        color_picker,
        file_uploader,
        camera_input,
        audio_input,
        data_editor,
        pills,
        segmented_control,
        feedback,
    )
}
