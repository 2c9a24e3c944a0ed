import streamlit as st


@st.cache(allow_output_mutation=True)
def model():
    return {"weights": [1, 2, 3]}


@st.cache(
    ttl=3600,
    suppress_st_warning=True,  # this comment goes with the option
)
def table(path):
    return open(path).read()


@st.cache(persist=True, suppress_st_warning=True, max_entries=5)
def persisted(path):
    return open(path).read()


@st.cache(allow_output_mutation=True, persist=True)
def no_fix_cache_resource_cannot_persist():
    return []
