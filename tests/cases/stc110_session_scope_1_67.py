import streamlit as st

theme = st.selectbox("Theme", ["light", "dark"])


@st.cache_data(scope="session")
def my_invoices():
    return st.user.email


@st.cache_data(scope="session")
def still_stale_within_the_session():
    return st.session_state.currency, theme  # expect: STC108, STC109


@st.cache_resource(scope="session")
def my_history():
    return []


@st.cache_resource
def everyones_history():
    return []


my_history().append("mine")
everyones_history().append("everyone's")  # expect: STC208
