# streamlit-version: 1.67
import streamlit as st
from streamlit import cache, experimental_memo  # expect: STC201, STC202
from streamlit import experimental_singleton as singleton  # expect: STC202


@cache  # expect: STC201
def a():
    return 1


@experimental_memo  # expect: STC202
def b():
    return 2


@singleton  # expect: STC202
def c():
    return 3


st.cache_data.clear()
