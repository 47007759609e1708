from __future__ import annotations

import pytest

from loket import testing
from loket.core.errors import NotPermitted, ServiceError
from loket.intake.models import BoardState, Call, Ticket, TicketStatus, Visit, VisitOutcome
from loket.intake.services import (
    ticket_call_next,
    ticket_call_number,
    ticket_cancel,
    ticket_finish,
    ticket_issue,
    ticket_no_show,
    ticket_park,
    ticket_recall,
    ticket_start,
    ticket_transfer,
)
from loket.intake.services.console import parse_number
from loket.intake.tests.conftest import at
from loket.offices.models import Role, StationKind


def issue(office, service, **kw):
    return ticket_issue(office=office, service=service, **kw)


def test_call_next_takes_priority_first_then_the_order_of_arrival(
    office, service_new, service_lost, operator, counter, clock
):
    first = issue(office, service_new)
    clock.shift(60)
    second = issue(office, service_lost)
    clock.shift(60)
    elderly = issue(office, service_new, priority_reason="elderly")
    clock.shift(60)
    pregnant = issue(office, service_new, priority_reason="pregnant")
    called = []
    for _ in range(4):
        ticket = ticket_call_next(actor=operator, station=counter)
        called.append(ticket.pk)
        ticket_finish(actor=operator, station=counter)
    assert called == [elderly.pk, pregnant.pk, first.pk, second.pk]


def test_a_call_writes_a_visit_a_call_and_touches_the_board(office, service_new, operator, counter, clock):
    ticket = issue(office, service_new)
    version = BoardState.objects.get(office=office).version
    clock.shift(300)
    ticket_call_next(actor=operator, station=counter)
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.CALLED and ticket.station == counter
    visit = Visit.objects.get(ticket=ticket)
    assert visit.queued_at == at(9) and visit.called_at == at(9, 5) and visit.staff == operator
    assert Call.objects.filter(ticket=ticket, station=counter, is_recall=False).count() == 1
    assert BoardState.objects.get(office=office).version > version


def test_the_full_path_keeps_every_timestamp_per_station(
    office, service_new, operator, recorder, counter, recording, clock
):
    ticket = issue(office, service_new)
    clock.move_to(at(9, 10))
    ticket_call_next(actor=operator, station=counter)
    clock.move_to(at(9, 11))
    ticket_start(actor=operator, station=counter)
    clock.move_to(at(9, 20))
    ticket_transfer(actor=operator, station=counter, to_kind=StationKind.RECORDING)
    clock.move_to(at(9, 30))
    ticket_call_next(actor=recorder, station=recording)
    ticket_start(actor=recorder, station=recording)
    clock.move_to(at(9, 45))
    ticket_finish(actor=recorder, station=recording)

    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.DONE and ticket.finished_at == at(9, 45) and ticket.station is None
    registration, record = Visit.objects.filter(ticket=ticket).order_by("called_at")
    assert (
        registration.queued_at,
        registration.called_at,
        registration.started_at,
        registration.ended_at,
    ) == (
        at(9),
        at(9, 10),
        at(9, 11),
        at(9, 20),
    )
    assert registration.outcome == VisitOutcome.TRANSFERRED
    assert (record.queued_at, record.called_at, record.started_at, record.ended_at) == (
        at(9, 20),
        at(9, 30),
        at(9, 30),
        at(9, 45),
    )
    assert record.outcome == VisitOutcome.SERVED and record.stage == StationKind.RECORDING


def test_finishing_without_start_counts_service_from_the_call(office, service_new, operator, counter, clock):
    issue(office, service_new)
    ticket_call_next(actor=operator, station=counter)
    clock.shift(600)
    ticket_finish(actor=operator, station=counter)
    visit = Visit.objects.get()
    assert visit.started_at == visit.called_at == at(9) and visit.ended_at == at(9, 10)


