# streamlit-version: 1.24
# From 1.18 memo and singleton are the new decorators' classes: hash_funcs works on them from 1.24.
import sqlite3

import streamlit as st


@st.experimental_memo(hash_funcs={sqlite3.Connection: id})  # expect: STC202
def covered(conn: sqlite3.Connection):
    return conn.execute("select 1").fetchall()


@st.experimental_singleton(hash_funcs={sqlite3.Connection: id})  # expect: STC202
def covered_resource(conn: sqlite3.Connection):
    return conn


@st.experimental_memo  # expect: STC202
def not_covered(conn: sqlite3.Connection):  # expect: STC203
    return conn.execute("select 1").fetchall()
