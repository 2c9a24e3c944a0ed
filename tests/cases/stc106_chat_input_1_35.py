# streamlit-version: 1.35
# Before 1.38 widget messages are recorded only with widget replay on.
import streamlit as st


@st.cache_data(experimental_allow_widgets=True)  # expect: STC302
def replayed():
    return st.chat_input("Ask")  # expect: STC106


@st.cache_data
def not_replayed():
    return st.chat_input("Ask")  # expect: STC102
