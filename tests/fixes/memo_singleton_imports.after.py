# streamlit-version: 1.30
import streamlit as st
from streamlit import cache_resource as single, cache_data  # keep this comment
import streamlit.runtime.caching as caching


@cache_data  # a comment on the decorator
def load(path):
    return open(path).read()


@single
def connect():
    return object()


@caching.cache_data(ttl=60, max_entries=10)  # odd spacing stays
def totals(values):
    return sum(values)


def _rows():
    return [1, 2]


rows = st.cache_data(_rows)
