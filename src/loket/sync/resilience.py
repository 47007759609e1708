"""Backoff, the circuit breaker and the link monitor: pure, with the clock and the random source
passed in, so their unit tests need neither sleeping nor luck."""

from __future__ import annotations

import random
import time
from collections import deque
from collections.abc import Callable

from loket.sync.models import LinkState


def backoff_delay(attempt: int, *, base: float, cap: float, rng: random.Random) -> float:
    """Seconds to wait after the ``attempt``-th failed try of a packet: ``base * 2**(attempt-1)``,
    at most ``cap``, with "equal jitter" (between half of it and all of it), so packets that failed
    together do not all come back in the same second, yet none retries sooner than half its share."""
    ceiling = min(cap, base * 2 ** min(max(attempt, 1) - 1, 40))
    return ceiling / 2 + rng.uniform(0, ceiling / 2)


class BreakerState:
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitBreaker:
    """After ``failure_threshold`` transient failures in a row the breaker opens: no call is made
    for ``open_seconds`` (an outage costs no timeouts and no packet attempts). Then one trial call
    is let through; its success closes the breaker, its failure opens it again for twice as long,
    up to ``max_open_seconds``: a flaky link that happens to fail a few times in a row loses
    seconds, a long outage costs one trial call every couple of minutes."""

    def __init__(
        self,
        *,
        failure_threshold: int,
        open_seconds: float,
        max_open_seconds: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.failure_threshold = failure_threshold
        self.base_open_seconds = open_seconds
        self.max_open_seconds = max(open_seconds, max_open_seconds or open_seconds)
        self.open_seconds = open_seconds
        self.clock = clock
        self.state = BreakerState.CLOSED
        self.failures = 0
        self.opened_at = 0.0

    def allow(self) -> bool:
        """May a call be made now? Half-open, the next call is the trial (the worker makes one call
        at a time; its result closes or reopens the breaker)."""
        if self.state == BreakerState.OPEN and self.clock() >= self.opened_at + self.open_seconds:
            self.state = BreakerState.HALF_OPEN
        return self.state != BreakerState.OPEN

    def seconds_until_retry(self) -> float:
        if self.state != BreakerState.OPEN:
            return 0.0
        return max(0.0, self.opened_at + self.open_seconds - self.clock())

    def record_success(self) -> None:
        self.state = BreakerState.CLOSED
        self.failures = 0
        self.open_seconds = self.base_open_seconds

    def record_failure(self) -> None:
        self.failures += 1
        if self.state == BreakerState.HALF_OPEN:
            self.open_seconds = min(self.open_seconds * 2, self.max_open_seconds)
        if self.state == BreakerState.HALF_OPEN or self.failures >= self.failure_threshold:
            self.state = BreakerState.OPEN
            self.opened_at = self.clock()


class LinkMonitor:
    """The link state staff see, from the last ``window`` calls and the breaker: offline while the
    breaker is not closed, degraded when the last call failed or a tenth of recent calls did."""

    def __init__(self, window: int = 20) -> None:
        self.results: deque[bool] = deque(maxlen=window)

    def record(self, ok: bool) -> None:
        self.results.append(ok)

    def state(self, breaker: CircuitBreaker) -> str:
        if breaker.state != BreakerState.CLOSED:
            return LinkState.OFFLINE
        if not self.results:
            return LinkState.UNKNOWN
        failures = self.results.count(False)
        if not self.results[-1] or failures * 10 >= len(self.results):
            return LinkState.DEGRADED
        return LinkState.ONLINE
