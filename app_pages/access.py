"""Who is staff, without Streamlit: signed sign-in tokens and a throttle on password guesses.

A staff member signs in once and stays signed in as they follow links (each link opens a new
Streamlit session, which starts with empty session state), so the sign-in is kept in a cookie
holding a token: an expiry time, a random id and an HMAC of both keyed by the staff password. A
token cannot be made without the password, stops working when it expires, every token ever issued
stops working when the password is changed, and signing out revokes the token on the server (its
id is kept in a file beside the index until it would have expired), so a copy taken before
signing out opens nothing.

Password guesses are throttled per browser session and per client address: after a few wrong
guesses each further guess must wait twice as long as the one before (up to a quarter of an hour),
and a guess made while waiting is refused unread, even when it is right.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

TOKEN_SECONDS = 8 * 3600  # a working day
FREE_GUESSES = 3  # wrong guesses allowed before delays begin
FIRST_DELAY = 2.0  # seconds, doubled with every further wrong guess
MAX_DELAY = 900.0


def _key(password: str) -> bytes:
    return hashlib.sha256(b"archive-search staff token\x00" + password.encode("utf-8")).digest()


def issue_token(password: str, now: float | None = None, lifetime: float = TOKEN_SECONDS) -> str:
    """A sign-in token valid for `lifetime` seconds from `now`: `expires.id.mac` (digits and hex)."""
    expires = int((time.time() if now is None else now) + lifetime)
    token_id = secrets.token_hex(16)
    mac = hmac.new(_key(password), f"staff.{expires}.{token_id}".encode(), hashlib.sha256).hexdigest()
    return f"{expires}.{token_id}.{mac}"


def token_is_valid(
    token: str | None, password: str, now: float | None = None, revoked: RevokedTokens | None = None
) -> bool:
    """Was this token issued with this password, is it unexpired, and not signed out?"""
    parts = _parts(token or "")
    if parts is None:
        return False
    expires, token_id, mac = parts
    expected = hmac.new(_key(password), f"staff.{expires}.{token_id}".encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(mac.encode(), expected.encode()):
        return False
    return expires > (time.time() if now is None else now) and not (revoked and revoked.holds(token_id))


def _parts(token: str) -> tuple[int, str, str] | None:
    """A well-formed token's expiry time, id and MAC (`expires.id.mac`), else None."""
    parts = token.split(".")
    if len(parts) != 3 or not parts[0].isascii() or not parts[0].isdigit() or len(parts[0]) > 12:
        return None
    return int(parts[0]), parts[1], parts[2]


@dataclass
class RevokedTokens:
    """The ids of signed-out tokens, in a file shared by every process of the app (a restart must not
    bring a signed-out cookie back), each kept until the token would have expired anyway."""

    path: Path
    lock: threading.Lock = field(default_factory=threading.Lock)

    def holds(self, token_id: str) -> bool:
        return token_id in self._read()

    def revoke(self, token: str, now: float | None = None) -> None:
        parts = _parts(token)
        if parts is None:
            return
        expires, token_id, _ = parts
        now = time.time() if now is None else now
        with self.lock:
            kept = {i: t for i, t in self._read().items() if t > now}
            kept[token_id] = expires
            temporary = self.path.with_name(self.path.name + f".{os.getpid()}.part")
            temporary.write_text(json.dumps(kept), encoding="utf-8")
            temporary.replace(self.path)

    def _read(self) -> dict[str, int]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {str(k): int(v) for k, v in data.items() if isinstance(v, int)} if isinstance(data, dict) else {}


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
    clock: Callable[[], float] = time.monotonic  # a test holds it still: delays then depend on guesses alone

    def wait_for(self, keys: list[str], now: float | None = None) -> float:
        """Seconds until any of `keys` may guess again (0: now)."""
        now = self.clock() if now is None else now
        with self.lock:
            return max((max(0.0, r.next_allowed - now) for k in keys if (r := self.records.get(k))), default=0.0)

    def failed(self, keys: list[str], now: float | None = None) -> None:
        now = self.clock() if now is None else now
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
