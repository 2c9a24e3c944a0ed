import pandas as pd
import streamlit as st

from data import get_dataset

frame = st.cache_data(pd.read_csv)("a.csv")
model = st.cache_resource()(get_dataset)()
memo = st.cache_data(ttl=60)  # keeps this comment
st.cache_resource.clear()
