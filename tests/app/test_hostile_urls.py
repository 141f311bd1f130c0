"""Hostile addresses shown to the app (#27.11): a time of `inf` or `1e300`, a date that is none, a
page a billion results in. Each once showed a visitor a traceback with server paths or "showing
0–9999999990"; now each is left out or brought within range, saying so where it matters."""

from __future__ import annotations

import html

import pytest
from streamlit.testing.v1 import AppTest

WEBINAR = "webinars/three-principles-demo-webinar.vtt"
FLYER = "pdfs/ending-criminalization-stops-deportations.pdf"


def shown(app: AppTest) -> str:
    return html.unescape("\n".join(m.value for m in app.markdown))


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        ({"q": "bond", "from": "not-a-date"}, "The from= of this address is not a date"),
        ({"q": "bond", "to": "2020-99"}, "The to= of this address is not a date"),
        ({"q": "bond", "page": "1000000000"}, ""),
        ({"q": "bond", "page": "99999999999999999999999"}, ""),
        ({"q": "bond", "page": "-3", "sort": "<script>"}, ""),
    ],
)
def test_a_hostile_search_address_gives_a_page_not_a_traceback(app: AppTest, params: dict, notice: str) -> None:
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception
    assert "showing 1–2" in shown(app)  # the last page there is, not "showing 0–9999999990"
    assert notice in shown(app)


@pytest.mark.parametrize(
    ("doc", "extra"),
    [
        (WEBINAR, {"at": "inf"}),
        (WEBINAR, {"at": "1e300"}),
        (WEBINAR, {"at": "nan"}),
        (FLYER, {"page": "1e9"}),
        (FLYER, {"page": "99999999999999999999"}),
        (WEBINAR, {"part": "-1"}),
    ],
)
def test_a_hostile_document_address_opens_the_document(app: AppTest, doc: str, extra: dict) -> None:
    app.query_params["doc"] = doc
    for key, value in extra.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception and not app.error
    assert 'class="doc-title"' in shown(app)


def test_visitors_are_shown_no_error_details() -> None:
    """Whatever fails, Streamlit shows a visitor no traceback (defence in depth)."""
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit/config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"
