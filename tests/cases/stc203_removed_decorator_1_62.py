# streamlit-version: 1.62
import threading

import streamlit as st


class Store:
    @st.cache  # expect: STC201
    def rows(self, lock: threading.Lock):
        return []


@st.cache_data
def still_reported(lock: threading.Lock):  # expect: STC203
    return 1
