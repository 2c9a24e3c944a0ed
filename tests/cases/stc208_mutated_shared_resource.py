# streamlit-version: 1.35
import pandas as pd
import streamlit as st


@st.cache_resource
def history():
    return []


@st.cache_resource
def frame():
    return pd.DataFrame({"a": [1]})


@st.cache_resource
def model():
    return load_model()


@st.experimental_singleton  # expect: STC202
def registry():
    return {}


@st.cache(allow_output_mutation=True)  # expect: STC201
def legacy_store():
    return {}


@st.cache_data
def copy_each_time():
    return []


messages = history()
messages.append("hello")  # expect: STC208
history().extend(["a"])  # expect: STC208
messages.clear()  # expect: STC208
table = frame()
table["b"] = 2  # expect: STC208
table.loc[0, "a"] = 3  # expect: STC208
table.drop(columns=["a"], inplace=True)  # expect: STC208
del registry()["x"]  # expect: STC208
store = legacy_store()
store["hits"] += 1  # expect: STC208

net = model()
net.eval()
net.update(weights=1)
net.add(layer=2)
net.training = False

copy = copy_each_time()
copy.append(1)
copy_each_time()[0] = 2


def remember(target, text):
    target.append(text)


def main():
    rows = history()
    rows.insert(0, "first")  # expect: STC208
    remember(rows, "x")  # expect: STC208
    rows = list(rows)
    rows.append("copy")


def load_model():
    return object()


class Settings:
    def __init__(self):
        self.options = {}
        self.items = []
        self.user = None


@st.cache_resource
def app_settings():
    return Settings()


def store_setting(name, value):
    conf = app_settings()
    conf.options[name] = value  # expect: STC208
    conf.items.append(value)  # expect: STC208
    conf.user = name  # expect: STC208
    conf.user = None
    return conf.options.get(name)
