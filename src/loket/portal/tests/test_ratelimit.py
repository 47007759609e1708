"""Repeated wrong guesses are slowed down, then blocked, per address and per receipt number."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from loket import testing
from loket.core.clients import client_address
from loket.portal import ratelimit
from loket.portal.models import RateLimitHit
from loket.portal.ratelimit import TRACK_PER_ADDRESS, TRACK_PER_RECEIPT, Limit, reserve

pytestmark = pytest.mark.django_db

LIMIT = Limit("test", free=2, block=4, window=dt.timedelta(hours=1), base_delay=10)
START = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)


def test_it_allows_free_attempts_then_makes_each_wait_longer_then_blocks():
    with time_machine.travel(START, tick=False) as clock:
        assert reserve(LIMIT, "a").allowed
        assert reserve(LIMIT, "a").allowed
        slowed = reserve(LIMIT, "a")
        assert not slowed.allowed and not slowed.blocked and slowed.retry_after == 10
        clock.shift(10)
        assert reserve(LIMIT, "a").allowed
        assert reserve(LIMIT, "a").retry_after == 20  # twice as long after each further hit
        clock.shift(20)
        assert reserve(LIMIT, "a").allowed
        blocked = reserve(LIMIT, "a")
        assert blocked.blocked and blocked.retry_after > 3000
        clock.shift(3600)
        assert reserve(LIMIT, "a").allowed  # the window has passed


def test_keys_are_counted_separately():
    no_slowing = Limit("test-block", free=10, block=4, window=dt.timedelta(hours=1))
    with time_machine.travel(START, tick=False):
        for _ in range(4):
            reserve(no_slowing, "a")
        assert reserve(no_slowing, "a").blocked
        assert reserve(no_slowing, "b").allowed


def test_a_refunded_attempt_does_not_count():
    with time_machine.travel(START, tick=False):
        for _ in range(10):
            ratelimit.refund(reserve(LIMIT, "a"))
        assert reserve(LIMIT, "a").allowed


def test_the_table_stores_neither_the_address_nor_the_receipt():
    reserve(LIMIT, "10.1.2.3")

    assert not RateLimitHit.objects.filter(key__contains="10.1.2.3").exists()


def test_old_hits_are_cleaned_up():
    with time_machine.travel(START, tick=False) as clock:
        reserve(LIMIT, "a")
        clock.shift(dt.timedelta(days=2))
        reserve(LIMIT, "b")

    assert RateLimitHit.objects.count() == 1


def test_an_ipv6_client_is_limited_by_its_64_block(rf):
    one = rf.get("/", REMOTE_ADDR="2001:db8:1:2::1")
    other = rf.get("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")

    assert client_address(one) == client_address(other)


def test_behind_a_proxy_the_forwarded_address_is_used_when_configured(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7, 10.0.0.1")

    assert client_address(request) == "10.0.0.1"
    settings.LOKET_PROXY_HOPS = 2
    assert client_address(request) == "203.0.113.7"


# Through the page --------------------------------------------------------------------------------


def _guess(client, receipt, address, birth="1990-01-01"):
    return client.post("/lacak/", {"receipt": receipt, "birth_date": birth}, REMOTE_ADDR=address)


def _guess_until_blocked(client, clock, guesses):
    """Guess as fast as the limits allow (waiting out every slow-down); how many were judged."""
    judged = 0
    for receipt, birth, address in guesses:
        while True:
            response = _guess(client, receipt, address, birth=birth)
            if response.status_code == 200:
                judged += 1
                break
            if response.context.get("blocked"):
                return judged, response
            clock.shift(int(response["Retry-After"]))
    raise AssertionError("never blocked")


def test_walking_through_receipt_numbers_from_one_address_is_blocked(client, office):
    app = testing.make_application(office=office)
    guesses = ((f"{n:010d}", "1990-01-01", "198.51.100.7") for n in range(1000))
    with time_machine.travel(timezone.now(), tick=False) as clock:
        judged, blocked = _guess_until_blocked(client, clock, guesses)
        # Even the right answer is refused now: the guesser learns nothing more.
        right = _guess(client, app.receipt_number, "198.51.100.7", birth=app.person.birth_date.isoformat())

    assert judged == TRACK_PER_ADDRESS.block
    assert blocked.status_code == 429 and int(blocked["Retry-After"]) > 60
    assert right.status_code == 429 and right.context["result"] is None


def test_guessing_one_receipts_birth_date_from_many_addresses_is_blocked(client, office):
    app = testing.make_application(office=office)
    guesses = (
        (app.receipt_number, (dt.date(1980, 1, 1) + dt.timedelta(days=n)).isoformat(), f"203.0.113.{n % 250}")
        for n in range(1000)
    )
    with time_machine.travel(timezone.now(), tick=False) as clock:
        judged, blocked = _guess_until_blocked(client, clock, guesses)

    assert judged == TRACK_PER_RECEIPT.block
    assert blocked.status_code == 429


def test_quick_repeated_mistakes_are_slowed_down_with_a_clear_message(client, office):
    with time_machine.travel(timezone.now(), tick=False):
        for n in range(TRACK_PER_ADDRESS.free):
            _guess(client, f"{n:010d}", "192.0.2.1")
        slowed = _guess(client, "ZZZZZZZZZZ", "192.0.2.1")

    assert slowed.status_code == 429
    assert slowed.context["refusal"]
    assert int(slowed["Retry-After"]) == TRACK_PER_ADDRESS.base_delay


def test_a_citizen_who_finds_their_application_is_never_slowed_down(client, office):
    app = testing.make_application(office=office)
    with time_machine.travel(timezone.now(), tick=False):
        for _ in range(TRACK_PER_ADDRESS.block + 5):
            response = client.post(
                "/lacak/",
                {"receipt": app.receipt_number, "birth_date": app.person.birth_date.isoformat()},
                REMOTE_ADDR="192.0.2.50",
            )
            assert response.status_code == 200 and response.context["result"] is not None
