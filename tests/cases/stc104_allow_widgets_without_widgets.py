# streamlit-version: 1.30
import streamlit as st


@st.cache_data(experimental_allow_widgets=True)  # expect: STC104
def needless():
    st.write("static elements replay without the opt-in")
    return 1


@st.cache_data(experimental_allow_widgets=True)
def needed():
    return st.slider("a")


def pick():
    return st.radio("r", [1, 2])


@st.cache_data(experimental_allow_widgets=True)
def needed_through_a_helper():
    return pick()


@st.cache_data(experimental_allow_widgets=False)
def explicitly_off():
    return 1
