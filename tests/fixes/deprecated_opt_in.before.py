# streamlit-version: 1.50
import streamlit as st


@st.cache_data(experimental_allow_widgets=True, ttl=60)
def no_widgets(path):
    return path


@st.cache_data(experimental_allow_widgets=True)
def widgets_must_move_first():
    return st.slider("no fix while a widget runs here")
