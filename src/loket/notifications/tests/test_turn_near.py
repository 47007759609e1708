"""'Your turn is near' for citizens who booked with a number and checked in: one message when three
people or fewer are ahead at their first station; walk-ins and bookings without a number get none."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from loket.intake.services import (
    booking_check_in,
    booking_create,
    slots_ensure,
    ticket_call_next,
    ticket_finish,
    ticket_issue,
)
from loket.intake.tests.conftest import MONDAY, at
from loket.notifications.management.commands import notifications as worker_command
from loket.notifications.models import Channel, Kind, OutboxMessage, OutboxStatus
from loket.notifications.turn_near import turn_near_check
from loket.testing import nik_for

pytestmark = pytest.mark.django_db

TUESDAY = MONDAY + dt.timedelta(days=1)


def _checked_in(office, service, clock, *, phone="0812-3456-7890", walk_ins=5, serial=1):
    """Booked on Monday for Tuesday 10:00; on Tuesday ``walk_ins`` citizens came first, then the
    booking checked in at 09:50 (queued at its slot time, behind them)."""
    slot = slots_ensure(office, TUESDAY)[4]
    nik = nik_for(birth_date=dt.date(1990, 5, 17), serial=serial)
    booking = booking_create(office=office, slot=slot, service=service, name="Siti", nik=nik, phone=phone)
    clock.move_to(at(9, 30, day=TUESDAY))
    for _ in range(walk_ins):
        ticket_issue(office=office, service=service)
    clock.move_to(at(9, 50, day=TUESDAY))
    return booking_check_in(office=office, code=booking.code)


def _serve_one(operator, counter):
    ticket_call_next(actor=operator, station=counter)
    ticket_finish(actor=operator, station=counter)


def test_one_message_when_three_are_ahead_and_none_for_the_walk_ins(
    office, service_new, operator, counter, clock
):
    ticket = _checked_in(office, service_new, clock)

    assert turn_near_check() == 0  # five ahead
    _serve_one(operator, counter)
    assert turn_near_check() == 0  # four
    _serve_one(operator, counter)
    assert turn_near_check() == 1  # three
    _serve_one(operator, counter)
    assert turn_near_check() == 0  # told once

    message = OutboxMessage.objects.get()
    assert (message.kind, message.channel, message.booking_id) == (
        Kind.TURN_NEAR,
        Channel.WHATSAPP,
        ticket.booking_id,
    )
    assert ticket.display_number in message.body and "3 orang" in message.body
    assert reverse("intake:ticket", args=[ticket.token]) in message.body
    assert message.give_up_at == at(9, 50, day=TUESDAY) + dt.timedelta(minutes=30)


def test_a_booking_without_a_number_gets_no_message(office, service_new, operator, counter, clock):
    _checked_in(office, service_new, clock, phone="", walk_ins=1)

    assert turn_near_check() == 0
    assert not OutboxMessage.objects.exists()


def test_a_worker_round_tells_and_delivers(office, service_new, clock, demo_file, monkeypatch):
    monkeypatch.setattr(worker_command, "close_old_connections", lambda: None)
    _checked_in(office, service_new, clock, walk_ins=2)

    call_command("notifications", "run", "--once")

    message = OutboxMessage.objects.get(kind=Kind.TURN_NEAR)
    assert message.status == OutboxStatus.SENT and message.body in demo_file.read_text()
