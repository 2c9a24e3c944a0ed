import streamlit as st


@st.cache_resource
def model():
    return {"weights": [1, 2, 3]}


@st.cache_data(
    ttl=3600,
)
def table(path):
    return open(path).read()


@st.cache_data(persist=True, max_entries=5)
def persisted(path):
    return open(path).read()


@st.cache(allow_output_mutation=True, persist=True)
def no_fix_cache_resource_cannot_persist():
    return []
