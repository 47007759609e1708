"""Backoff with jitter, the circuit breaker and the link monitor, with a fake clock."""

from __future__ import annotations

import random

import pytest

from loket.sync.models import LinkState
from loket.sync.resilience import BreakerState, CircuitBreaker, LinkMonitor, backoff_delay


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize("attempt", [1, 2, 3, 4, 5, 6])
def test_backoff_stays_between_half_and_all_of_the_doubled_delay(attempt):
    rng = random.Random(attempt)
    ceiling = 2.0 * 2 ** (attempt - 1)
    delays = [backoff_delay(attempt, base=2.0, cap=10_000, rng=rng) for _ in range(200)]
    assert all(ceiling / 2 <= d <= ceiling for d in delays)


def test_backoff_doubles_with_each_attempt():
    rng = random.Random(1)

    def mean(attempt: int) -> float:
        return sum(backoff_delay(attempt, base=1.0, cap=10_000, rng=rng) for _ in range(500)) / 500

    assert 1.9 < mean(4) / mean(3) < 2.1


def test_backoff_never_exceeds_the_cap_even_after_many_attempts():
    rng = random.Random(2)
    assert max(backoff_delay(n, base=1.0, cap=60.0, rng=rng) for n in range(1, 200)) <= 60.0


def test_backoff_jitter_spreads_packets_that_failed_together():
    rng = random.Random(3)
    delays = {round(backoff_delay(5, base=1.0, cap=300, rng=rng), 3) for _ in range(50)}
    assert len(delays) > 40


def test_the_first_retry_comes_after_roughly_the_base_delay():
    rng = random.Random(4)
    assert 0.5 <= backoff_delay(1, base=1.0, cap=300, rng=rng) <= 1.0
    assert 0.5 <= backoff_delay(0, base=1.0, cap=300, rng=rng) <= 1.0  # never a negative exponent


def _breaker(clock: FakeClock) -> CircuitBreaker:
    return CircuitBreaker(failure_threshold=3, open_seconds=30, clock=clock)


def test_the_breaker_opens_after_the_threshold_of_failures_in_a_row():
    breaker = _breaker(FakeClock())
    for _ in range(2):
        breaker.record_failure()
        assert breaker.allow()
    breaker.record_failure()
    assert breaker.state == BreakerState.OPEN
    assert not breaker.allow()


def test_a_success_in_between_resets_the_count_of_failures():
    breaker = _breaker(FakeClock())
    for _ in range(10):
        breaker.record_failure()
        breaker.record_failure()
        breaker.record_success()
    assert breaker.state == BreakerState.CLOSED and breaker.allow()


def test_an_open_breaker_lets_one_trial_call_through_after_the_open_period():
    clock = FakeClock()
    breaker = _breaker(clock)
    for _ in range(3):
        breaker.record_failure()
    clock.now += 29.9
    assert not breaker.allow()
    assert breaker.seconds_until_retry() == pytest.approx(0.1)
    clock.now += 0.2
    assert breaker.allow()
    assert breaker.state == BreakerState.HALF_OPEN


def test_each_failed_trial_call_doubles_the_open_period_up_to_the_maximum():
    clock = FakeClock()
    breaker = CircuitBreaker(failure_threshold=3, open_seconds=30, max_open_seconds=100, clock=clock)
    for _ in range(3):
        breaker.record_failure()
    periods = []
    for _ in range(4):
        clock.now += breaker.seconds_until_retry() + 0.01
        assert breaker.allow()
        breaker.record_failure()
        assert breaker.state == BreakerState.OPEN
        periods.append(round(breaker.seconds_until_retry()))
    assert periods == [60, 100, 100, 100]


def test_a_success_brings_the_open_period_back_to_its_start():
    clock = FakeClock()
    breaker = CircuitBreaker(failure_threshold=1, open_seconds=30, max_open_seconds=1000, clock=clock)
    breaker.record_failure()
    clock.now += 31
    breaker.allow()
    breaker.record_failure()  # 60 s now
    clock.now += 61
    breaker.allow()
    breaker.record_success()
    breaker.record_failure()
    assert round(breaker.seconds_until_retry()) == 30


def test_a_successful_trial_call_closes_the_breaker():
    clock = FakeClock()
    breaker = _breaker(clock)
    for _ in range(3):
        breaker.record_failure()
    clock.now += 31
    assert breaker.allow()
    breaker.record_success()
    assert breaker.state == BreakerState.CLOSED
    breaker.record_failure()
    assert breaker.allow()  # the count starts again from zero


def test_the_link_is_offline_while_the_breaker_is_open_and_unknown_before_any_call():
    clock = FakeClock()
    breaker = _breaker(clock)
    monitor = LinkMonitor()
    assert monitor.state(breaker) == LinkState.UNKNOWN
    for _ in range(3):
        breaker.record_failure()
        monitor.record(False)
    assert monitor.state(breaker) == LinkState.OFFLINE


def test_the_link_is_degraded_when_a_tenth_of_recent_calls_failed_and_online_otherwise():
    breaker = _breaker(FakeClock())
    monitor = LinkMonitor(window=20)
    for _ in range(19):
        monitor.record(True)
    assert monitor.state(breaker) == LinkState.ONLINE
    monitor.record(False)
    assert monitor.state(breaker) == LinkState.DEGRADED  # the last call failed
    monitor.record(True)
    assert monitor.state(breaker) == LinkState.ONLINE  # 1 failure in 20
    monitor.record(False)
    monitor.record(True)
    assert monitor.state(breaker) == LinkState.DEGRADED  # 2 failures in 20
