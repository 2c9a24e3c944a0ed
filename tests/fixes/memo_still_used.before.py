# streamlit-version: 1.30
from streamlit import cache_data, experimental_memo


@experimental_memo
def load(path):
    return open(path).read()


def reset():
    experimental_memo.clear()
