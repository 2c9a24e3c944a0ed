# streamlit-version: 1.44
# Style-only st.html is rendered in place before 1.45: no replay error yet.
import streamlit as st


@st.cache_data
def styled():
    st.html("<style>.x {color: red}</style>")
    return 1
