"""The app as it is served: the Streamlit app (app.py) with the HTTP routes it needs beside it.

`streamlit run serve.py` (what run.sh starts) finds the `st.App` below and serves app.py through
it, with the staff cookie's routes (app_pages/session_routes.py) and the JSON API and Atom feeds
(archive/web: `/api/…`, `/feeds/…`, set up by ARCHIVE_PUBLIC_URL, ARCHIVE_CORS_ORIGINS and
ARCHIVE_API_RATE_LIMIT). `streamlit run app.py` still works, without them (the staff cookie is
then written by the page and is not HttpOnly, and there is no API).
"""

from pathlib import Path

import streamlit as st

from app_pages.common import index_folder
from app_pages.session_routes import ROUTES
from archive.web import ApiSettings, create_api, mounted

api = create_api(ApiSettings.from_environment(index_folder()))
app = st.App(Path(__file__).with_name("app.py"), routes=[*ROUTES, *mounted(api)])
