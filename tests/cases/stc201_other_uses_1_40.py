# streamlit-version: 1.40
import streamlit as st


def _load():
    return 1


st.cache.clear()  # expect: STC201
loaded = st.cache(allow_output_mutation=True)(_load)  # expect: STC201
persisted = st.cache(allow_output_mutation=True, persist=True)(_load)  # expect: STC201
