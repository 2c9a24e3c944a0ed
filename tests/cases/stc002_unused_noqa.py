# streamlit-version: 1.40
import streamlit as st


@st.cache_data
def load():
    rows = st.slider("Rows")  # noqa: STC102
    return rows  # noqa: STC102 - expect: STC002


@st.cache_data
def notify():
    st.toast("loaded")  # noqa: STC106, STC101 - expect: STC002


@st.cache_data
def choose():
    return st.checkbox("Legend")  # noqa: E501, STC1


# A code of a rule that cannot report in this release is unused too.
@st.cache_data(experimental_allow_widgets=True)  # noqa: STC104 - expect: STC002, STC103
def opted_in():
    return 1


# noqa: STC105 - expect: STC002
def plain():  # noqa: E501, W291
    return 1
