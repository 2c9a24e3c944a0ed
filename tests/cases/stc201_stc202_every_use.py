# streamlit-version: 1.67
# Every use of a removed decorator fails where it runs, not only as a decorator (issue 11 §3).
import pandas as pd
import streamlit as st

from data import get_dataset

frame = st.experimental_memo(pd.read_csv)("a.csv")  # expect: STC202
model = st.cache(allow_output_mutation=True)(get_dataset)()  # expect: STC201
memo = st.experimental_memo(ttl=60, suppress_st_warning=True)  # expect: STC202
st.experimental_memo.clear()  # expect: STC202
st.experimental_singleton.clear()  # expect: STC202
options = {"ttl": 60}
loader = st.cache(**options)(pd.read_csv)  # expect: STC201
handle = st.cache  # expect: STC201

# Fallbacks that run only where the new decorators are missing are not reported.
try:
    cached = st.cache_data
except AttributeError:
    cached = st.experimental_memo

if hasattr(st, "cache_resource"):
    shared = st.cache_resource
else:
    shared = st.experimental_singleton

# The new decorators, and names that only look alike, are fine.
fine = st.cache_data(pd.read_csv)
st.cache_resource.clear()
experimental_memo = "a string"


@st.experimental_memo  # expect: STC202
def load():
    return 1
