# streamlit-version: 1.30
import streamlit as st

replayed = st.cache_data(experimental_allow_widgets=True)


@st.cache_data(experimental_allow_widgets=True)
def only(path):
    return path


@st.cache_resource(ttl=60, experimental_allow_widgets=True, max_entries=3)
def middle(path):
    return path


@st.cache_data(experimental_allow_widgets=True)
def with_widget():
    return st.slider("kept: a widget runs here")


@replayed
def through_alias():
    return 1
