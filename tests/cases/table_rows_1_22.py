# streamlit-version: 1.22
import streamlit as st

box = st.beta_container()
left, right = st.beta_columns(2)
more = st.beta_expander("More")


@st.cache_data
def beta_containers():
    box.write("a")  # expect: STC106
    left.write("b")  # expect: STC106
    more.write("c")  # expect: STC106
    return 1
