"""A sales dashboard with the caching mistakes real apps make."""

import sqlite3

import pandas as pd
import streamlit as st

st.set_page_config(page_title="Sales", layout="wide")
status = st.empty()


@st.cache_resource
def connect(path: str) -> sqlite3.Connection:
    return sqlite3.connect(path, check_same_thread=False)


@st.cache_data(ttl=600)
def load_sales(_connection: sqlite3.Connection, region: str) -> pd.DataFrame:
    # The month filter is asked for inside the cached function: it only works on a cache miss.
    months = st.slider("Months of history", 1, 36, 12)
    status.text(f"Loaded {region}")
    st.session_state["last_region"] = region
    query = "SELECT * FROM sales WHERE region = ? AND age_months <= ?"
    return pd.read_sql(query, _connection, params=(region, months))


@st.experimental_memo(persist="disk", ttl=3600)
def yearly_totals(frame: pd.DataFrame) -> pd.DataFrame:
    st.toast("Totals recomputed")
    return frame.groupby("year")["amount"].sum().reset_index()


@st.cache_data(ttl=600)
def find_customers(_connection: sqlite3.Connection, name: str) -> pd.DataFrame:
    # Every distinct search stores another entry, and nothing bounds the cache.
    return pd.read_sql("SELECT * FROM customers WHERE name LIKE ?", _connection, params=(f"%{name}%",))


region = st.sidebar.selectbox("Region", ["North", "South", "East", "West"])
sales = load_sales(connect("sales.db"), region)
st.dataframe(yearly_totals(sales))
st.dataframe(find_customers(connect("sales.db"), st.text_input("Customer")))
