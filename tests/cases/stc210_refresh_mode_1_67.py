# streamlit-version: 1.67
import streamlit as st

MODE = "background"


@st.cache_data(ttl=60, refresh_mode="later")  # expect: STC210
def unknown_mode():
    return 1


@st.cache_data(ttl=60, refresh_mode=MODE)
def decided_elsewhere():
    return 1


@st.cache_data(experimental_allow_widgets=True)  # expect: STC103
def opt_in_is_stc103s():
    return 1


@st.experimental_memo(suppress_st_warning=True)  # expect: STC202
def removed_decorator_is_stc202s():
    return 1
