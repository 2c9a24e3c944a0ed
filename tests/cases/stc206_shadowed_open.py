import streamlit as st
from myproject.storage import open


@st.cache_data
def read(path):
    return open(path)


@st.cache_data
def read_later(path):
    return write(path)


def write(path):  # a module function defined after its user is still the one called
    return path
