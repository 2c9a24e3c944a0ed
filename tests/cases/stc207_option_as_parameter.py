import streamlit as st


@st.cache_data
def load(path, ttl=3600):  # expect: STC207
    return path


@st.cache_resource
def model(name, *, max_entries: int = 10, show_spinner=True):  # expect: STC207
    return name


@st.cache_data(ttl=3600, max_entries=10)
def fine(path, timeout=30):
    return path


def not_cached(ttl=60):
    return ttl
