"""HTTP routes beside the app for the staff sign-in cookie, so that it can be HttpOnly.

A Streamlit script cannot set a response header: the page's own script used to write the cookie,
so any script in the page could also read it. Served through `serve.py` (Streamlit's `st.App`),
the page instead hands the freshly issued token to `POST /_archive/staff/session`, which checks it
and answers with the cookie as HttpOnly, SameSite=Strict, and Secure when the request came over
HTTPS (or through a proxy that says so). `POST /_archive/staff/sign-out` removes the cookie and
revokes the token it held. Run as plain `streamlit run app.py` (no such routes), the page falls
back to writing the cookie itself.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app_pages.access import TOKEN_SECONDS, token_is_valid
from app_pages.staff import COOKIE, revoked_tokens, staff_password

MAX_TOKEN_BYTES = 256


def _secure(request: Request) -> bool:
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return request.url.scheme == "https" or forwarded == "https"


async def start_session(request: Request) -> Response:
    """The body is a token the app has just issued: set it as the HttpOnly cookie, if it is valid."""
    token = (await request.body())[:MAX_TOKEN_BYTES].decode("ascii", errors="replace")
    password = staff_password()
    if not password or not token_is_valid(token, password, revoked=revoked_tokens()):
        return Response("not a valid staff token", status_code=403, media_type="text/plain")
    response = Response(status_code=204)
    response.set_cookie(
        COOKIE, token, max_age=TOKEN_SECONDS, path="/", httponly=True, samesite="strict", secure=_secure(request)
    )
    return response


async def end_session(request: Request) -> Response:
    """Remove the cookie, and revoke the token it held (the app has revoked it too)."""
    token = request.cookies.get(COOKIE)
    if token:
        revoked_tokens().revoke(token)
    response = Response(status_code=204)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict", secure=_secure(request))
    return response


ROUTES = [
    Route("/_archive/staff/session", start_session, methods=["POST"]),
    Route("/_archive/staff/sign-out", end_session, methods=["POST"]),
]
