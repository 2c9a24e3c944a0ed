# streamlit-version: 1.35
# Widget replay works on 1.15-1.37 with the opt-in: no STC102 there.
import streamlit as st


@st.cache_data(experimental_allow_widgets=True)
def replayed():
    return st.slider("a")


@st.cache_resource(experimental_allow_widgets=True)
def replayed_resource():
    return st.checkbox("a")


@st.cache_data(experimental_allow_widgets=False)
def opted_out():
    return st.slider("a")  # expect: STC102


@st.cache_data
def no_opt_in():
    return st.slider("a")  # expect: STC102


@st.cache(experimental_allow_widgets=True)  # expect: STC201, STC210
def legacy_has_no_replay():
    return st.slider("a")  # expect: STC102
