import streamlit as st


@st.cache_data(persist="disk", ttl=3600)  # expect: STC204
def a():
    return 1


@st.cache_data(ttl="1h", persist=True)  # expect: STC204
def b():
    return 1


@st.cache_data(persist="disk")
def c():
    return 1


@st.cache_data(persist=False, ttl=60)
def d():
    return 1


@st.cache_data(persist="disk", ttl=None)
def e():
    return 1


@st.cache_resource(ttl=60)
def f():
    return 1


@st.cache(persist=True, ttl=60)  # expect: STC201, STC204
def legacy_alias_of_cache_data():
    return 1


@st.cache(allow_output_mutation=True, ttl=60)  # expect: STC201
def legacy_alias_of_cache_resource():
    return 1
