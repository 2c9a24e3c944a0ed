# streamlit-version: 1.67
import asyncio

import streamlit as st


async def fetch(url):
    return url


@st.cache_data
async def page(url):
    return await fetch(url)


@st.cache_data
async def stream(urls):  # expect: STC211
    for url in urls:
        yield await fetch(url)


@st.cache_data
def task(url):  # expect: STC211
    pending = asyncio.ensure_future(fetch(url))
    return pending


@st.cache_data
async def nested_generator_is_fine(url):
    def lines():
        yield url

    return list(lines())


@st.cache_data(ttl=60, refresh_mode="background")  # expect: STC210
async def background(url):
    return await fetch(url)
