# streamlit-version: 1.35
import streamlit as st


@st.cache_data(experimental_allow_widgets=True)  # expect: STC301
def five_sliders():
    return [st.slider(f"s{i}") for i in range(5)]


@st.cache_data(experimental_allow_widgets=True, max_entries=10)  # expect: STC301
def max_entries_does_not_help():
    return st.slider("a"), st.slider("b")


@st.cache_data(experimental_allow_widgets=True)
def small_enough():
    return st.checkbox("a"), st.radio("b", ["x", "y", "z"]), st.slider("c", 1, 10)


@st.cache_data(experimental_allow_widgets=True)  # expect: STC302
def free_text():
    return st.text_input("Query")


@st.cache_data(experimental_allow_widgets=True)
def unknown_options(df):
    return st.selectbox("Column", df.columns)


@st.cache_data  # no widget replay: STC102 reports the widgets, not the blow-up
def not_replayed():
    return st.slider("a"), st.slider("b")  # expect: STC102
