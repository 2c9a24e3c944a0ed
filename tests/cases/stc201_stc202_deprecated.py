# streamlit-version: 1.40
import functools

import streamlit as st
from streamlit import cache as legacy_cache


def cache_data(func):  # the app's own decorator, not Streamlit's
    return func


@st.cache  # expect: STC201
def a():
    return 1


@legacy_cache(allow_output_mutation=True)  # expect: STC201
def b():
    return 2


@st.experimental_memo  # expect: STC202
def c():
    return 3


@st.experimental_singleton(ttl=5)  # expect: STC202
def d():
    return 4


def _e():
    return 5


e = st.cache(_e)  # expect: STC201


@functools.cache
def look_alike():
    return 6


@cache_data
def own_decorator():
    return 7


st.cache_data.clear()  # a use of the new API, not a cached function
