"""Every widget's number of distinct values (design §1.5), defaults included."""

import datetime

import libcst as cst
import pytest

from lint_cache.blowup import cardinality
from lint_cache.facts.scan import ModuleScan
from lint_cache.knowledge import streamlit_api

EXACT_COUNTS = [
    # booleans
    ('st.checkbox("a")', 2),
    ('st.toggle("a")', 2),
    ('st.button("a")', 2),
    ('st.download_button("a", b"x")', 2),
    ('st.form_submit_button("a")', 2),
    # choices: n options, +1 with index=None
    ('st.radio("a", ["x", "y", "z"])', 3),
    ('st.radio("a", ("x", "y"), index=None)', 3),
    ('st.selectbox("a", ["x", "y", "z"])', 3),
    ('st.selectbox("a", options=range(10))', 10),
    ('st.selectbox("a", OPTIONS)', 4),
    ('st.selectbox("a", ["x", "y"], index=None)', 3),
    # multiselect: ordered picks of up to m of n options
    ('st.multiselect("a", ["x", "y", "z"])', 1 + 3 + 6 + 6),
    ('st.multiselect("a", ["x", "y", "z"], max_selections=1)', 1 + 3),
    ('st.multiselect("a", ["w", "x", "y", "z"], max_selections=2)', 1 + 4 + 12),
    ('st.pills("a", ["x", "y"], selection_mode="multi")', 1 + 2 + 2),
    ('st.pills("a", ["x", "y", "z"])', 4),
    ('st.segmented_control("a", ["x", "y"])', 3),
    # select_slider: n, ranges n(n+1)/2
    ('st.select_slider("a", ["s", "m", "l"])', 3),
    ('st.select_slider("a", options=["s", "m", "l", "xl"], value=("s", "l"))', 10),
    # int sliders: defaults 0, 100, step 1
    ('st.slider("a")', 101),
    ('st.slider("a", 1, 10)', 10),
    ('st.slider("a", 0, 100, step=5)', 21),
    ('st.slider("a", min_value=10, max_value=20, value=15, step=2)', 6),
    ('st.slider("a", value=150)', 151),  # the value widens the default bounds
    ('st.slider("a", 1, 10, (2, 5))', 55),  # ranges: N(N+1)/2
    ('st.slider("a", -5, 5)', 11),
    # float sliders: defaults 0.0, 1.0, step 0.01
    ('st.slider("a", 0.0, 1.0)', 101),
    ('st.slider("a", value=0.5)', 101),
    ('st.slider("a", 0.0, 10.0, step=0.5)', 21),
    # date and time sliders
    ('st.slider("a", value=datetime.date(2024, 1, 1))', 29),
    ('st.slider("a", value=datetime.time(12, 0))', 96),
    ('st.slider("a", datetime.date(2024, 1, 1), datetime.date(2024, 1, 31))', 31),
    (
        'st.slider("a", datetime.date(2024, 1, 1), datetime.date(2024, 1, 31), step=datetime.timedelta(days=7))',
        5,
    ),
    # time_input: 86400 / step
    ('st.time_input("a")', 96),
    ('st.time_input("a", step=3600)', 24),
    ('st.time_input("a", step=datetime.timedelta(minutes=30))', 48),
    # date_input with both bounds: days in range
    ('st.date_input("a", min_value=datetime.date(2024, 1, 1), max_value=datetime.date(2024, 12, 31))', 366),
    # number_input int with both bounds
    ('st.number_input("a", 1, 10)', 10),
    ('st.number_input("a", min_value=0, max_value=100, step=10)', 11),
    # colours and feedback
    ('st.color_picker("a")', 16**6),
    ("st.feedback()", 3),
    ('st.feedback("thumbs")', 3),
    ('st.feedback("stars")', 6),
    ('st.feedback(options="faces")', 6),
    # forms hold no value of their own
    ('st.form("a")', 1),
]

UNBOUNDED = [
    'st.text_input("a")',
    'st.text_area("a")',
    'st.chat_input("a")',
    'st.number_input("a")',  # float by default
    'st.number_input("a", 0.0, 1.0)',
    'st.number_input("a", min_value=1)',  # int without both bounds
    'st.file_uploader("a")',
    'st.camera_input("a")',
    "st.data_editor(df)",
    'st.selectbox("a", ["x"], accept_new_options=True)',
]

UNKNOWN = [
    'st.selectbox("a", df.columns)',
    'st.radio("a", options)',
    'st.slider("a", 0, limit)',
    'st.multiselect("a", ["x"], max_selections=limit)',
    'st.select_slider("a", sizes)',
    'st.time_input("a", step=step)',
    'st.selectbox("a", *choices)',
]

HEADER = "import datetime\nimport streamlit as st\nOPTIONS = ['a', 'b', 'c', 'd']\n"


def count_of(source: str) -> cardinality.Count:
    module = cst.parse_module(HEADER + source + "\n")
    scope = ModuleScan(module).module_scope
    call = module.body[-1].body[0].value
    name = call.func.attr.value
    return cardinality.count(streamlit_api.WIDGETS[name], call, scope)


@pytest.mark.parametrize(("source", "expected"), EXACT_COUNTS, ids=[source for source, _ in EXACT_COUNTS])
def test_exact_count(source, expected):
    count = count_of(source)
    assert count.status == cardinality.EXACT, count.why
    assert count.value == expected, count.why


@pytest.mark.parametrize("source", UNBOUNDED)
def test_unbounded(source):
    assert count_of(source).status == cardinality.UNBOUNDED


@pytest.mark.parametrize("source", UNKNOWN)
def test_unknown(source):
    assert count_of(source).status == cardinality.UNKNOWN


def test_default_date_input_is_ten_years_either_side_of_today():
    today = datetime.date.today()
    if (today.month, today.day) == (2, 29):
        today = today.replace(day=28)
    expected = (today.replace(year=today.year + 10) - today.replace(year=today.year - 10)).days + 1
    assert count_of('st.date_input("a")').value == expected
    assert 7304 <= expected <= 7306


def test_every_catalogued_widget_has_a_counter():
    for widget in streamlit_api.WIDGETS.values():
        count = cardinality.count(widget, cst.parse_expression(f'st.{widget.name}("a")'))
        assert count.status in (cardinality.EXACT, cardinality.UNKNOWN, cardinality.UNBOUNDED)
        assert "cannot count" not in count.why, widget.name
