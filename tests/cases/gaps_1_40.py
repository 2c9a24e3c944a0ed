# streamlit-version: 1.40
# Rule logic that no other case reached (the mutants of issue 30): each line tests one branch.
import sqlite3
from typing import Annotated, Optional, Union

import streamlit as st

TTL = 600


def _load(path):
    return path


load = st.experimental_memo(_load)  # expect: STC202
resource = st.experimental_singleton(lambda: 1)  # expect: STC202


@st.cache_data(persist="disk", ttl=TTL)  # expect: STC204
def persisted(path):
    return path


@st.cache_data
def union(conn: Union[sqlite3.Connection, None], q):  # expect: STC203
    return q


@st.cache_data
def annotated(conn: Annotated[sqlite3.Connection, "db"], q):  # expect: STC203
    return q


@st.cache_data
def union_second(q, conn: Union[None, sqlite3.Connection]):  # expect: STC203
    return q


@st.cache_data
def annotated_metadata(q: Annotated[int, sqlite3.Connection]):
    return q  # fine: Annotated's extra arguments are metadata, not the type


@st.cache_data
def optional(conn: Optional[sqlite3.Connection], q):  # expect: STC203
    return q


@st.cache  # expect: STC201
def aliased_connection(path):
    return sqlite3.connect(path)  # expect: STC206


email = st.context.headers.get("x-email")


@st.cache_data
def twice():
    return email, email  # expect: STC110


@st.experimental_dialog("Old dialog")
def old_details():
    st.write("more")


@st.cache_data
def opens_old_dialog():
    old_details()  # expect: STC106
    return 1
