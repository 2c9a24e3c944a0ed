import streamlit as st
from streamlit import session_state as ss

state = st.session_state


def api_key():
    return st.session_state.get("api_key")


def outer():
    return api_key()


def on_change():
    print(st.session_state.choice)


@st.cache_data
def reads(n):
    a = st.session_state["currency"]  # expect: STC108
    b = st.session_state.currency  # expect: STC108
    c = st.session_state.get("currency", "EUR")  # expect: STC108
    d = "currency" in st.session_state  # expect: STC108
    e = [key for key in st.session_state]  # expect: STC108
    f = st.session_state.to_dict()  # expect: STC108
    g = ss.token  # expect: STC108
    h = state["alias"]  # expect: STC108
    i = st.query_params["page"]  # expect: STC108
    j = st.query_params.get("page")  # expect: STC108
    return a, b, c, d, e, f, g, h, i, j, n


@st.cache_resource
def through_helpers():
    return connect(outer())  # expect: STC108


@st.cache_data
def one_finding_per_call(n):
    return helper_reading_twice(n)  # expect: STC108


def helper_reading_twice(n):
    return st.session_state.a + st.session_state.b + n


@st.cache_data
def writes_only(n):
    st.session_state["last"] = n  # expect: STC105
    st.session_state.count += 1  # expect: STC105
    return n


@st.cache_data
def callbacks_are_not_run(n):
    st.write(n)
    return lambda: st.session_state.choice


@st.cache_data
def legacy_query_params():
    return st.experimental_get_query_params()  # expect: STC108


def not_cached():
    return st.session_state["currency"]


def connect(key):
    return key
