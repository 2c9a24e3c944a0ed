import streamlit as st


@st.cache_data  # expect: STC303
def histogram(low, high):
    return range(low, high)


@st.cache_data(max_entries=100)
def bounded(low, high):
    return range(low, high)


@st.cache_data
def small(flag, choice):
    return flag, choice


@st.cache_data  # expect: STC303
def search(query):
    return query


@st.cache_data
def skipped(_low, _high):
    return _low


def page():
    low = st.slider("Low", 0, 1000)
    high = st.slider("High", 0, 1000)
    histogram(low, high)
    bounded(low, high)
    small(st.checkbox("flag"), st.radio("choice", ["a", "b"]))
    search(st.text_input("Search"))
    skipped(low, high)
