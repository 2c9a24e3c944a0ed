# Entries known to be tiny (None, booleans, numbers, short strings) are no blow-up worth a finding.
import streamlit as st


@st.cache_data
def in_range(low, high):
    if low > high:
        return False
    return True


@st.cache_data
def label(low, high):
    return "ok"


@st.cache_data  # expect: STC303
def values(low, high):
    return list(range(low, high))


@st.cache_data  # expect: STC303
def long_label(low, high):
    return "a label longer than sixty-four characters, which is no longer a tiny entry at all"


low = st.slider("Low", 0, 1000)
high = st.slider("High", 0, 1000)
in_range(low, high)
label(low, high)
values(low, high)
long_label(low, high)
