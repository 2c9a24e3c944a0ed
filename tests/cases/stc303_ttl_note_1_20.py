# streamlit-version: 1.20
# A ttl cache expires on write in every release (cachetools' TTLCache from 1.0): the note applies.
import streamlit as st


@st.cache_data(ttl=600)  # expect: STC303
def histogram(low, high):
    return list(range(low, high))


low = st.slider("Low", 0, 1000)
high = st.slider("High", 0, 1000)
histogram(low, high)
