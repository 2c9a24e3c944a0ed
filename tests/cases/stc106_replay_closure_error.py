import streamlit as st

header = st.container()
placeholder = st.empty()
left, right = st.columns(2)


@st.cache_data
def writes_outside(df):
    header.write("Loaded")  # expect: STC106
    placeholder.text("done")  # expect: STC106
    right.dataframe(df)  # expect: STC106
    st.toast("Data loaded")  # expect: STC106
    st.html("<style>.big {font-size: 3em}</style>")  # expect: STC106
    st.html("<p class='big'>Hello</p>")
    inside = st.container()
    inside.write("created inside: fine")
    st.sidebar.write("sidebar calls replay correctly")
    return df


def main():
    status = st.empty()

    @st.cache_data  # expect: STC205
    def nested():
        status.write("closure container")  # expect: STC106
        return 1

    return nested()
