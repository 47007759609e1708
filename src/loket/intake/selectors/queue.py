"""Reads of the live queue: people ahead, wait estimates, a station's console, the kiosk's services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from loket.intake.estimates import WaitEstimate, estimate_wait
from loket.intake.hours import office_today
from loket.intake.models import QueueService, Ticket, TicketStatus, Visit, VisitOutcome
from loket.intake.services.console import CALL_ORDER, CONSOLE_ROLES
from loket.offices.access import require_role, scope_to_offices
from loket.offices.models import Office, Staff, Station, StationKind

RECENT_VISITS = 50
RECENT_DAYS = 30
# "Your turn is near" from this many people ahead: time to walk back from the canteen or the car.
TURN_NEAR_AHEAD = 3


def waiting_at(office_id: int, day: dt.date, stage: str) -> QuerySet[Ticket]:
    return Ticket.objects.filter(office_id=office_id, day=day, stage=stage, status=TicketStatus.WAITING)


def people_ahead(ticket: Ticket) -> int:
    """Waiting tickets that the next "call next" at this stage would take before this one."""
    if ticket.status != TicketStatus.WAITING:
        return 0
    earlier = Q(sort_at__lt=ticket.sort_at) | Q(sort_at=ticket.sort_at, id__lt=ticket.pk)
    before = ~Q(priority_reason="") & earlier if ticket.priority_reason else ~Q(priority_reason="") | earlier
    return waiting_at(ticket.office_id, ticket.day, ticket.stage).filter(before).exclude(pk=ticket.pk).count()


def recent_service_minutes(office_id: int, stage: str) -> list[float]:
    """Service times (start to end) of the most recent completed visits at this kind of station."""
    since = timezone.now() - dt.timedelta(days=RECENT_DAYS)
    rows = (
        Visit.objects.filter(
            office_id=office_id,
            stage=stage,
            outcome__in=[VisitOutcome.SERVED, VisitOutcome.TRANSFERRED],
            started_at__isnull=False,
            ended_at__gte=since,
        )
        .order_by("-ended_at")
        .values_list("started_at", "ended_at")[:RECENT_VISITS]
    )
    return [(end - start).total_seconds() / 60 for start, end in rows if start and end]


def servers(office_id: int, stage: str) -> int:
    return Station.objects.filter(office_id=office_id, kind=stage, in_service=True).count()


def stage_standard_minutes(office_id: int, stage: str) -> float:
    """The mean standard time of the services whose first station is this one (a fallback only)."""
    minutes = list(
        QueueService.objects.filter(office_id=office_id, first_stage=stage, active=True).values_list(
            "minutes_per_citizen", flat=True
        )
    )
    return sum(minutes) / len(minutes) if minutes else 10.0


def estimate_for(
    office_id: int,
    stage: str,
    ahead: int,
    *,
    servers_in_service: int | None = None,
    standard_minutes: float | None = None,
) -> WaitEstimate:
    """The wait for someone with ``ahead`` people before them at this kind of station. Callers
    that already know the stations in service or the standard time pass them (fewer queries)."""
    return estimate_wait(
        ahead=ahead,
        servers=servers(office_id, stage) if servers_in_service is None else servers_in_service,
        recent_minutes=recent_service_minutes(office_id, stage),
        standard_minutes=stage_standard_minutes(office_id, stage)
        if standard_minutes is None
        else standard_minutes,
    )


def standard_minutes_by_stage(office_id: int) -> dict[str, float]:
    """The mean standard time of the active services, per first station (one query)."""
    rows = QueueService.objects.filter(office_id=office_id, active=True).values_list(
        "first_stage", "minutes_per_citizen"
    )
    by_stage: dict[str, list[int]] = {}
    for stage, minutes in rows:
        by_stage.setdefault(stage, []).append(minutes)
    return {stage: sum(values) / len(values) for stage, values in by_stage.items()}


@dataclass(frozen=True)
class TicketProgress:
    ticket: Ticket
    ahead: int
    estimate: WaitEstimate | None
    station: Station | None

    @property
    def near(self) -> bool:
        return self.ticket.status == TicketStatus.WAITING and self.ahead <= TURN_NEAR_AHEAD


def ticket_progress(ticket: Ticket) -> TicketProgress:
    """What the citizen's live page and the printed ticket show."""
    if ticket.status != TicketStatus.WAITING:
        return TicketProgress(ticket=ticket, ahead=0, estimate=None, station=ticket.station)
    ahead = people_ahead(ticket)
    return TicketProgress(
        ticket=ticket, ahead=ahead, estimate=estimate_for(ticket.office_id, ticket.stage, ahead), station=None
    )


def ticket_by_token(token: str) -> Ticket:
    ticket = (
        Ticket.objects.select_related("office", "service", "station").filter(token=token[:16]).first()
        if token
        else None
    )
    if ticket is None:
        raise Http404
    return ticket


@dataclass(frozen=True)
class KioskService:
    service: QueueService
    waiting: int
    estimate: WaitEstimate


def kiosk_services(office: Office) -> list[KioskService]:
    """The kiosk's buttons, each with how many wait at its first station and the wait for a newcomer."""
    today = office_today(office)
    counts = dict(
        Ticket.objects.filter(office=office, day=today, status=TicketStatus.WAITING)
        .order_by()
        .values("stage")
        .annotate(n=Count("id"))
        .values_list("stage", "n")
    )
    estimates = {stage: estimate_for(office.pk, stage, counts.get(stage, 0)) for stage in StationKind.values}
    return [
        KioskService(service=s, waiting=counts.get(s.first_stage, 0), estimate=estimates[s.first_stage])
        for s in QueueService.objects.filter(office=office, active=True)
    ]


# Staff -------------------------------------------------------------------------------------------


def stations_for(user: Staff) -> QuerySet[Station]:
    return scope_to_offices(Station.objects.select_related("office"), user).order_by("office__name", "number")


def station_for(user: Staff, pk: int) -> Station:
    require_role(user, CONSOLE_ROLES)
    station = stations_for(user).filter(pk=pk).first()
    if station is None:
        raise Http404
    return station


@dataclass(frozen=True)
class ConsoleState:
    station: Station
    active: Ticket | None
    visit: Visit | None
    waiting: list[Ticket]
    parked: list[Ticket]
    served_today: int
    estimate: WaitEstimate


def console_state(station: Station) -> ConsoleState:
    """A station's view of its queue (the caller already passed ``station_for``)."""
    today = office_today(station.office)
    active = (
        Ticket.objects.select_related("service", "application", "booking")
        .filter(station=station, status__in=["called", "serving"])
        .first()
    )
    visit = Visit.objects.filter(ticket=active, ended_at__isnull=True).first() if active else None
    waiting = list(
        waiting_at(station.office_id, today, station.kind)
        .filter(Q(target_station__isnull=True) | Q(target_station=station))
        .select_related("service")
        .order_by(*CALL_ORDER)[:30]
    )
    parked = list(
        Ticket.objects.filter(
            office_id=station.office_id, day=today, stage=station.kind, status=TicketStatus.PARKED
        )
        .select_related("service")
        .order_by("queued_at")
    )
    served = Visit.objects.filter(station=station, day=today, outcome=VisitOutcome.SERVED).count()
    total_waiting = waiting_at(station.office_id, today, station.kind).count()
    return ConsoleState(
        station=station,
        active=active,
        visit=visit,
        waiting=waiting,
        parked=parked,
        served_today=served,
        estimate=estimate_for(station.office_id, station.kind, total_waiting),
    )
