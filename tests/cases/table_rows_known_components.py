# Every component function the knowledge table knows is a widget inside a cached function.
import extra_streamlit_components
import st_aggrid
import streamlit_ace
import streamlit_chat
import streamlit_cookies_manager
import streamlit_drawable_canvas
import streamlit_folium
import streamlit_js_eval
import streamlit_lottie
import streamlit_option_menu

import streamlit as st


@st.cache_data
def components():
    streamlit_folium.st_folium()  # expect: STC102
    streamlit_folium.folium_static()  # expect: STC102
    streamlit_option_menu.option_menu()  # expect: STC102
    st_aggrid.AgGrid()  # expect: STC102
    streamlit_ace.st_ace()  # expect: STC102
    streamlit_drawable_canvas.st_canvas()  # expect: STC102
    streamlit_chat.message()  # expect: STC102
    streamlit_js_eval.streamlit_js_eval()  # expect: STC102
    streamlit_lottie.st_lottie()  # expect: STC102
    extra_streamlit_components.CookieManager()  # expect: STC102
    extra_streamlit_components.TabBar()  # expect: STC102
    extra_streamlit_components.stepper_bar()  # expect: STC102
    streamlit_cookies_manager.CookieManager()  # expect: STC102
    streamlit_cookies_manager.EncryptedCookieManager()  # expect: STC102
    return 1


@st.cache_data
def callbacks_run_later():
    st.selectbox("x", [1, 2], on_change=lambda: st.toast("changed"))  # expect: STC102
    st.dataframe([1], on_select=lambda: st.toast("picked"))  # expect: STC102
    st.button("go", on_click=lambda: st.toast("clicked"))  # expect: STC102
    return 1