def test_two_counters_never_call_the_same_ticket(office, service_new, operator, counter, counter_two, clock):
    a, b = issue(office, service_new), issue(office, service_new)
    assert {
        ticket_call_next(actor=operator, station=counter).pk,
        ticket_call_next(actor=operator, station=counter_two).pk,
    } == {
        a.pk,
        b.pk,
    }


def test_a_station_with_a_ticket_cannot_call_the_next(office, service_new, operator, counter, clock):
    issue(office, service_new)
    issue(office, service_new)
    ticket_call_next(actor=operator, station=counter)
    with pytest.raises(ServiceError) as refused:
        ticket_call_next(actor=operator, station=counter)
    assert refused.value.code == "station_busy"
    assert Ticket.objects.filter(status=TicketStatus.WAITING).count() == 1


def test_a_station_out_of_service_cannot_call(office, service_new, operator, counter, clock):
    issue(office, service_new)
    counter.in_service = False
    counter.out_of_service_reason = "Komputer rusak"
    counter.save()
    with pytest.raises(ServiceError, match="Komputer rusak") as refused:
        ticket_call_next(actor=operator, station=counter)
    assert refused.value.code == "station_out_of_service"
    assert not Visit.objects.exists() and not Call.objects.exists()


def test_nobody_waiting_is_a_clear_refusal(office, intake, operator, counter, clock):
    with pytest.raises(ServiceError) as refused:
        ticket_call_next(actor=operator, station=counter)
    assert refused.value.code == "nobody_waiting"


def test_staff_of_another_office_cannot_use_the_station(office, other_office, service_new, counter, clock):
    issue(office, service_new)
    stranger = testing.make_staff(role=Role.OPERATOR, office=other_office)
    with pytest.raises(NotPermitted):
        ticket_call_next(actor=stranger, station=counter)
    admin = testing.make_staff(role=Role.SYSTEM_ADMIN)
    with pytest.raises(NotPermitted):
        ticket_call_next(actor=admin, station=counter)
    assert not Visit.objects.exists()


def test_recall_announces_again_and_counts(office, service_new, operator, counter, clock):
    issue(office, service_new)
    ticket_call_next(actor=operator, station=counter)
    ticket_recall(actor=operator, station=counter)
    ticket_recall(actor=operator, station=counter)
    assert Visit.objects.get().recalls == 2
    assert Call.objects.filter(is_recall=True).count() == 2
    ticket_start(actor=operator, station=counter)
    with pytest.raises(ServiceError):
        ticket_recall(actor=operator, station=counter)


def test_no_show_ends_the_ticket(office, service_new, operator, counter, clock):
    ticket = issue(office, service_new)
    ticket_call_next(actor=operator, station=counter)
    ticket_no_show(actor=operator, station=counter)
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.NO_SHOW and ticket.station is None
    assert Visit.objects.get().outcome == VisitOutcome.NO_SHOW


def test_a_parked_ticket_is_skipped_by_call_next_and_comes_back_by_number(
    office, service_new, operator, counter, clock
):
    parked = issue(office, service_new)
    other = issue(office, service_new)
    ticket_call_next(actor=operator, station=counter)
    ticket_park(actor=operator, station=counter)
    assert ticket_call_next(actor=operator, station=counter).pk == other.pk
    ticket_finish(actor=operator, station=counter)
    with pytest.raises(ServiceError):
        ticket_call_next(actor=operator, station=counter)
    clock.shift(900)
    back = ticket_call_number(actor=operator, station=counter, number="a 1")
    assert back.pk == parked.pk and back.status == TicketStatus.CALLED
    second_visit = Visit.objects.filter(ticket=parked).order_by("called_at").last()
    assert second_visit.queued_at == at(9, 15)  # the wait after the hold starts when it ends


def test_calling_a_number_out_of_order(office, service_new, operator, counter, clock):
    issue(office, service_new)
    wanted = issue(office, service_new)
    assert ticket_call_number(actor=operator, station=counter, number="A-002").pk == wanted.pk


