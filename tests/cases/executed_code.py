# The Streamlit calls a cached body executes: containers, with blocks, comprehensions, lambdas,
# nested functions that are called, and helpers of the same module.
import streamlit as st


def helper():
    return st.slider("in helper")


def outer_helper():
    return helper()


def recursive_a(n):
    st.checkbox("in a")
    return recursive_b(n - 1) if n else 0


def recursive_b(n):
    return recursive_a(n)


def only_a_callback():
    st.session_state["clicked"] = True


@st.cache_data
def containers():
    left, right = st.columns(2)
    left.slider("a")  # expect: STC102
    cols = st.columns(3)
    cols[0].radio("b", [1, 2])  # expect: STC102
    for column in st.columns(2):
        column.checkbox("c")  # expect: STC102
    with st.expander("more") as more:
        more.toggle("d")  # expect: STC102
        st.text_input("e")  # expect: STC102
    st.sidebar.number_input("f")  # expect: STC102
    tab_a, tab_b = st.tabs(["a", "b"])
    tab_b.write("static elements replay correctly")
    return right


@st.cache_data
def comprehensions_and_lambdas():
    values = [st.checkbox(f"opt {i}") for i in range(3)]  # expect: STC102
    pick = lambda: st.radio("r", [1, 2])  # noqa: E731 - expect: STC102
    pick()  # lambda bodies report where they are written
    st.button("go", on_click=lambda: st.session_state.update(go=True))  # expect: STC102
    st.button("stop", on_click=only_a_callback)  # expect: STC102
    unused = lambda: st.slider("never runs")  # noqa: E731
    return values, unused


@st.cache_data
def nested_functions():
    def called():
        return st.slider("called")  # expect: STC102

    def returned():
        return st.slider("only returned")

    called()
    return returned


@st.cache_data
def through_helpers():
    helper()  # expect: STC102
    outer_helper()  # expect: STC102
    recursive_a(3)  # expect: STC102
    return 1


@st.cache_data
def cached_callee():
    return st.slider("its own finding")  # expect: STC102


@st.cache_data
def calls_cached_function():
    return cached_callee()  # cached_callee reports its own widget
