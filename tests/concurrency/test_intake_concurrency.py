"""Several OS processes on PostgreSQL at once: kiosks issuing numbers, citizens booking the last
places, counters calling next. Each process is forked from the test (Django already loaded) and
has its own database connection; a barrier releases them at the same instant.

SQLite is skipped: it has one writer at a time by design (IMMEDIATE transactions), so it cannot
show a race; CI's PostgreSQL pass runs these.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
from typing import Any
from zoneinfo import ZoneInfo

import pytest

MOMENT = dt.datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))  # a working Monday
TUESDAY = dt.date(2026, 3, 3)
PROCESSES = 6


def _act(kind: str, args: list[str]) -> list[object]:
    """What one process does once all are released at the same moment."""
    from loket.core.errors import ServiceError
    from loket.intake import services
    from loket.intake.models import BookingSlot, QueueService
    from loket.offices.models import Office, Staff, Station

    results: list[object] = []
    if kind == "issue":
        service = QueueService.objects.get(pk=int(args[0]))
        office = Office.objects.get(pk=service.office_id)
        for _ in range(int(args[1])):
            try:
                results.append(services.ticket_issue(office=office, service=service).number)
            except ServiceError as exc:
                results.append(exc.code)
    elif kind == "book":
        slot = BookingSlot.objects.select_related("office").get(pk=int(args[0]))
        service = QueueService.objects.get(pk=int(args[1]))
        try:
            booking = services.booking_create(
                office=slot.office, slot=slot, service=service, name="Warga", nik=args[2]
            )
            results.append(booking.code)
        except ServiceError as exc:
            results.append(exc.code)
    elif kind == "call":
        station = Station.objects.get(pk=int(args[0]))
        actor = Staff.objects.get(pk=int(args[1]))
        while True:
            try:
                ticket = services.ticket_call_next(actor=actor, station=station)
            except ServiceError as exc:
                if exc.code == "nobody_waiting":
                    break
                raise
            results.append(ticket.pk)
            services.ticket_finish(actor=actor, station=station)
    return results


def _child(kind: str, args: list[str], start: Any, out: Any) -> None:
    """A forked OS process with its own database connection."""
    import time_machine
    from django.db import connections

    try:
        with time_machine.travel(MOMENT, tick=True):
            connections["default"].ensure_connection()
            start.wait(timeout=60)
            out.send(("ok", _act(kind, args)))
    except BaseException as exc:  # report anything to the parent, which fails the test with it
        out.send(("error", repr(exc)))
    finally:
        connections.close_all()


def _run(kind: str, jobs: list[list[str]]) -> list[list[object]]:
    """Fork one process per job (after Django is loaded, so they start in milliseconds), release
    them together through a barrier, and return what each one did."""
    from django.db import connections

    context = multiprocessing.get_context("fork")
    start = context.Barrier(len(jobs))
    connections.close_all()  # each child must open its own connection, never share the parent's
    pipes, procs = [], []
    for job in jobs:
        receive, send = context.Pipe(duplex=False)
        proc = context.Process(target=_child, args=(kind, job, start, send))
        proc.start()
        pipes.append(receive)
        procs.append(proc)
    outputs = []
    for receive, proc in zip(pipes, procs, strict=True):
        assert receive.poll(120), "a worker process did not answer"
        status, value = receive.recv()
        assert status == "ok", value
        outputs.append(value)
        proc.join(30)
    return outputs


def _on_postgres() -> bool:
    from django.conf import settings

    return "postgresql" in settings.DATABASES["default"]["ENGINE"]


postgres_only = pytest.mark.skipif(
    not _on_postgres(),
    reason="needs PostgreSQL: SQLite serialises all writers, so there is no race to show "
    "(set DATABASE_URL=postgres://...; CI's PostgreSQL pass runs this)",
)
pytestmark = [postgres_only, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup(office):
    from loket.intake.services import intake_setup

    intake_setup(office)
    return office


def test_concurrent_kiosks_give_no_duplicate_and_no_missing_number(setup):
    from loket.intake.models import QueueService, Ticket

    service = QueueService.objects.get(office=setup, kind="new")
    per_process = 25
    outputs = _run("issue", [[str(service.pk), str(per_process)]] * PROCESSES)
    numbers = sorted(n for output in outputs for n in output)
    assert numbers == list(range(1, PROCESSES * per_process + 1))
    stored = sorted(Ticket.objects.filter(service=service).values_list("number", flat=True))
    assert stored == numbers


def test_concurrent_kiosks_stop_exactly_at_the_daily_quota_without_gaps(setup):
    from loket.intake.models import QueueService, Ticket

    service = QueueService.objects.get(office=setup, kind="new")
    service.daily_quota = 10
    service.save()
    outputs = _run("issue", [[str(service.pk), "5"]] * PROCESSES)
    results = [r for output in outputs for r in output]
    assert sorted(r for r in results if isinstance(r, int)) == list(range(1, 11))
    assert results.count("quota_reached") == PROCESSES * 5 - 10
    assert Ticket.objects.filter(service=service).count() == 10


def test_many_citizens_booking_the_last_places_never_overbook(setup):
    from loket.intake.models import Booking, BookingSlot, QueueService
    from loket.intake.services import slots_ensure
    from loket.testing import nik_for

    service = QueueService.objects.get(office=setup, kind="new")
    slot = slots_ensure(setup, TUESDAY)[0]
    BookingSlot.objects.filter(pk=slot.pk).update(capacity=3)
    jobs = [
        [str(slot.pk), str(service.pk), nik_for(birth_date=dt.date(1990, 1, 1 + i), serial=100 + i)]
        for i in range(PROCESSES * 2)
    ]
    outputs = _run("book", jobs)
    results = [r for output in outputs for r in output]
    assert results.count("slot_full") == len(jobs) - 3
    slot.refresh_from_db()
    assert slot.booked == 3
    assert Booking.objects.filter(slot=slot).count() == 3


def test_the_same_person_booking_twice_at_once_gets_one_booking(setup):
    from loket.intake.models import Booking, QueueService
    from loket.intake.services import slots_ensure
    from loket.testing import nik_for

    service = QueueService.objects.get(office=setup, kind="new")
    slots = slots_ensure(setup, TUESDAY)
    nik = nik_for(birth_date=dt.date(1990, 1, 1), serial=7)
    outputs = _run("book", [[str(slot.pk), str(service.pk), nik] for slot in slots[:PROCESSES]])
    results = [r for output in outputs for r in output]
    assert results.count("booking_twice") == PROCESSES - 1
    assert Booking.objects.count() == 1


def test_counters_calling_next_at_once_never_share_a_ticket(setup):
    import time_machine

    from loket import testing
    from loket.intake.models import QueueService, Visit
    from loket.intake.services import ticket_issue
    from loket.offices.models import Role, Station, StationKind

    service = QueueService.objects.get(office=setup, kind="new")
    with time_machine.travel(MOMENT, tick=True):
        tickets = [ticket_issue(office=setup, service=service).pk for _ in range(60)]
    operator = testing.make_staff(role=Role.OPERATOR, office=setup)
    stations = [
        Station.objects.create(
            office=setup, kind=StationKind.REGISTRATION, number=10 + i, name=f"Loket {10 + i}"
        )
        for i in range(4)
    ]
    outputs = _run("call", [[str(s.pk), str(operator.pk)] for s in stations])
    called = [pk for output in outputs for pk in output]
    assert sorted(called) == sorted(tickets)  # each ticket called exactly once
    assert Visit.objects.count() == len(tickets)
