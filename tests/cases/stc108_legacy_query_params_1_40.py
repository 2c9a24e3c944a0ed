# streamlit-version: 1.40
import streamlit as st


@st.cache_data
def legacy_query_params():
    return st.experimental_get_query_params()  # expect: STC108


@st.cache_data
def context_before_1_37_is_no_read():
    return st.user.email
