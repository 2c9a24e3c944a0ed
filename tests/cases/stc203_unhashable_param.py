import sqlite3
import threading
from typing import Callable, Optional

import sqlalchemy as sa
import streamlit as st
from sqlalchemy.engine import Engine


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
    def client(cls):  # expect: STC203
        return cls


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


def not_cached(connection: sqlite3.Connection):
    return connection
