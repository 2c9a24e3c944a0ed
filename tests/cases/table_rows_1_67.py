# streamlit-version: 1.67
# One case for each row of the knowledge table that no other case reaches (issue 17's list).
import streamlit as st

outer_grid = st.grid(2)
outer_cell = outer_grid.cell()
outer_skeleton = st.skeleton()
mount = st.components.v2.component("picker", html="<div></div>")


@st.dialog("Details")
def details():
    st.write("more")


@st.cache_data
def opens_dialog():
    details()  # expect: STC106
    return 1


@st.cache_data
def clickable_link():
    st.link_button("Docs", "https://docs.streamlit.io", on_click="rerun")  # expect: STC102
    st.link_button("Docs", "https://docs.streamlit.io")
    return 1


@st.cache_data
def mounted_component():
    return mount(key="p")  # expect: STC102


@st.cache_data
def grid_cells():
    outer_grid.cell().write("x")  # expect: STC106
    inner = st.grid(2)
    inner.cell().write("fine: made inside")
    outer_cell.write("x")  # expect: STC106
    return 1


@st.cache_data
def skeleton_placeholder():
    box = st.skeleton()
    box.write("fine: made inside")
    outer_skeleton.write("x")  # expect: STC106
    return 1


@st.cache_data
def never_replayed():
    st.logo("logo.png")  # expect: STC105
    st.login()  # expect: STC105
    st.logout()  # expect: STC105
    return 1


@st.cache_data
def status_container():
    with st.status("Loading") as status:
        status.write("fine: made inside")
    return 1


@st.cache_data
def callback_runs_later():
    with st.container():
        st.chat_input("Ask", on_submit=lambda: st.toast("sent"))  # expect: STC102
    return 1
