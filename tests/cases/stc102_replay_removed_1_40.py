# streamlit-version: 1.40
# From 1.38 widget replay is gone: the opt-in is ignored (STC103) and every widget is STC102.
import streamlit as st


@st.cache_data(experimental_allow_widgets=True)  # expect: STC103
def replayed_before():
    return st.slider("a")  # expect: STC102


@st.cache_data
def form_is_a_widget():
    with st.form("settings"):  # expect: STC102
        st.form_submit_button("Save")  # expect: STC102


@st.cache_data
def selections_are_widgets(df):
    st.dataframe(df, on_select="rerun")  # expect: STC102
    st.dataframe(df, on_select="ignore")
    st.dataframe(df)
    st.tabs(["a", "b"], on_change="rerun")  # expect: STC102
    st.tabs(["a", "b"])
    return df


def declare():
    return None


my_component = st.components.v1.declare_component("my_component", path="frontend")


@st.cache_data
def custom_component():
    return my_component(value=1)  # expect: STC102
