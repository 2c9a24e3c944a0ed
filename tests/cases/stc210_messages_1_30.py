# streamlit-version: 1.30
# What STC210 says, and what it leaves to the rules of removed decorators and of the opt-in.
import streamlit as st

MODE = "background"


@st.experimental_memo(suppress_st_warning=True)  # expect: STC202, STC210
def memo_lost_the_option():
    return 1


@st.cache_data(show_time=True)  # expect: STC210
def too_early():
    return 1
