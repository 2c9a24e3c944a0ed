import streamlit as st


@st.cache_data
def chat():
    question = st.chat_input("Ask")  # expect: STC102, STC106
    st.sidebar.chat_input("inline in the sidebar")  # expect: STC102
    with st.container():
        st.chat_input("inline in a container")  # expect: STC102
    st.bottom.caption("pinned")  # expect: STC106
    st.html("<!-- brand colours --><style>.x {color: red}</style>")  # expect: STC106
    return question
