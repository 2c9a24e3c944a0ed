import streamlit as st


class Loader:
    @st.cache_resource  # expect: STC209
    def load(self, path):  # expect: STC203
        self.model = path
