"""Widget replay in numbers: `lint-cache estimate` counts what `lint-cache simulate --enumerate` stores."""

import streamlit as st


@st.cache_data(experimental_allow_widgets=True)  # lint-cache: entry-size=20MB
def chart_options():
    kind = st.radio("Chart", ["line", "bar", "area"])
    smoothing = st.slider("Smoothing", 0, 10)
    legend = st.checkbox("Legend")
    return {"kind": kind, "smoothing": smoothing, "legend": legend}


@st.cache_data
def load(region, year):
    return {"region": region, "year": year}


region = st.selectbox("Region", ["North", "South", "East", "West"])
year = st.slider("Year", 2015, 2024)
st.write(chart_options(), load(region, year))
