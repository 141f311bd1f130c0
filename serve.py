"""The app as it is served: the Streamlit app (app.py) with the HTTP routes it needs beside it.

`streamlit run serve.py` (what run.sh starts) finds the `st.App` below and serves app.py through
it, with the staff cookie's routes (app_pages/session_routes.py). `streamlit run app.py` still works,
without them (the staff cookie is then written by the page and is not HttpOnly).
"""

from pathlib import Path

import streamlit as st

from app_pages.session_routes import ROUTES

app = st.App(Path(__file__).with_name("app.py"), routes=ROUTES)
