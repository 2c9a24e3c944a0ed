# A connection passed to a hashed parameter: UnhashableParamError at the call, whatever the annotation.
import sqlite3

import streamlit as st


@st.cache_resource
def get_connection(path):
    return sqlite3.connect(path, check_same_thread=False)


@st.cache_data
def get_data(conn, query):
    return conn.execute(query).fetchall()


@st.cache_data
def get_safe(_conn, query):
    return _conn.execute(query).fetchall()


@st.cache_data(hash_funcs={sqlite3.Connection: id})
def hashed_by_id(conn, query):
    return conn.execute(query).fetchall()


conn = get_connection("app.db")
rows = get_data(conn, "select 1")  # expect: STC203
safe = get_safe(conn, "select 1")
by_id = hashed_by_id(conn, "select 1")
direct = get_data(sqlite3.connect("x.db"), "q")  # expect: STC203
named = get_data(query="q", conn=conn)  # expect: STC203
with open("x.txt") as handle:
    text = get_data(handle, "q")


def page():
    c = get_connection("app.db")
    return get_data(c, "select 2")  # expect: STC203