@pytest.mark.parametrize(
    ("typed", "code"), [("Z-9", "number_not_found"), ("A-", "number_format"), ("", "number_format")]
)
def test_calling_a_wrong_number_is_refused(office, service_new, operator, counter, clock, typed, code):
    issue(office, service_new)
    with pytest.raises(ServiceError) as refused:
        ticket_call_number(actor=operator, station=counter, number=typed)
    assert refused.value.code == code


def test_a_finished_ticket_or_one_of_another_stage_cannot_be_called_by_number(
    office, service_new, operator, recorder, counter, recording, clock
):
    issue(office, service_new)
    ticket_call_next(actor=operator, station=counter)
    ticket_finish(actor=operator, station=counter)
    with pytest.raises(ServiceError) as refused:
        ticket_call_number(actor=operator, station=counter, number="A-001")
    assert refused.value.code == "number_not_callable"
    issue(office, service_new)
    with pytest.raises(ServiceError) as refused:
        ticket_call_number(actor=recorder, station=recording, number="A-002")
    assert refused.value.code == "wrong_stage"


def test_transfer_to_one_station_only_that_station_calls_it(
    office, service_new, operator, recorder, counter, recording, clock
):
    from loket.offices.models import Station

    other_recording = Station.objects.create(
        office=office, kind=StationKind.RECORDING, number=5, name="Meja 5"
    )
    ticket = issue(office, service_new)
    ticket_call_next(actor=operator, station=counter)
    ticket_transfer(actor=operator, station=counter, to_station=recording)
    with pytest.raises(ServiceError):
        ticket_call_next(actor=recorder, station=other_recording)
    assert ticket_call_next(actor=recorder, station=recording).pk == ticket.pk


def test_transfer_is_refused_to_nowhere_to_itself_or_to_a_closed_station(
    office, service_new, operator, counter, recording, clock
):
    issue(office, service_new)
    ticket_call_next(actor=operator, station=counter)
    with pytest.raises(ServiceError):
        ticket_transfer(actor=operator, station=counter)
    with pytest.raises(ServiceError):
        ticket_transfer(actor=operator, station=counter, to_station=counter)
    recording.in_service = False
    recording.save()
    with pytest.raises(ServiceError):
        ticket_transfer(actor=operator, station=counter, to_station=recording)
    assert Ticket.objects.get().status == TicketStatus.CALLED
    assert Visit.objects.get().ended_at is None


def test_transfer_keeps_priority_at_the_next_stage(
    office, service_new, operator, recorder, counter, recording, clock
):
    normal = issue(office, service_new)
    elderly = issue(office, service_new, priority_reason="elderly")
    ticket_call_number(actor=operator, station=counter, number="A-001")
    ticket_transfer(actor=operator, station=counter, to_kind=StationKind.RECORDING)
    clock.shift(60)
    ticket_call_next(actor=operator, station=counter)
    ticket_transfer(actor=operator, station=counter, to_kind=StationKind.RECORDING)
    assert ticket_call_next(actor=recorder, station=recording).pk == elderly.pk
    ticket_finish(actor=recorder, station=recording)
    assert ticket_call_next(actor=recorder, station=recording).pk == normal.pk


def test_cancel_only_a_waiting_or_parked_ticket(office, service_new, operator, counter, clock):
    waiting = issue(office, service_new)
    ticket_cancel(actor=operator, ticket=waiting)
    waiting.refresh_from_db()
    assert waiting.status == TicketStatus.CANCELLED
    called = issue(office, service_new)
    ticket_call_next(actor=operator, station=counter)
    with pytest.raises(ServiceError):
        ticket_cancel(actor=operator, ticket=called)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("A-023", ("A", 23)), ("a23", ("A", 23)), (" b 007 ", ("B", 7)), ("AB-12", ("AB", 12))],
)
def test_queue_numbers_are_read_as_people_type_them(typed, expected):
    assert parse_number(typed) == expected
