# streamlit-version: 1.35
# st.file_uploader and st.camera_input are unsupported in cached functions (STC101, never STC102).
import streamlit as st


def ask_for_photo():
    return st.camera_input("Take a photo")


@st.cache_data(experimental_allow_widgets=True)
def load_upload():
    upload = st.file_uploader("CSV")  # expect: STC101
    st.sidebar.file_uploader("More")  # expect: STC101
    ask_for_photo()  # expect: STC101
    return upload


@st.cache_data
def parse(data: bytes):
    return data.decode()


upload = st.file_uploader("Outside any cached function is fine")
if upload is not None:
    parse(upload.getvalue())
