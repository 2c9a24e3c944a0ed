# streamlit-version: 1.35
# The legacy st.cache keeps results in memory before its 1.36 alias: persist with ttl is not STC204's.
# Its own hasher copes with a connection passed in: no STC203 at the call.
import sqlite3

import streamlit as st


@st.cache(persist=True, ttl=600)  # expect: STC201
def legacy(path):
    return path


SHARED_CONNECTION = sqlite3.connect("app.db")


@st.cache  # expect: STC201
def legacy_query(connection, q):
    return q


legacy_query(SHARED_CONNECTION, "select 1")
