"""Fault injection, decided per request. Pure: the middleware feeds it the current behaviour row.

The faults are the ones an office's link to the centre really shows:
- ``outage``: every connection is dropped before anything is read (the network is down);
- ``error_rate``: an HTTP error (500, 502, 503, or 429 "slow down") before processing, nothing stored;
- ``timeout_rate``: the request is processed and stored, then the answer is held back for
  ``hang_seconds`` (the office's timeout fires first: it must not count the packet as lost);
- ``drop_rate``: processed and stored, then the connection is dropped without an answer;
- latency: a uniform random delay before every request.
The rates are exclusive shares of the requests (0.3 errors + 0.05 drops = 35% faulty requests).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Protocol

ERROR_STATUSES = (500, 502, 503, 503, 429)


class FaultSettings(Protocol):
    error_rate: float
    latency_min_ms: int
    latency_max_ms: int
    timeout_rate: float
    hang_seconds: float
    drop_rate: float
    outage: bool


@dataclass(frozen=True)
class FaultPlan:
    latency_seconds: float = 0.0
    drop_before: bool = False
    error_status: int | None = None
    hang_after_seconds: float = 0.0
    drop_after: bool = False

    @property
    def kind(self) -> str:
        if self.drop_before:
            return "outage"
        if self.error_status:
            return "error"
        if self.hang_after_seconds:
            return "timeout"
        if self.drop_after:
            return "drop"
        return ""


def plan_faults(behaviour: FaultSettings, rng: random.Random) -> FaultPlan:
    if behaviour.outage:
        return FaultPlan(drop_before=True)
    latency = 0.0
    if behaviour.latency_max_ms > 0:
        latency = rng.uniform(behaviour.latency_min_ms, behaviour.latency_max_ms) / 1000
    draw = rng.random()
    if draw < behaviour.error_rate:
        return FaultPlan(latency_seconds=latency, error_status=rng.choice(ERROR_STATUSES))
    draw -= behaviour.error_rate
    if draw < behaviour.timeout_rate:
        return FaultPlan(latency_seconds=latency, hang_after_seconds=behaviour.hang_seconds)
    draw -= behaviour.timeout_rate
    if draw < behaviour.drop_rate:
        return FaultPlan(latency_seconds=latency, drop_after=True)
    return FaultPlan(latency_seconds=latency)


_LATENCY = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+))?\s*$")


def parse_latency(text: str) -> tuple[int, int]:
    """``"50-400"`` -> (50, 400); ``"100"`` -> (100, 100); ``"0"`` -> no latency."""
    match = _LATENCY.match(text or "")
    if not match:
        raise ValueError(f"latency must be MS or MIN-MAX in milliseconds, not {text!r}")
    low = int(match.group(1))
    high = int(match.group(2)) if match.group(2) is not None else low
    if high < low:
        raise ValueError(f"latency range {text!r} ends before it starts")
    return low, high


def parse_rate(text: str) -> float:
    """A share between 0 and 1, also written as a percentage: ``0.3`` or ``30%``."""
    value = text.strip()
    rate = float(value[:-1]) / 100 if value.endswith("%") else float(value)
    if not 0 <= rate <= 1:
        raise ValueError(f"a rate is between 0 and 1 (or 0% and 100%), not {text!r}")
    return rate
