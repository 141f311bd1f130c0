"""Staff mode: who may see internal documents and rebuild the index, in one of two ways.

- **A shared staff password** (`ARCHIVE_STAFF_PASSWORD`, or a `staff_password` Streamlit secret):
  guesses are throttled per session and per client address (app_pages/access.py); a signed-in
  staff member gets a signed, expiring cookie, so following a link (which starts a new Streamlit
  session) keeps them signed in.
- **The organization's identity provider** through Streamlit's `st.login` (OpenID Connect; the
  `streamlit[auth]` extra and an `[auth]` section in `.streamlit/secrets.toml`): staff are the
  signed-in users whose address is listed in the `staff_emails` secret (or ends with one of its
  `@domain` entries).

Everyone else sees the public archive only.
"""

from __future__ import annotations

import os
from typing import Any

import streamlit as st

from app_pages.access import THROTTLE, TOKEN_SECONDS, RevokedTokens, issue_token, password_matches, token_is_valid
from app_pages.common import index_folder
from archive.web.settings import CLIENT_ADDRESS_HEADER
from archive.web.settings import client_address as request_client_address

COOKIE = "archive_staff"
SIGNED_OUT_FILE = "staff-signed-out.json"  # beside the index: ids of tokens revoked by signing out
# Behind a reverse proxy every visitor comes from the proxy's address, so one guesser's throttle
# would lock everyone out: $ARCHIVE_CLIENT_ADDRESS_HEADER names the header the proxy writes it in.


def revoked_tokens() -> RevokedTokens:
    return RevokedTokens(index_folder() / SIGNED_OUT_FILE)


def _secret(name: str) -> Any:
    try:
        return st.secrets.get(name)
    except FileNotFoundError:  # no secrets file (StreamlitSecretNotFoundError)
        return None


def staff_password() -> str | None:
    """The staff password from $ARCHIVE_STAFF_PASSWORD or Streamlit secrets (`staff_password`)."""
    return os.environ.get("ARCHIVE_STAFF_PASSWORD") or _secret("staff_password")


def identity_provider() -> bool:
    """Is sign-in through the organization's identity provider (st.login) configured?"""
    return bool(_secret("auth"))


def staff_mode() -> bool:
    """Is any staff sign-in configured?"""
    return bool(staff_password()) or identity_provider()


def _allowed_email(email: str | None) -> bool:
    listed = _secret("staff_emails") or [e for e in os.environ.get("ARCHIVE_STAFF_EMAILS", "").split(",") if e]
    address = (email or "").strip().casefold()
    for entry in (str(e).strip().casefold() for e in listed):
        if address and (address == entry or (entry.startswith("@") and address.endswith(entry))):
            return True
    return False


def is_staff() -> bool:
    """Signed-in staff see internal documents; everyone else sees the public archive."""
    if st.session_state.get("staff"):
        return True
    password = staff_password()
    token = st.context.cookies.get(COOKIE)
    # A session keeps the cookies its browser sent when it started: after signing out, the token
    # it came with must not sign it in again.
    if (
        password
        and token != st.session_state.get("_signed_out_token")
        and token_is_valid(token, password, revoked=revoked_tokens())
    ):
        st.session_state["staff"] = True
        return True
    if not (identity_provider() and st.user.get("is_logged_in")):
        return False
    email = st.user.get("email")
    return bool(_allowed_email(email if isinstance(email, str) else None))


def _client_keys() -> list[str]:
    """The throttle's keys for this browser session and its client address."""
    session = st.session_state.setdefault("_throttle_id", os.urandom(8).hex())
    return [f"session:{session}", f"address:{client_address()}"]


def client_address() -> str:
    """The visitor's address: from the header a reverse proxy writes it in, when one is named in
    $ARCHIVE_CLIENT_ADDRESS_HEADER (its first entry: the client as the proxy saw it), else the
    connection's own."""
    header = os.environ.get(CLIENT_ADDRESS_HEADER, "").strip()
    return request_client_address(st.context.headers.get(header) if header else None, st.context.ip_address)


def _set_cookie_now() -> None:
    """Set the sign-in cookie issued by the last successful sign-in ("" after signing out): through
    the server's route, HttpOnly (app_pages/session_routes.py), or by the page itself when the app
    is run without that route. The script holds only the token's digits and hex and fixed text:
    nothing from a user reaches it."""
    token = st.session_state.pop("_issue_cookie", None)
    if token is None:
        return
    max_age = TOKEN_SECONDS if token else 0
    fallback = f"{COOKIE}={token}; Path=/; Max-Age={max_age}; SameSite=Strict"
    route = "/_archive/staff/session" if token else "/_archive/staff/sign-out"
    st.html(
        "<script>(() => {"
        f'const own = () => {{ document.cookie = "{fallback}" + (location.protocol === "https:" ? "; Secure" : ""); }};'
        f'fetch("{route}", {{method: "POST", body: "{token}", credentials: "same-origin"}})'
        ".then(answer => { if (answer.status === 404 || answer.status === 405) own(); }).catch(own);"
        "})();</script>",
        unsafe_allow_javascript=True,
    )


def sign_in_form(where: Any = st) -> bool:
    """A sign-in (password form or identity-provider button) when staff mode is configured; True
    once signed in."""
    _set_cookie_now()
    if is_staff():
        return True
    if identity_provider():
        if st.user.get("is_logged_in"):
            where.warning("Your account is not on the staff list.")
        elif where.button("Sign in with your organization", key="staff_login"):
            st.login()
    password = staff_password()
    if not password:
        return False
    with where.form("staff_sign_in"):
        typed = st.text_input("Staff password", type="password")
        if st.form_submit_button("Sign in"):
            keys = _client_keys()
            wait = THROTTLE.wait_for(keys)
            if wait > 0:
                st.error(f"Too many wrong passwords: try again in {wait:.0f} s.")
            elif password_matches(typed, password):
                THROTTLE.succeeded(keys)
                st.session_state["staff"] = True
                st.session_state["_token"] = st.session_state["_issue_cookie"] = issue_token(password)
                st.rerun()
            else:
                THROTTLE.failed(keys)
                st.error("That password is not right.")
    return False


def sign_out() -> None:
    st.session_state["staff"] = False
    token = st.context.cookies.get(COOKIE)
    st.session_state["_signed_out_token"] = token
    for issued in {token, st.session_state.pop("_token", None)} - {None}:
        revoked_tokens().revoke(issued)  # a copy of the cookie taken before now opens nothing
    st.session_state["_issue_cookie"] = ""  # an empty value with Max-Age=0 removes the cookie
    if identity_provider() and st.user.get("is_logged_in"):
        st.logout()
    st.rerun()


def staff_box() -> None:
    """A sidebar sign-in for staff, shown only when staff sign-in is configured."""
    if not staff_mode():
        _set_cookie_now()
        return
    with st.sidebar.expander("Staff", expanded=is_staff()):
        if sign_in_form():
            st.caption("Signed in: internal documents are included.")
            if st.button("Sign out", key="staff_sign_out"):
                sign_out()
