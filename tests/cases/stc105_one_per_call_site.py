import streamlit as st


def save(value):
    st.session_state["a"] = value
    st.session_state["b"] = value
    st.query_params["c"] = value
    st.rerun()


def outer(value):
    save(value)
    save(value)


@st.cache_data
def load(n):
    outer(n)  # expect: STC105
    st.session_state["direct"] = n  # expect: STC105
    return n
