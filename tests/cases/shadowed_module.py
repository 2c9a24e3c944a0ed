# `import sympy as st` rebinds st: nothing below is Streamlit.
import streamlit as st
import sympy as st


@st.cache_data
def not_cached():
    return st.slider("a")
