# streamlit-version: 1.30
from streamlit.legacy_caching import cache
from streamlit_folium import st_folium

import streamlit as st


@cache  # expect: STC201
def legacy_module_spelling():
    return 1


@st.cache_data
def folium_map(m):
    return st_folium(m)  # expect: STC102
