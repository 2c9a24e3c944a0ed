import streamlit as st


class Repository:
    def __init__(self, url):
        self.url = url

    @st.cache_data
    def rows(_self, table: str):
        query = f"SELECT * FROM {table}"  # self.url stays in this comment
        helper = lambda self: self.strip()  # noqa: E731 - this lambda's own self is left alone
        return [_self.url, query, helper(" x "), dict(self=1), other.self]

    @classmethod
    @st.cache_resource
    def client(cls):
        return cls
