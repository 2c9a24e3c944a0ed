# streamlit-version: 1.30
# The deprecated decorators are cached functions too (and have no widget replay on st.cache).
import streamlit as st
from streamlit import experimental_memo


@st.cache  # expect: STC201
def legacy():
    return st.slider("a")  # expect: STC102


@st.cache(allow_output_mutation=True, suppress_st_warning=True)  # expect: STC201
def legacy_with_options():
    return st.checkbox("a")  # expect: STC102


@st.experimental_memo  # expect: STC202
def memo():
    return st.slider("a")  # expect: STC102


@experimental_memo(experimental_allow_widgets=True)  # expect: STC202
def memo_replayed():
    return st.slider("a")


@st.experimental_singleton(experimental_allow_widgets=True)  # expect: STC202
def singleton_replayed():
    return st.slider("a")
