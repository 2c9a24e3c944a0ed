"""An image-classification playground, written against Streamlit 1.30 habits."""

import streamlit as st
from PIL import Image


def pick_weights():
    return st.radio("Weights", ["imagenet", "random"], horizontal=True)


@st.cache_resource(experimental_allow_widgets=True)
def load_model(name: str):
    import torchvision

    weights = "DEFAULT" if pick_weights() == "imagenet" else None
    with st.sidebar:
        st.caption(f"Model: {name}")
    return getattr(torchvision.models, name)(weights=weights).eval()


@st.cache_data(experimental_allow_widgets=True)
def load_image():
    upload = st.file_uploader("Image", type=["png", "jpg"])
    return Image.open(upload) if upload else None


@st.cache_data(experimental_allow_widgets=True)
def labels(path: str) -> list[str]:
    with open(path) as handle:
        return handle.read().splitlines()


model = load_model(st.selectbox("Architecture", ["resnet18", "resnet50"]))
image = load_image()
if image is not None:
    st.image(image)
    st.write(labels("imagenet_classes.txt")[:5])
