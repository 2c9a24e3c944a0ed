import streamlit as st

outer = st.container()


def sidebar_block():
    with st.sidebar:
        st.write("in a helper")


@st.cache_data
def misplaced():
    with st.sidebar:  # expect: STC107
        st.write("replayed into the main area on a hit")
    with outer:  # expect: STC107
        st.write("replayed outside the container on a hit")
    with st.container():
        st.write("created inside: fine")
    with st.expander("inside") as box:
        box.write("fine")
    sidebar_block()  # expect: STC107
    return 1
