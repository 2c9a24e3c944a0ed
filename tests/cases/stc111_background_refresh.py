import streamlit as st

REGIONS = ("eu", "us")


def show_progress():
    st.progress(50)


@st.cache_data(ttl=600, refresh_mode="background")
def prices(region):
    st.toast("Refreshing")  # expect: STC111
    show_progress()  # expect: STC111
    currency = st.session_state.get("currency")  # expect: STC111
    who = st.user.email  # expect: STC111
    with st.sidebar:  # expect: STC111
        st.caption("loaded")  # expect: STC111
    password = st.secrets["db_password"]
    token = st.secrets.get("token") if region in REGIONS else None
    rows = st.connection("sql").query("select 1")
    st.cache_data.clear()
    st.cache_resource.clear()
    return region, currency, who, password, token, rows


@st.cache_data(ttl=600, refresh_mode="foreground")
def foreground(region):
    st.write("replayed on hits")
    return region


@st.cache_resource(ttl=600, refresh_mode="background")
def client(url):
    return {"url": url}
