import streamlit as st


def page(threshold):
    @st.cache_data  # expect: STC205
    def filtered(values):
        return [v for v in values if v > threshold]

    return filtered((1, 2))


for name in ("a", "b"):

    @st.cache_data  # expect: STC205
    def per_name():
        return name


def factory():
    class Loader:
        @st.cache_data  # expect: STC205
        def load(_self):
            return 1

    return Loader


class AtModuleLevel:
    @st.cache_data
    def fine(_self):
        return 1


if True:

    @st.cache_data
    def conditional_but_module_level():
        return 1
