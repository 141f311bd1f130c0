"""The archive over HTTP: a JSON API and Atom feeds for every search (contract in docs/reference.md).

One Starlette application (`create_api`) holds every route. `python -m archive serve` runs it on its
own under uvicorn; `serve.py` (what run.sh starts) mounts the same application beside the Streamlit
app, so the app's own address also answers `/api/…` and `/feeds/…`.
"""

from archive.web.app import create_api, mounted
from archive.web.settings import ApiSettings

__all__ = ["ApiSettings", "create_api", "mounted"]
