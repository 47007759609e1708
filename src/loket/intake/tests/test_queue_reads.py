from __future__ import annotations

import datetime as dt

from loket.intake.models import Ticket, TicketStatus, Visit, VisitOutcome
from loket.intake.selectors.queue import people_ahead, recent_service_minutes, ticket_progress
from loket.intake.services import (
    booking_create,
    booking_expire_one,
    slots_ensure,
    ticket_call_next,
    ticket_close_day_one,
    ticket_finish,
    ticket_issue,
    ticket_start,
)
from loket.intake.tests.conftest import MONDAY, at
from loket.testing import nik_for


def test_people_ahead_counts_priority_and_earlier_tickets(office, service_new, clock):
    first = ticket_issue(office=office, service=service_new)
    second = ticket_issue(office=office, service=service_new)
    elderly = ticket_issue(office=office, service=service_new, priority_reason="elderly")
    assert people_ahead(first) == 1  # the elderly citizen goes first
    assert people_ahead(second) == 2
    assert people_ahead(elderly) == 0


def test_the_wait_uses_recent_service_times_once_there_are_enough(
    office, service_new, operator, counter, clock
):
    for minute in range(0, 100, 10):
        clock.move_to(at(8, minute % 60) + dt.timedelta(hours=minute // 60))
        ticket_issue(office=office, service=service_new)
        ticket_call_next(actor=operator, station=counter)
        ticket_start(actor=operator, station=counter)
        clock.shift(6 * 60)
        ticket_finish(actor=operator, station=counter)
    assert recent_service_minutes(office.pk, "registration") == [6.0] * 10
    ticket_issue(office=office, service=service_new)
    ticket_issue(office=office, service=service_new)
    last = ticket_issue(office=office, service=service_new)
    progress = ticket_progress(last)
    assert progress.ahead == 2 and not progress.estimate.rough
    assert progress.estimate.low <= 12 <= progress.estimate.high


def test_a_called_ticket_shows_its_station(office, service_new, operator, counter, clock):
    ticket = ticket_issue(office=office, service=service_new)
    ticket_call_next(actor=operator, station=counter)
    ticket.refresh_from_db()
    assert ticket_progress(ticket).station == counter


def test_tickets_left_at_the_end_of_a_day_are_closed_as_unserved(
    office, service_new, operator, counter, clock
):
    waiting = ticket_issue(office=office, service=service_new)
    called = ticket_issue(office=office, service=service_new, priority_reason="elderly")
    ticket_call_next(actor=operator, station=counter)
    assert ticket_close_day_one() is None  # still today
    clock.move_to(at(7, day=MONDAY + dt.timedelta(days=1)))
    closed = {ticket_close_day_one(), ticket_close_day_one()}
    assert closed == {waiting, called} and ticket_close_day_one() is None
    assert set(Ticket.objects.values_list("status", flat=True)) == {TicketStatus.UNSERVED}
    visit = Visit.objects.get()
    assert visit.outcome == VisitOutcome.UNSERVED and visit.ended_at == at(
        16
    )  # closing time, not the sweep's
    assert Ticket.objects.get(pk=called.pk).station is None


def test_expired_bookings_are_swept_by_the_worker_command(office, service_new, clock):
    from django.core.management import call_command

    slot = slots_ensure(office, MONDAY)[4]
    booking_create(
        office=office, slot=slot, service=service_new, name="A", nik=nik_for(birth_date=dt.date(1990, 1, 1))
    )
    clock.move_to(at(15))
    call_command("intake_sweep", "--once")
    assert booking_expire_one() is None
    assert slot.bookings.get().status == "no_show"
