# streamlit-version: 1.40
import streamlit as st

state = st.session_state


def remember(value):
    st.session_state["last"] = value


def on_change():
    st.session_state.changed = True


@st.cache_data
def writes_state(n):
    st.session_state["count"] = n  # expect: STC105
    st.session_state.total = n  # expect: STC105
    st.session_state.count += 1  # expect: STC105
    del st.session_state["old"]  # expect: STC105
    st.session_state.update(a=1)  # expect: STC105
    st.session_state.setdefault("b", 2)  # expect: STC105
    state["alias"] = 1  # expect: STC105
    remember(n)  # expect: STC105
    st.query_params["page"] = "2"  # expect: STC105
    st.query_params.from_dict({"a": "1"})  # expect: STC105
    st.experimental_set_query_params(a=1)  # expect: STC105
    current = st.session_state.get("count")  # expect: STC108
    st.write(st.session_state["count"], current, st.query_params.get("page"))  # expect: STC108
    st.text_input("name", on_change=on_change)  # expect: STC102
    return n


@st.cache_data
def controls_flow(n):
    if n < 0:
        st.stop()  # expect: STC105
    if n == 0:
        st.rerun()  # expect: STC105
    if n == 1:
        st.experimental_rerun()  # expect: STC105
    if n == 2:
        st.switch_page("pages/other.py")  # expect: STC105
    st.set_page_config(layout="wide")  # expect: STC105
    return n
