import sqlite3

import pandas as pd
import requests
import streamlit as st


@st.cache_data(ttl=600)
def prices(url):
    try:
        response = requests.get(url, timeout=5)
        response.raise_for_status()
        return response.json()
    except requests.RequestException as error:  # expect: STC112
        st.error(f"could not load: {error}")
        return []


@st.cache_data
def table(path, query):
    try:
        with sqlite3.connect(path) as conn:
            return pd.read_sql(query, conn)
    except Exception:  # expect: STC112
        return pd.DataFrame()


@st.cache_data
def reraised(url):
    try:
        return requests.get(url).json()
    except Exception:
        st.error("failed")
        raise


@st.cache_data
def parse(text):
    try:
        return int(text)
    except ValueError:
        return 0


@st.cache_data
def shape(url):
    try:
        return requests.get(url).json()["items"]
    except KeyError:
        return []


def not_cached(url):
    try:
        return requests.get(url).json()
    except Exception:
        return []


@st.cache_data
def wrong_request(url):
    try:
        return requests.get(url).json()
    except requests.exceptions.InvalidSchema:
        return []


@st.cache_data
def in_memory(content):
    import io
    import json

    try:
        return json.load(io.BytesIO(content))
    except Exception:
        return {}


@st.cache_data
def reachable(url):
    try:
        return True, requests.head(url).status_code
    except requests.exceptions.SSLError:  # expect: STC112
        return False, "SSL error"
    except requests.exceptions.InvalidSchema:
        return False, "not a URL"


@st.cache_data
def local_or_mirror(name):
    try:
        return pd.read_csv(f"data/{name}.csv")
    except FileNotFoundError:
        return pd.read_csv(f"https://example.com/data/{name}.csv")  # fine: another source, its failure is raised


@st.cache_data
def local_or_nothing(name):
    try:
        return pd.read_csv(f"data/{name}.csv")
    except FileNotFoundError:  # expect: STC112
        return pd.DataFrame()
