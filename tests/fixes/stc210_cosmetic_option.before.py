# streamlit-version: 1.45
import streamlit as st


@st.cache_data(show_time=True, ttl=60)
def spinner_with_time(path):
    return path


@st.cache_data(scope="session")
def scoped(path):
    return path  # scope changes which users share a result: never removed for you
