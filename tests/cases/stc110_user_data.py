import streamlit as st

email = st.user.email
lang = st.context.locale


def headers():
    return dict(st.context.headers)


@st.cache_data
def invoices():
    return fetch(st.user.email)  # expect: STC110


@st.cache_data
def by_cookie():
    return fetch(st.context.cookies["session"])  # expect: STC110


@st.cache_data
def through_helper():
    return headers()  # expect: STC110


@st.cache_data
def through_module_variables():
    return fetch(email), lang  # expect: STC110


@st.cache_data
def user_wins_over_session_state():
    return fetch_both()  # expect: STC110


def fetch_both():
    return st.session_state.key, st.user.name


@st.cache_data
def argument_is_fine(email):
    return fetch(email)


def not_cached():
    return st.user.email


def fetch(value):
    return value
