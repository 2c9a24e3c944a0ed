# streamlit-version: 1.10
# Before 1.18 st.cache was the API: nothing to replace it with yet.
import streamlit as st


@st.cache
def load():
    return 1


@st.experimental_memo
def memo():
    return 1
