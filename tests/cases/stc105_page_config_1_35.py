# streamlit-version: 1.35
import streamlit as st


@st.cache_resource
def configure():
    st.set_page_config(page_title="Demo")  # expect: STC105
