"""The per-client limit: a 429 with Retry-After once a client's burst is spent, other clients
unaffected; the token bucket's arithmetic on an injected clock (no waiting for time)."""

from __future__ import annotations

from pathlib import Path

import httpx

from archive.web.rate_limit import RateLimiter
from benchmarks.api_server import running_api


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_refills_at_its_rate_and_says_how_long_to_wait() -> None:
    clock = Clock()
    limiter = RateLimiter(per_minute=6, burst=3, clock=clock)  # one request per 10 s, 3 at once
    assert [limiter.wait_for("a") for _ in range(3)] == [0, 0, 0]
    assert limiter.wait_for("a") == 10 and limiter.wait_for("b") == 0
    clock.now += 4
    assert limiter.wait_for("a") == 6
    clock.now += 6
    assert limiter.wait_for("a") == 0 and limiter.wait_for("a") == 10
    clock.now += 3600
    assert [limiter.wait_for("a") for _ in range(4)] == [0, 0, 0, 10]  # never more than the burst
    assert RateLimiter(per_minute=0, burst=1).wait_for("a") == 0  # off


def test_the_server_answers_429_with_retry_after_per_client(sample_index: Path) -> None:
    with running_api(sample_index, "--rate-limit", "3", "--client-address-header", "X-Real-IP") as base:
        one = {"X-Real-IP": "203.0.113.1"}
        assert [httpx.get(f"{base}/api/stats", headers=one).status_code for _ in range(3)] == [200] * 3
        limited = httpx.get(f"{base}/api/stats", headers=one)
        assert limited.status_code == 429 and limited.json()["error"].startswith("too many requests")
        assert 1 <= int(limited.headers["retry-after"]) <= 20
        assert httpx.get(f"{base}/api/stats", headers={"X-Real-IP": "203.0.113.2"}).status_code == 200


def test_an_export_larger_than_the_limit_is_refused_with_a_reason(sample_index: Path) -> None:
    with running_api(sample_index, "--rate-limit", "0", "--max-export", "2") as base:
        refused = httpx.get(f"{base}/api/export", params={"format": "csv"})
        assert refused.status_code == 413
        assert refused.json()["error"].startswith("this search has 7 results; exports hold at most 2")
        assert httpx.get(f"{base}/api/export", params={"q": "bond funds", "format": "csv"}).status_code == 200
