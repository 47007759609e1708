"""What the operator of a station does with tickets: call next, call a number, recall, start,
finish, transfer, park, no-show, cancel.

Every action locks the station row first (two browser tabs of one counter cannot call two
tickets), refuses a station that is out of service, writes the Visit timestamps, and touches the
board in the same transaction. Two counters calling next at once never get the same ticket:
the candidate is read with ``FOR UPDATE SKIP LOCKED`` (PostgreSQL; SQLite serialises writers).
"""

from __future__ import annotations

import re

from django.db import transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.core.errors import NotPermitted, ServiceError
from loket.intake.hours import office_today
from loket.intake.models import Call, Ticket, TicketStatus, Visit, VisitOutcome
from loket.intake.models.queue import ACTIVE_AT_STATION
from loket.intake.services.setup import board_touch
from loket.offices.access import require
from loket.offices.models import Role, Staff, Station, StationKind

STATION_OUT_OF_SERVICE = _("%(station)s is out of service (%(reason)s): it cannot call tickets.")
STATION_BUSY = _("%(number)s is still at this station. Finish, transfer, park or mark it as no-show first.")
NOBODY_WAITING = _("Nobody is waiting for this station.")
NO_ACTIVE_TICKET = _("No ticket is being served at this station.")
NUMBER_FORMAT = _("Type a queue number such as A-023.")
NUMBER_NOT_FOUND = _("There is no ticket %(number)s today.")
NUMBER_NOT_CALLABLE = _("Ticket %(number)s cannot be called: it is “%(status)s”.")
WRONG_STAGE = _("Ticket %(number)s is waiting for a %(stage)s, not for this station.")
ALREADY_STARTED = _("Service of %(number)s has already started.")
RECALL_ONLY_CALLED = _("Only a ticket that has been called but has not arrived can be recalled.")
TRANSFER_TARGET_MISSING = _("Choose where to send the citizen.")
TRANSFER_SAME_STATION = _("The citizen is already at this station: choose another one.")
TRANSFER_OTHER_OFFICE = _("That station belongs to another office.")
TRANSFER_TARGET_CLOSED = _("%(station)s is out of service: choose another station.")
CANCEL_ONLY_WAITING = _("Only a waiting or parked ticket can be cancelled.")

CONSOLE_ROLES = frozenset({Role.OPERATOR, Role.RECORDING_OFFICER, Role.HEAD})
NUMBER_PATTERN = re.compile(r"^\s*([A-Za-z]{1,2})\s*[-‐–.\s]?\s*0*([0-9]{1,5})\s*$")

# Priority tickets first, then the queue order (issue time, slot time of a booking, transfer time).
CALL_ORDER = (
    Case(When(priority_reason="", then=Value(1)), default=Value(0), output_field=IntegerField()),
    "sort_at",
    "id",
)


def _station(actor: Staff, station: Station) -> Station:
    require(actor, roles=CONSOLE_ROLES, office_id=station.office_id)
    locked = Station.objects.select_for_update().select_related("office").get(pk=station.pk)
    if not locked.in_service:
        raise ServiceError(
            STATION_OUT_OF_SERVICE,
            code="station_out_of_service",
            station=locked.name,
            reason=locked.out_of_service_reason or "-",
        )
    return locked


def _active(station: Station) -> Ticket | None:
    return Ticket.objects.select_for_update().filter(station=station, status__in=ACTIVE_AT_STATION).first()


def _require_active(station: Station) -> tuple[Ticket, Visit]:
    ticket = _active(station)
    if ticket is None:
        raise ServiceError(NO_ACTIVE_TICKET, code="no_active_ticket")
    visit = Visit.objects.select_for_update().get(ticket=ticket, ended_at__isnull=True)
    return ticket, visit


def _require_free(station: Station) -> None:
    busy = _active(station)
    if busy is not None:
        raise ServiceError(STATION_BUSY, code="station_busy", number=busy.display_number)


def _call(ticket: Ticket, *, station: Station, actor: Staff) -> Ticket:
    now = timezone.now()
    visit = Visit.objects.create(
        ticket=ticket,
        office_id=ticket.office_id,
        day=ticket.day,
        station=station,
        stage=station.kind,
        staff=actor,
        queued_at=min(ticket.queued_at, now),
        called_at=now,
    )
    ticket.status = TicketStatus.CALLED
    ticket.station = station
    ticket.target_station = None
    ticket.save(update_fields=["status", "station", "target_station"])
    Call.objects.create(office_id=ticket.office_id, ticket=ticket, visit=visit, station=station, at=now)
    board_touch(ticket.office_id)
    return ticket


@transaction.atomic
def ticket_call_next(*, actor: Staff, station: Station) -> Ticket:
    station = _station(actor, station)
    _require_free(station)
    ticket = (
        Ticket.objects.select_for_update(skip_locked=True)
        .filter(
            office_id=station.office_id,
            day=office_today(station.office),
            stage=station.kind,
            status=TicketStatus.WAITING,
        )
        .filter(Q(target_station__isnull=True) | Q(target_station=station))
        .order_by(*CALL_ORDER)
        .first()
    )
    if ticket is None:
        raise ServiceError(NOBODY_WAITING, code="nobody_waiting")
    return _call(ticket, station=station, actor=actor)


def parse_number(text: str) -> tuple[str, int]:
    match = NUMBER_PATTERN.match(text or "")
    if not match or int(match.group(2)) == 0:
        raise ServiceError(NUMBER_FORMAT, code="number_format")
    return match.group(1).upper(), int(match.group(2))


