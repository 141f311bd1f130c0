"""A per-client limit on requests: a token bucket for each client address (or staff token).

A bucket holds up to `burst` requests and refills at `per_minute`; an empty bucket answers how long
until the next request is allowed (`Retry-After`). Buckets of clients gone quiet are dropped, so a
flood of one-off addresses cannot grow the table without bound. The clock is injected for tests
that wait for states, not for time.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

MAX_CLIENTS = 50_000


@dataclass
class _Bucket:
    tokens: float
    at: float


class RateLimiter:
    def __init__(self, per_minute: int, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = per_minute / 60.0
        self.burst = max(1, burst)
        self.clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    def wait_for(self, client: str) -> int:
        """0 when `client` may make a request now (and it is counted), else the whole seconds to wait."""
        if not self.enabled:
            return 0
        now = self.clock()
        with self._lock:
            bucket = self._buckets.get(client)
            if bucket is None:
                if len(self._buckets) >= MAX_CLIENTS:
                    self._forget_full(now)
                bucket = self._buckets[client] = _Bucket(float(self.burst), now)
            bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.at) * self.rate)
            bucket.at = now
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return 0
            return max(1, math.ceil((1.0 - bucket.tokens) / self.rate))

    def _forget_full(self, now: float) -> None:
        """Drop the buckets that would be full by now (their clients have waited long enough)."""
        refill = self.burst / self.rate
        self._buckets = {c: b for c, b in self._buckets.items() if now - b.at < refill}
        if len(self._buckets) >= MAX_CLIENTS:  # all busy: the oldest half goes
            kept = sorted(self._buckets.items(), key=lambda item: item[1].at)[MAX_CLIENTS // 2 :]
            self._buckets = dict(kept)
