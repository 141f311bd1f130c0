"""Staff sign-in tokens and the password throttle, as plain functions."""

from __future__ import annotations

import json
from pathlib import Path

from app_pages.access import (
    FIRST_DELAY,
    FREE_GUESSES,
    MAX_DELAY,
    RevokedTokens,
    Throttle,
    issue_token,
    token_is_valid,
)


def test_a_token_is_valid_until_it_expires_and_only_for_its_password() -> None:
    token = issue_token("secret", now=1_000.0, lifetime=60)
    assert token_is_valid(token, "secret", now=1_030.0)
    assert not token_is_valid(token, "secret", now=1_061.0)  # expired
    assert not token_is_valid(token, "changed password", now=1_030.0)
    expires, token_id, mac = token.split(".")
    assert not token_is_valid(f"{int(expires) + 10_000}.{token_id}.{mac}", "secret", now=1_030.0)  # longer life
    assert not token_is_valid(f"{expires}.{'1' * 32}.{mac}", "secret", now=1_030.0)  # another id
    for junk in (None, "", "x", "123", "abc.def", f"{expires}.{'0' * 64}", f"{expires}.{token_id}.{'0' * 64}"):
        assert not token_is_valid(junk, "secret", now=1_030.0)


def test_a_signed_out_token_is_refused_by_every_process_until_it_would_have_expired(tmp_path: Path) -> None:
    token, other = issue_token("secret", now=1_000.0, lifetime=60), issue_token("secret", now=1_000.0, lifetime=60)
    revoked = RevokedTokens(tmp_path / "signed-out.json")
    revoked.revoke(token, now=1_010.0)
    elsewhere = RevokedTokens(tmp_path / "signed-out.json")  # another process of the app, or after a restart
    assert not token_is_valid(token, "secret", now=1_030.0, revoked=elsewhere)
    assert token_is_valid(other, "secret", now=1_030.0, revoked=elsewhere)
    revoked.revoke(other, now=1_070.0)  # the first has expired by now: its id is dropped
    assert list(json.loads((tmp_path / "signed-out.json").read_text())) == [other.split(".")[1]]


def test_wrong_guesses_wait_twice_as_long_each_time_and_a_success_clears_them() -> None:
    throttle, keys = Throttle(), ["session:a", "address:1.2.3.4"]
    now = 0.0
    for _ in range(FREE_GUESSES - 1):
        throttle.failed(keys, now)
        assert throttle.wait_for(keys, now) == 0
    waits = []
    for _ in range(6):
        throttle.failed(keys, now)
        waits.append(throttle.wait_for(keys, now))
        now += waits[-1]
    assert waits == [FIRST_DELAY * 2**i for i in range(6)]
    for _ in range(30):
        throttle.failed(keys, now)
    assert throttle.wait_for(keys, now) == MAX_DELAY
    assert throttle.wait_for(["session:other", "address:1.2.3.4"], now) == MAX_DELAY  # same address, new session
    assert throttle.wait_for(["session:other", "address:5.6.7.8"], now) == 0
    throttle.succeeded(keys)
    assert throttle.wait_for(keys, now) == 0
