"""Archive Search: the Streamlit front end.

Run with `streamlit run app.py` (or ./run.sh). The index directory is $ARCHIVE_INDEX (default
var/index) and the source folder $ARCHIVE_SOURCE (default corpus); if no index exists, it is built
on first run. Pages: Search (the default; `?doc=ID` opens a document), Browse, Start here, Index status.
"""

from __future__ import annotations

import logging

import streamlit as st

from archive import IndexNotFoundError

st.set_page_config(page_title="Archive Search · Immigrant Justice Network", page_icon="🔎", layout="wide")
navigation = st.navigation(
    [
        st.Page("app_pages/search.py", title="Search", default=True),
        st.Page("app_pages/browse.py", title="Browse", url_path="browse"),
        st.Page("app_pages/start_here.py", title="Start here", url_path="start-here"),
        st.Page("app_pages/status.py", title="Index status", url_path="status"),
    ]
)
try:
    navigation.run()
except IndexNotFoundError as exc:
    # A visitor gets a page that says what to do, never a traceback with the server's paths; the
    # operator finds the details in the server's log.
    logging.getLogger("archive").error("index unavailable: %s", exc)
    st.error(IndexNotFoundError.public_message)
