# streamlit-version: 1.40
import streamlit as st


@st.cache_data
def legacy_user():
    return st.experimental_user.email  # expect: STC110


@st.cache_data
def context_exists_from_1_37():
    return st.context.headers  # expect: STC110


@st.cache_data
def user_appears_in_1_45():
    return st.user.email
