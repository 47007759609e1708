"""Fault plans: outage first, then exclusive shares of errors, timeouts and drops (pure)."""

from __future__ import annotations

import random
from dataclasses import dataclass

import pytest

from loket.central.faults import parse_latency, parse_rate, plan_faults


@dataclass
class Behaviour:
    error_rate: float = 0.0
    latency_min_ms: int = 0
    latency_max_ms: int = 0
    timeout_rate: float = 0.0
    hang_seconds: float = 30.0
    drop_rate: float = 0.0
    outage: bool = False


def _kinds(behaviour: Behaviour, n: int = 10_000) -> dict[str, int]:
    rng = random.Random(7)
    counts: dict[str, int] = {}
    for _ in range(n):
        kind = plan_faults(behaviour, rng).kind
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def test_no_faults_means_plain_requests():
    assert _kinds(Behaviour()) == {"": 10_000}


def test_an_outage_drops_every_request_whatever_the_other_rates():
    assert _kinds(Behaviour(outage=True, error_rate=0.5)) == {"outage": 10_000}


def test_rates_are_exclusive_shares_of_the_requests():
    counts = _kinds(Behaviour(error_rate=0.3, timeout_rate=0.1, drop_rate=0.05))
    assert 2800 < counts["error"] < 3200
    assert 850 < counts["timeout"] < 1150
    assert 400 < counts["drop"] < 600
    assert 5300 < counts[""] < 5700


def test_injected_errors_are_server_errors_or_rate_limits():
    rng = random.Random(1)
    statuses = {plan_faults(Behaviour(error_rate=1.0), rng).error_status for _ in range(500)}
    assert statuses == {429, 500, 502, 503}


def test_latency_is_drawn_within_the_range():
    rng = random.Random(2)
    delays = [
        plan_faults(Behaviour(latency_min_ms=50, latency_max_ms=400), rng).latency_seconds for _ in range(500)
    ]
    assert 0.05 <= min(delays) < 0.08 and 0.37 < max(delays) <= 0.4


def test_a_timed_out_request_is_held_for_the_hang_time():
    plan = plan_faults(Behaviour(timeout_rate=1.0, hang_seconds=3), random.Random(3))
    assert plan.hang_after_seconds == 3 and not plan.drop_before


@pytest.mark.parametrize(("text", "expected"), [("50-400", (50, 400)), ("100", (100, 100)), (" 0 ", (0, 0))])
def test_latency_ranges_are_read(text, expected):
    assert parse_latency(text) == expected


@pytest.mark.parametrize("text", ["400-50", "fast", "-5", "1-2-3"])
def test_bad_latency_ranges_are_refused(text):
    with pytest.raises(ValueError):
        parse_latency(text)


@pytest.mark.parametrize(("text", "expected"), [("0.3", 0.3), ("30%", 0.3), ("0", 0.0), ("1", 1.0)])
def test_rates_are_read_as_shares_or_percentages(text, expected):
    assert parse_rate(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["1.5", "-0.1", "150%", "lots"])
def test_bad_rates_are_refused(text):
    with pytest.raises(ValueError):
        parse_rate(text)
