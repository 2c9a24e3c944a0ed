import sqlite3

import streamlit as st
from streamlit import cache_data


@cache_data(ttl=600)
def connect(path):
    connection = sqlite3.connect(path, check_same_thread=False)
    return connection


@st.cache_data(persist="disk")
def no_fix_with_persist(path):
    return open(path)


@cache_data
def stays(path):
    return path
