# A value kept in session state changed in place is a write that runs only on a miss (STC105), not
# a read (STC108).
import streamlit as st


@st.cache_data
def load(x):
    st.session_state.history.append(x)  # expect: STC105
    st.session_state["log"].extend([x])  # expect: STC105
    st.session_state.history[0] = x  # expect: STC105
    st.session_state["log"][1] = x  # expect: STC105
    st.session_state.counts.update({x: 1})  # expect: STC105
    del st.session_state.history[0]  # expect: STC105
    st.session_state.__setitem__("k", x)  # expect: STC105
    st.session_state.__delitem__("k")  # expect: STC105
    st.session_state.__setattr__("k", x)  # expect: STC105
    st.session_state.pop("k", None)  # expect: STC105
    st.session_state.setdefault("k", x)  # expect: STC105
    st.query_params.clear()  # expect: STC105
    return len(st.session_state.history)  # expect: STC108


@st.cache_data
def reads_only(x):
    latest = st.session_state.history[-1]  # expect: STC108
    return x, latest


def not_cached(x):
    st.session_state.history.append(x)
