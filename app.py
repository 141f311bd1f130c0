"""Archive Search: the Streamlit front end.

Run with `streamlit run app.py` (or ./run.sh). The index directory is $ARCHIVE_INDEX (default
var/index) and the source folder $ARCHIVE_SOURCE (default corpus); if no index exists, it is built
on first run. Pages: Search (the default; `?doc=ID` opens a document), Browse, Start here, Index status.
"""

from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="Archive Search · Immigrant Justice Network", page_icon="🔎", layout="wide")
navigation = st.navigation(
    [
        st.Page("app_pages/search.py", title="Search", default=True),
        st.Page("app_pages/browse.py", title="Browse", url_path="browse"),
        st.Page("app_pages/start_here.py", title="Start here", url_path="start-here"),
        st.Page("app_pages/status.py", title="Index status", url_path="status"),
    ]
)
navigation.run()
