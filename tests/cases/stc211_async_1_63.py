# streamlit-version: 1.63
import asyncio

import streamlit as st


async def fetch(url):
    return url


@st.cache_data
async def page(url):  # expect: STC211
    return await fetch(url)


@st.cache_resource
async def session(url):  # expect: STC211
    return await fetch(url)


@st.cache_data
def unawaited(url):  # expect: STC211
    return fetch(url)


@st.cache_data
def awaited(url):
    return asyncio.run(fetch(url))
