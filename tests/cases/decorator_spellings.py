# Every spelling of a cache decorator makes a cached function: each body runs a widget.
import functools

import streamlit
import streamlit as st
from streamlit import cache_data, cache_resource as shared
from streamlit.runtime.caching import cache_data as runtime_cache_data

memo = st.cache_data(ttl=600)
plain_alias = st.cache_resource


@st.cache_data
def bare():
    return st.slider("a")  # expect: STC102


@st.cache_data()
def called():
    return st.slider("a")  # expect: STC102


@st.cache_data(ttl=60, max_entries=10)
def with_options():
    return st.slider("a")  # expect: STC102


@st.cache_resource
def resource():
    return st.checkbox("a")  # expect: STC102


@streamlit.cache_data(show_spinner=False)
def full_module_name():
    return streamlit.radio("a", ["x", "y"])  # expect: STC102


@cache_data
def imported_name():
    return st.toggle("a")  # expect: STC102


@shared
def imported_alias():
    return st.text_input("a")  # expect: STC102


@runtime_cache_data
def from_runtime_caching():
    return st.number_input("a")  # expect: STC102


@memo
def configured_alias():
    return st.date_input("a")  # expect: STC102


@plain_alias
def plain_alias_use():
    return st.color_picker("a")  # expect: STC102


@functools.wraps(bare)
@st.cache_data
@functools.lru_cache
def stacked():
    return st.button("a")  # expect: STC102


class Loader:
    @st.cache_data
    def method(_self):
        return st.selectbox("a", [1, 2])  # expect: STC102

    @staticmethod
    @st.cache_resource
    def static():
        return st.multiselect("a", [1, 2])  # expect: STC102


def _load():
    return st.select_slider("a", [1, 2])  # expect: STC102


load = st.cache_data(_load)


def _load_with_options():
    return st.time_input("a")  # expect: STC102


load_with_options = st.cache_data(ttl=60)(_load_with_options)


def _load_keyword():
    return st.pills("a", [1, 2])  # expect: STC102


load_keyword = st.cache_resource(func=_load_keyword)


# Not Streamlit: functools' cache and a look-alike name.
@functools.cache
def not_streamlit():
    return st.slider("a")


@functools.lru_cache(maxsize=None)
def not_streamlit_either():
    return st.slider("a")
