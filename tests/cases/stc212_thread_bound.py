import sqlite3
from sqlite3 import connect

import streamlit as st


@st.cache_resource
def database():
    return sqlite3.connect("app.db")  # expect: STC212


@st.cache_resource
def through_a_name(path):
    conn = connect(path)  # expect: STC212
    return conn


@st.cache_resource
def shared_across_threads():
    return sqlite3.connect("app.db", check_same_thread=False)


@st.cache_resource
def decided_elsewhere(flag):
    return sqlite3.connect("app.db", check_same_thread=flag)


@st.cache_data
def rows():
    return sqlite3.connect("app.db").execute("select 1").fetchall()


def per_run():
    return sqlite3.connect("app.db")
