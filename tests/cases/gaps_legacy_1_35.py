# streamlit-version: 1.35
# The legacy st.cache keeps results in memory before its 1.36 alias: persist with ttl is not STC204's.
import streamlit as st


@st.cache(persist=True, ttl=600)  # expect: STC201
def legacy(path):
    return path
