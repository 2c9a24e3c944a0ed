# streamlit-version: 1.30
import streamlit as st
from streamlit import experimental_memo, experimental_singleton as single  # keep this comment
import streamlit.runtime.caching as caching


@experimental_memo  # a comment on the decorator
def load(path):
    return open(path).read()


@single
def connect():
    return object()


@caching.experimental_memo(ttl=60, max_entries=10)  # odd spacing stays
def totals(values):
    return sum(values)


def _rows():
    return [1, 2]


rows = st.experimental_memo(_rows)
