import os

import streamlit as st

LIMIT = 10
TOKEN = os.environ.get("TOKEN")
ticker = st.sidebar.text_input("Ticker", "AAPL")
left, right = st.columns(2)
period = left.selectbox("Period", ["1d", "5d"])
label = f"{ticker} over {period}"
low, high = st.slider("Range", 0, 100, (10, 90))
customer = st.session_state.get("customer")
page = st.query_params.get("page", "1")
with st.sidebar:
    region = st.radio("Region", ["EU", "US"])


def pick_theme():
    return st.selectbox("Theme", ["light", "dark"])


theme = pick_theme()
counter = 0
counter += 1


def uses_label():
    return label.upper()


@st.cache_data
def prices():
    first = download(ticker)  # expect: STC109
    again = download(ticker)
    return first, again, period, LIMIT, TOKEN  # expect: STC109


@st.cache_data
def through_helper(n):
    return uses_label() + str(n)  # expect: STC109


@st.cache_data
def several(n):
    return low, high, customer, page, region, theme, n  # expect: STC109


@st.cache_data
def constants_and_parameters(ticker, n):
    ticker = ticker.strip()
    return ticker, LIMIT, counter, n


@st.cache_data
def declares_global(n):
    global period
    period = "1d"
    return n


@st.cache_data
def locals_shadow(n):
    region = "EU"
    return region, n


def download(symbol):
    return symbol
