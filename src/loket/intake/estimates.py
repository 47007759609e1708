"""Waiting-time estimates from the live queue and recent service times, as a range.

With enough recent visits the range is the expected wait plus or minus one standard deviation of
the sum of the service times ahead (which grows with the square root of the number of people,
not linearly). With few visits the office's standard minutes per citizen are used and the range
is wide on purpose: half to one and a half times the estimate, and marked as rough.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

MIN_SAMPLES = 8
ROUND_TO = 5  # minutes: a waiting room does not need more precision than that


@dataclass(frozen=True)
class WaitEstimate:
    low: int  # minutes
    high: int
    rough: bool  # True when based on the standard time, not on measured service times

    @property
    def is_now(self) -> bool:
        return self.high == 0


def _floor(minutes: float) -> int:
    return max(0, int(minutes // ROUND_TO) * ROUND_TO)


def _ceil(minutes: float) -> int:
    return max(0, math.ceil(minutes / ROUND_TO) * ROUND_TO)


def estimate_wait(
    *, ahead: int, servers: int, recent_minutes: list[float], standard_minutes: float
) -> WaitEstimate:
    """``ahead`` people before this one, ``servers`` stations serving them in parallel."""
    servers = max(1, servers)
    if ahead <= 0:
        return WaitEstimate(low=0, high=0, rough=len(recent_minutes) < MIN_SAMPLES)
    if len(recent_minutes) >= MIN_SAMPLES:
        mean = statistics.fmean(recent_minutes)
        spread = statistics.stdev(recent_minutes) * math.sqrt(ahead) / servers
        expected = ahead * mean / servers
        low, high = expected - spread, expected + spread
        rough = False
    else:
        expected = ahead * standard_minutes / servers
        low, high = expected * 0.5, expected * 1.5
        rough = True
    low_minutes, high_minutes = _floor(low), _ceil(high)
    if high_minutes <= low_minutes:
        high_minutes = low_minutes + ROUND_TO
    return WaitEstimate(low=low_minutes, high=high_minutes, rough=rough)
