import pandas as pd
import streamlit as st

from data import get_dataset

frame = st.experimental_memo(pd.read_csv)("a.csv")
model = st.cache(allow_output_mutation=True)(get_dataset)()
memo = st.experimental_memo(ttl=60, suppress_st_warning=True)  # keeps this comment
st.experimental_singleton.clear()
