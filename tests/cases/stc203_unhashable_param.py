import sqlite3
import threading
from typing import Callable, Optional

import sqlalchemy as sa
import streamlit as st
from sqlalchemy.engine import Engine

HASH_FUNCS = {}


class Repository:
    @st.cache_data
    def rows(self, table: str):  # expect: STC203
        return table

    @st.cache_data
    def skipped(_self, table: str):
        return table

    @staticmethod
    @st.cache_data
    def static(self_like: int):
        return self_like

    @classmethod
    @st.cache_resource
    def client(cls):  # classes hash by name
        return cls


class Hashed:
    @st.cache_data(hash_funcs={"cases.Hashed": id})
    def rows(self, table: str):  # hash_funcs covers the class
        return table


@st.cache_data
def load(
    connection: sqlite3.Connection,  # expect: STC203
    engine: Optional[Engine],  # expect: STC203
    other: "sa.Engine",
    lock: threading.Lock | None = None,  # expect: STC203
    *,
    key: Callable[[int], int] = abs,  # expect: STC203
    _skipped_engine: Engine = None,
    rows: int = 10,
):
    return rows


@st.cache_resource
def connect(url: str, pool: sa.Engine):  # expect: STC203
    return url


@st.cache_data(hash_funcs={sqlite3.Connection: id, "threading.Lock": id})
def with_hash_funcs(connection: sqlite3.Connection, lock: threading.Lock, pool: sa.Engine):  # expect: STC203
    return connection


@st.cache_data(hash_funcs=HASH_FUNCS)
def hash_funcs_from_a_name(connection: sqlite3.Connection):  # may cover anything: silent
    return connection


def not_cached(connection: sqlite3.Connection):
    return connection
