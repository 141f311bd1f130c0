"""Who is staff, without Streamlit: signed sign-in tokens and a throttle on password guesses.

A staff member signs in once and stays signed in as they follow links (each link opens a new
Streamlit session, which starts with empty session state), so the sign-in is kept in a cookie
holding a token: an expiry time and an HMAC of it keyed by the staff password. A token cannot be
made without the password, stops working when it expires, and every token ever issued stops
working when the password is changed.

Password guesses are throttled per browser session and per client address: after a few wrong
guesses each further guess must wait twice as long as the one before (up to a quarter of an hour),
and a guess made while waiting is refused unread, even when it is right.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from dataclasses import dataclass, field

TOKEN_SECONDS = 8 * 3600  # a working day
FREE_GUESSES = 3  # wrong guesses allowed before delays begin
FIRST_DELAY = 2.0  # seconds, doubled with every further wrong guess
MAX_DELAY = 900.0


def _key(password: str) -> bytes:
    return hashlib.sha256(b"archive-search staff token\x00" + password.encode("utf-8")).digest()


def issue_token(password: str, now: float | None = None, lifetime: float = TOKEN_SECONDS) -> str:
    """A sign-in token valid for `lifetime` seconds from `now`."""
    expires = int((time.time() if now is None else now) + lifetime)
    mac = hmac.new(_key(password), f"staff.{expires}".encode(), hashlib.sha256).hexdigest()
    return f"{expires}.{mac}"


def token_is_valid(token: str | None, password: str, now: float | None = None) -> bool:
    """Was this token issued with this password, and is it still unexpired?"""
    if not token or "." not in token:
        return False
    expires, _, mac = token.partition(".")
    if not expires.isdigit():
        return False
    expected = hmac.new(_key(password), f"staff.{expires}".encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(mac.encode(), expected.encode()) and int(expires) > (time.time() if now is None else now)


def password_matches(typed: str, password: str) -> bool:
    """Constant-time comparison: how long it takes says nothing about how much of it was right."""
    return hmac.compare_digest(typed.encode("utf-8"), password.encode("utf-8"))


@dataclass
class _Record:
    failures: int = 0
    next_allowed: float = 0.0


@dataclass
class Throttle:
    """Wrong guesses per key (a session id, a client address), shared by all sessions of a process."""

    records: dict[str, _Record] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_for(self, keys: list[str], now: float | None = None) -> float:
        """Seconds until any of `keys` may guess again (0: now)."""
        now = time.monotonic() if now is None else now
        with self.lock:
            return max((max(0.0, r.next_allowed - now) for k in keys if (r := self.records.get(k))), default=0.0)

    def failed(self, keys: list[str], now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self.lock:
            for key in keys:
                record = self.records.setdefault(key, _Record())
                record.failures += 1
                if record.failures >= FREE_GUESSES:
                    delay = min(MAX_DELAY, FIRST_DELAY * 2 ** (record.failures - FREE_GUESSES))
                    record.next_allowed = now + delay

    def succeeded(self, keys: list[str]) -> None:
        with self.lock:
            for key in keys:
                self.records.pop(key, None)


THROTTLE = Throttle()
