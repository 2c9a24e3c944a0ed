# streamlit-version: 1.36
import streamlit as st


@st.cache_data(experimental_allow_widgets=True)  # expect: STC103
def deprecated_with_widgets():
    return st.slider("a")


@st.cache_resource(ttl=60, experimental_allow_widgets=True)  # expect: STC103
def deprecated_without_widgets():
    return 1


@st.cache_data(ttl=60)
def fine():
    return 1
