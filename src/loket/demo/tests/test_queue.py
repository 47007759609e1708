"""The demo's queue, bookings and outreach are what the intake room's services would have written,
around the applications of the same days, and the queue is live where the history ends."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict

import pytest
import time_machine

from loket.applications.lifecycle import Status
from loket.applications.models import Application, Channel
from loket.core.models import Counter
from loket.demo.intake import queue_days
from loket.intake.models import (
    Booking,
    BookingSlot,
    Call,
    OutreachEvent,
    OutreachOutcome,
    OutreachParticipant,
    QueueService,
    Ticket,
    Visit,
)
from loket.intake.selectors.board import board_state
from loket.intake.services.console import ticket_call_next, ticket_finish
from loket.intake.services.tickets import queue_key, ticket_issue
from loket.offices.models import Office, Role, Staff, Station

pytestmark = pytest.mark.django_db


def _visits() -> dict[int, list[Visit]]:
    visits: dict[int, list[Visit]] = defaultdict(list)
    for visit in Visit.objects.order_by("called_at", "id"):
        visits[visit.ticket_id].append(visit)
    return visits


def test_ticket_numbers_run_gap_free_per_day_and_prefix_and_the_kiosk_continues_from_them(live_demo):
    numbers = defaultdict(list)
    for office, day, prefix, number in Ticket.objects.order_by("issued_at", "id").values_list(
        "office_id", "day", "prefix", "number"
    ):
        numbers[(office, day, prefix)].append(number)
    counters = dict(Counter.objects.filter(key__startswith="queue:").values_list("key", "value"))
    assert len(numbers) > 100
    for (office, day, prefix), issued_order in numbers.items():
        assert issued_order == list(range(1, len(issued_order) + 1))  # in the order of issue
        assert counters[queue_key(office, day, prefix)] == len(issued_order)
    assert len(counters) == len(numbers)

    office = Office.objects.get(code="zona-8")
    service = QueueService.objects.get(office=office, prefix="A")
    with time_machine.travel(live_demo, tick=False):
        ticket = ticket_issue(office=office, service=service)
    assert ticket.number == counters[queue_key(office.pk, live_demo.date(), "A")] + 1
    assert Ticket.objects.latest("id") == ticket  # ids follow the issue order


def test_visits_are_ordered_and_one_citizen_at_a_time_is_at_each_station(live_demo):
    visits = _visits()
    tickets = Ticket.objects.in_bulk()
    for ticket_id, stays in visits.items():
        ticket = tickets[ticket_id]
        assert stays[0].queued_at == ticket.issued_at  # the wait the console measures
        for visit in stays:
            assert visit.queued_at <= visit.called_at
            assert visit.started_at is None or visit.called_at <= visit.started_at
            assert visit.ended_at is None or (visit.started_at or visit.called_at) <= visit.ended_at
        for before, after in itertools.pairwise(stays):
            assert before.ended_at is not None and before.ended_at <= after.queued_at
        if ticket.finished_at is not None and ticket.status != "unserved":
            assert ticket.finished_at == stays[-1].ended_at
    by_station = defaultdict(list)
    for stays in visits.values():
        for visit in stays:
            by_station[(visit.station_id, visit.day)].append(visit)
    for stays in by_station.values():
        stays.sort(key=lambda v: (v.called_at, v.ended_at or v.called_at))
        for before, after in itertools.pairwise(stays):
            assert before.ended_at is not None and before.ended_at <= after.called_at
    calls = Call.objects.count()
    assert calls == len(Visit.objects.all()) + sum(v.recalls for v in Visit.objects.all())


def test_walk_ins_are_called_in_the_order_they_took_their_tickets(live_demo):
    queues = defaultdict(list)
    for stays in _visits().values():
        first = stays[0]
        ticket = first.ticket
        if ticket.channel == "walk_in" and not ticket.priority_reason:
            queues[(ticket.office_id, ticket.day, first.stage)].append((first.called_at, ticket.issued_at))
    assert queues
    for calls in queues.values():
        issued = [issued for _called, issued in sorted(calls)]
        assert issued == sorted(issued)


def test_each_registration_happened_in_its_counter_visit_by_the_operator_who_registered_it(live_demo):
    visits = _visits()
    registered = (
        Application.objects.filter(tickets__isnull=False)
        .exclude(tickets__prefix="G")
        .prefetch_related("tickets", "events")
    )
    assert registered.count() > 500
    for application in registered:
        ticket = application.tickets.get()
        first = visits[ticket.pk][0]
        assert first.called_at <= application.submitted_at
        assert first.ended_at is None or application.submitted_at <= first.ended_at
        assert (first.staff_id, first.station_id) == (application.created_by_id, application.registered_at_id)
        if len(visits[ticket.pk]) > 1 and visits[ticket.pk][1].ended_at:
            recording = visits[ticket.pk][1]
            # Recorded there (or, for IKD, activated by the recording officer).
            recorded = [
                e.at
                for e in application.events.all()
                if e.from_status == Status.DOCUMENTS_VERIFIED
                and e.to_status in (Status.BIOMETRICS_CAPTURED, Status.ISSUED)
            ]
            assert recorded and recording.called_at <= recorded[0] <= recording.ended_at
            recorder = next(e.actor_id for e in application.events.all() if e.at == recorded[0])
            assert recording.staff_id == recorder
    # Registered at the outreach event, not at a counter (the card is collected at the office).
    outreach = Application.objects.filter(channel=Channel.OUTREACH)
    assert not Ticket.objects.filter(application__in=outreach).exclude(prefix="G").exists()


def test_where_the_history_ends_the_queue_is_live_and_the_console_goes_on(live_demo):
    office = Office.objects.get(code="zona-8")
    today = Ticket.objects.filter(office=office, day=live_demo.date())
    waiting = today.filter(status="waiting", stage="registration", application__isnull=True)
    assert waiting.count() >= 2
    assert today.filter(status="waiting", stage="recording").exists()
    at_stations = today.filter(status__in=["called", "serving"])
    assert at_stations.count() >= 2
    with time_machine.travel(live_demo, tick=False):
        board = board_state(office)
    assert any(station["serving"] for station in board["stations"])
    assert board["queues"][0]["waiting"] == waiting.count()
    assert board["calls"]

    serving = at_stations.filter(stage="registration").first()
    operator = Staff.objects.get(pk=serving.visits.get(ended_at__isnull=True).staff_id)
    station = Station.objects.get(pk=serving.station_id)
    with time_machine.travel(live_demo + dt.timedelta(minutes=2), tick=False):
        ticket_finish(actor=operator, station=station)
        called = ticket_call_next(actor=operator, station=station)
    assert called.status == "called" and called.station_id == station.pk


def test_bookings_hold_their_places_and_checked_in_ones_have_their_ticket(live_demo):
    for slot in BookingSlot.objects.prefetch_related("bookings"):
        held = [b for b in slot.bookings.all() if b.status in ("booked", "checked_in", "no_show")]
        assert slot.booked == len(held) <= slot.capacity
    for booking in Booking.objects.filter(status="checked_in").select_related("slot"):
        ticket = booking.ticket
        assert ticket.channel == "booking" and ticket.issued_at == booking.checked_in_at
        assert booking.slot.starts_at - dt.timedelta(minutes=60) <= booking.checked_in_at
        assert booking.created_at < booking.checked_in_at
    assert Booking.objects.filter(status="booked", date__gt=live_demo.date()).count() >= 5
    for booking in Booking.objects.filter(status="no_show").select_related("slot"):
        assert booking.no_show_at > booking.slot.ends_at + dt.timedelta(minutes=30)
    assert len(set(Booking.objects.values_list("code", flat=True))) == Booking.objects.count()


def test_outreach_events_record_the_outreach_applications_of_their_day(live_demo):
    done = OutreachEvent.objects.filter(status="done")
    assert done.exists()
    for event in done:
        recorded = OutreachParticipant.objects.filter(event=event, outcome=OutreachOutcome.RECORDED)
        apps = Application.objects.filter(pk__in=recorded.values("application_id"))
        assert recorded.count() == apps.filter(channel=Channel.OUTREACH, service_type="new").count() > 0
        assert {a.submitted_at.astimezone(live_demo.tzinfo).date() for a in apps} == {event.date}
        assert event.staff.count() == 2 and event.requests.filter(status="done").exists()
        assert event.participants.exclude(outcome=OutreachOutcome.RECORDED).exists()
    planned = OutreachEvent.objects.get(status="planned")
    assert planned.date > live_demo.date() and planned.requests.filter(status="scheduled").exists()
    assert len({(e.kit_id, e.date) for e in OutreachEvent.objects.all()}) == OutreachEvent.objects.count()


def test_the_queue_history_shrinks_when_many_more_citizens_come_each_day():
    assert queue_days(150) == 30
    assert queue_days(600) == 8
    assert queue_days(4000) == 3


def test_demo_staff_sit_at_their_own_counter(live_demo):
    for office in Office.objects.all():
        operators = Staff.objects.filter(office=office, role=Role.OPERATOR).order_by("username")
        counters = list(Station.objects.filter(office=office, kind="registration").order_by("number"))
        for position, operator in enumerate(operators):
            stations = set(
                Application.objects.filter(created_by=operator).values_list("registered_at", flat=True)
            )
            assert stations == {counters[position % len(counters)].pk}
