from __future__ import annotations

import pytest

from loket.core.errors import Conflict, ServiceError
from loket.intake.models import Ticket, TicketChannel, TicketStatus
from loket.intake.services import ticket_issue
from loket.intake.services import tickets as ticket_services
from loket.intake.tests.conftest import CUTI_BERSAMA, MONDAY, at
from loket.offices.models import OfficeClosure, Station, StationKind


def test_numbers_run_per_prefix_from_one_each_day(office, service_new, service_lost, clock):
    first = ticket_issue(office=office, service=service_new)
    second = ticket_issue(office=office, service=service_new)
    lost = ticket_issue(office=office, service=service_lost)
    assert [first.display_number, second.display_number, lost.display_number] == ["A-001", "A-002", "C-001"]
    assert first.day == MONDAY

    clock.move_to(at(9, day=MONDAY.replace(day=3)))
    assert ticket_issue(office=office, service=service_new).display_number == "A-001"


def test_numbers_run_per_office(office, other_office, service_new, clock):
    from loket.intake.models import QueueService
    from loket.intake.services import intake_setup

    intake_setup(other_office)
    theirs = QueueService.objects.get(office=other_office, kind="new")
    ticket_issue(office=office, service=service_new)
    assert ticket_issue(office=other_office, service=theirs).display_number == "A-001"


def test_a_ticket_records_when_and_where_it_queues(office, service_new, clock):
    ticket = ticket_issue(office=office, service=service_new, priority_reason="elderly")
    assert ticket.issued_at == at(9)
    assert ticket.queued_at == ticket.sort_at == at(9)
    assert ticket.stage == StationKind.REGISTRATION
    assert ticket.status == TicketStatus.WAITING
    assert ticket.channel == TicketChannel.WALK_IN
    assert ticket.is_priority
    assert len(ticket.token) >= 12


def test_pickup_tickets_queue_at_the_print_station(office, intake, clock):
    from loket.intake.models import QueueService

    pickup = QueueService.objects.get(office=office, kind="pickup")
    assert ticket_issue(office=office, service=pickup).stage == StationKind.PRINT


@pytest.mark.parametrize(
    ("moment", "code"),
    [
        (at(6, 59), "not_yet_open"),
        (at(15, 31), "issuing_ended"),
        (at(9, day=CUTI_BERSAMA), "office_closed"),
        (at(9, day=MONDAY.replace(day=7)), "office_closed"),  # Saturday
    ],
)
def test_no_ticket_when_the_office_is_closed(office, service_new, clock, moment, code):
    clock.move_to(moment)
    with pytest.raises(ServiceError) as refused:
        ticket_issue(office=office, service=service_new)
    assert refused.value.code == code
    assert not Ticket.objects.exists()


def test_tickets_are_issued_from_an_hour_before_opening_to_half_an_hour_before_closing(
    office, service_new, clock
):
    clock.move_to(at(7, 0))
    ticket_issue(office=office, service=service_new)
    clock.move_to(at(15, 30))
    ticket_issue(office=office, service=service_new)
    assert Ticket.objects.count() == 2


def test_no_ticket_on_an_office_closure_with_its_reason(office, service_new, clock):
    OfficeClosure.objects.create(office=office, date=MONDAY, reason="Pemadaman listrik")
    with pytest.raises(ServiceError, match="Pemadaman listrik"):
        ticket_issue(office=office, service=service_new)


def test_the_daily_quota_refuses_the_next_walk_in_and_gives_its_number_back(
    office, service_new, service_lost, clock
):
    service_new.daily_quota = 2
    service_new.save()
    ticket_issue(office=office, service=service_new)
    ticket_issue(office=office, service=service_new)
    with pytest.raises(Conflict) as refused:
        ticket_issue(office=office, service=service_new)
    assert refused.value.code == "quota_reached"
    assert Ticket.objects.filter(service=service_new).count() == 2
    # The refused number was rolled back: raising the quota continues with A-003, not A-004.
    service_new.daily_quota = 3
    service_new.save()
    assert ticket_issue(office=office, service=service_new).display_number == "A-003"


def test_no_ticket_when_no_station_of_its_first_kind_is_in_service(office, service_new, clock):
    Station.objects.filter(office=office, kind=StationKind.REGISTRATION).update(
        in_service=False, out_of_service_reason="Printer rusak"
    )
    with pytest.raises(ServiceError) as refused:
        ticket_issue(office=office, service=service_new)
    assert refused.value.code == "no_station_open"
    assert not Ticket.objects.exists()


def test_a_service_of_another_office_or_inactive_is_refused(office, other_office, service_new, clock):
    with pytest.raises(ServiceError):
        ticket_issue(office=other_office, service=service_new)
    service_new.active = False
    service_new.save()
    with pytest.raises(ServiceError):
        ticket_issue(office=office, service=service_new)
    assert not Ticket.objects.exists()


def test_an_unknown_priority_reason_is_refused(office, service_new, clock):
    with pytest.raises(ServiceError):
        ticket_issue(office=office, service=service_new, priority_reason="vip")


def test_queue_keys_separate_office_day_and_prefix():
    keys = {
        ticket_services.queue_key(1, MONDAY, "A"),
        ticket_services.queue_key(2, MONDAY, "A"),
        ticket_services.queue_key(1, MONDAY.replace(day=3), "A"),
        ticket_services.queue_key(1, MONDAY, "B"),
    }
    assert len(keys) == 4
