import sqlite3
import threading
from sqlalchemy import create_engine

import streamlit as st


@st.cache_data
def connect(path):
    return sqlite3.connect(path)  # expect: STC206


@st.cache_data
def engine(url):
    created = create_engine(url)  # expect: STC206
    return created


@st.cache_data
def handle(path):
    return open(path)  # expect: STC206


@st.cache_data
def lock_and_value():
    return threading.Lock(), 1  # expect: STC206


@st.cache_data
def reads_a_file(path):
    with open(path) as stream:
        return stream.read()


@st.cache_resource
def shared(path):
    return sqlite3.connect(path, check_same_thread=False)

