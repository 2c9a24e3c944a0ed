# streamlit-version: 1.30
from streamlit import cache_data, experimental_memo


@cache_data
def load(path):
    return open(path).read()


def reset():
    experimental_memo.clear()
