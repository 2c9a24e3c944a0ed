# Which names mean Streamlit. Every function below is decorated; only real Streamlit calls count.
import streamlit as st
import streamlit.components.v1 as components
import sympy as sp
from streamlit import slider as streamlit_slider
from streamlit import sidebar

try:
    from streamlit import cache_data
except ImportError:  # an unknown value bound in an except block does not hide the import
    cache_data = None


@cache_data
def imported_command():
    return streamlit_slider("a")  # expect: STC102


@st.cache_data
def imported_sidebar():
    return sidebar.slider("a")  # expect: STC102


@st.cache_data
def parameter_shadows(st):
    return st.slider("a")


@st.cache_data
def local_shadows():
    st = sp
    return st.slider("a")


@st.cache_data
def sympy_is_not_streamlit():
    return sp.slider("a")


@st.cache_data
def components_html_is_static():
    components.html("<b>hi</b>")
    return 1


def slider(label):
    return label


@st.cache_data
def module_function_shadows():
    return slider("a")