@transaction.atomic
def ticket_call_number(*, actor: Staff, station: Station, number: str) -> Ticket:
    """Call one ticket out of order: a parked one coming back, or someone the operator sees."""
    prefix, value = parse_number(number)
    station = _station(actor, station)
    _require_free(station)
    shown = f"{prefix}-{value:03d}"
    ticket = (
        Ticket.objects.select_for_update()
        .filter(office_id=station.office_id, day=office_today(station.office), prefix=prefix, number=value)
        .first()
    )
    if ticket is None:
        raise ServiceError(NUMBER_NOT_FOUND, code="number_not_found", number=shown)
    if ticket.status not in (TicketStatus.WAITING, TicketStatus.PARKED):
        raise ServiceError(
            NUMBER_NOT_CALLABLE, code="number_not_callable", number=shown, status=ticket.get_status_display()
        )
    if ticket.stage != station.kind:
        raise ServiceError(
            WRONG_STAGE, code="wrong_stage", number=shown, stage=StationKind(ticket.stage).label.lower()
        )
    if ticket.status == TicketStatus.PARKED:
        ticket.queued_at = timezone.now()
    return _call(ticket, station=station, actor=actor)


@transaction.atomic
def ticket_recall(*, actor: Staff, station: Station) -> Ticket:
    station = _station(actor, station)
    ticket, visit = _require_active(station)
    if ticket.status != TicketStatus.CALLED:
        raise ServiceError(RECALL_ONLY_CALLED, code="recall_only_called")
    visit.recalls += 1
    visit.save(update_fields=["recalls"])
    Call.objects.create(
        office_id=ticket.office_id,
        ticket=ticket,
        visit=visit,
        station=station,
        at=timezone.now(),
        is_recall=True,
    )
    board_touch(ticket.office_id)
    return ticket


@transaction.atomic
def ticket_start(*, actor: Staff, station: Station) -> Ticket:
    """The citizen has arrived at the counter: service time starts now."""
    station = _station(actor, station)
    ticket, visit = _require_active(station)
    if ticket.status != TicketStatus.CALLED:
        raise ServiceError(ALREADY_STARTED, code="already_started", number=ticket.display_number)
    visit.started_at = timezone.now()
    visit.save(update_fields=["started_at"])
    ticket.status = TicketStatus.SERVING
    ticket.save(update_fields=["status"])
    board_touch(ticket.office_id)
    return ticket


def _end_visit(visit: Visit, outcome: str) -> None:
    now = timezone.now()
    if visit.started_at is None and outcome in (VisitOutcome.SERVED, VisitOutcome.TRANSFERRED):
        # Served without pressing "start": the service began when the ticket was called.
        visit.started_at = visit.called_at
    visit.ended_at = now
    visit.outcome = outcome
    visit.save(update_fields=["started_at", "ended_at", "outcome"])


def _leave_station(ticket: Ticket, status: str, **fields: object) -> None:
    ticket.status = status
    ticket.station = None
    for name, value in fields.items():
        setattr(ticket, name, value)
    ticket.save(update_fields=["status", "station", *fields])
    board_touch(ticket.office_id)


@transaction.atomic
def ticket_finish(*, actor: Staff, station: Station) -> Ticket:
    station = _station(actor, station)
    ticket, visit = _require_active(station)
    _end_visit(visit, VisitOutcome.SERVED)
    _leave_station(ticket, TicketStatus.DONE, finished_at=visit.ended_at)
    return ticket


@transaction.atomic
def ticket_no_show(*, actor: Staff, station: Station) -> Ticket:
    station = _station(actor, station)
    ticket, visit = _require_active(station)
    _end_visit(visit, VisitOutcome.NO_SHOW)
    _leave_station(ticket, TicketStatus.NO_SHOW, finished_at=visit.ended_at)
    return ticket


@transaction.atomic
def ticket_park(*, actor: Staff, station: Station) -> Ticket:
    """Put the ticket on hold (the citizen fetches a missing document); call it back by number."""
    station = _station(actor, station)
    ticket, visit = _require_active(station)
    _end_visit(visit, VisitOutcome.PARKED)
    _leave_station(ticket, TicketStatus.PARKED, target_station=station)
    return ticket


@transaction.atomic
def ticket_transfer(
    *, actor: Staff, station: Station, to_kind: str = "", to_station: Station | None = None
) -> Ticket:
    """Send the citizen on: to the queue of a kind of station (any recording station), or to
    one station. They queue there from now, keeping their priority."""
    station = _station(actor, station)
    if to_station is not None:
        if to_station.office_id != station.office_id:
            raise NotPermitted(TRANSFER_OTHER_OFFICE, code="other_office")
        if to_station.pk == station.pk:
            raise ServiceError(TRANSFER_SAME_STATION, code="transfer_same_station")
        if not to_station.in_service:
            raise ServiceError(TRANSFER_TARGET_CLOSED, code="transfer_target_closed", station=to_station.name)
        to_kind = to_station.kind
    if to_kind not in StationKind.values:
        raise ServiceError(TRANSFER_TARGET_MISSING, code="transfer_target_missing")
    ticket, visit = _require_active(station)
    _end_visit(visit, VisitOutcome.TRANSFERRED)
    now = timezone.now()
    _leave_station(
        ticket, TicketStatus.WAITING, stage=to_kind, target_station=to_station, queued_at=now, sort_at=now
    )
    return ticket


@transaction.atomic
def ticket_cancel(*, actor: Staff, ticket: Ticket) -> Ticket:
    """The citizen left before being called (or while on hold)."""
    require(actor, roles=CONSOLE_ROLES, office_id=ticket.office_id)
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.status not in (TicketStatus.WAITING, TicketStatus.PARKED):
        raise ServiceError(CANCEL_ONLY_WAITING, code="cancel_only_waiting")
    _leave_station(ticket, TicketStatus.CANCELLED, finished_at=timezone.now(), target_station=None)
    return ticket
