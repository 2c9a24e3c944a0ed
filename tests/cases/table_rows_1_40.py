# streamlit-version: 1.40
import streamlit as st

outside = st.status("Working")


@st.cache_data
def recorder():
    return st.experimental_audio_input("Say it")  # expect: STC102


@st.cache_data
def writes_to_status():
    outside.write("done")  # expect: STC106
    return 1
