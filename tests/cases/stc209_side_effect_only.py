import streamlit as st

CACHE = {}
setting = None


class Loader:
    @st.cache_resource  # expect: STC209
    def load(_self, path):
        _self.model = read(path)

    @st.cache_data  # expect: STC209
    def fill(_self, rows):
        rows.append(read("x"))

    @st.cache_resource
    def returns_it(_self, path):
        _self.path = path
        return read(path)


@st.cache_data  # expect: STC209
def remember(key):
    CACHE[key] = read(key)


@st.cache_resource  # expect: STC209
def configure(value):
    global setting
    setting = value


@st.cache_data
def only_elements(text):
    st.write(text)


@st.cache_data
def returns_none_explicitly(path):
    data = {}
    data["path"] = path
    return None


@st.cache_data
def generator(path):
    CACHE[path] = 1
    yield path


@st.cache_resource
def download_once():
    read("corpus")


def read(path):
    return path
