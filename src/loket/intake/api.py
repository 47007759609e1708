"""The queue's JSON API, mounted at /api/intake/: a station's queue and its actions for staff (a
desktop caller or a hardware button box), and two public reads (a ticket's progress by its
token, the free booking slots of a day). Thin: selectors read, services write and refuse."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from ninja import Field, Router, Schema

from loket.core.api_auth import staff_auth
from loket.intake import services
from loket.intake.models import Ticket
from loket.intake.selectors.booking import open_slots
from loket.intake.selectors.queue import console_state, station_for, ticket_by_token, ticket_progress
from loket.offices.models import Office, Station, StationKind

if TYPE_CHECKING:
    from loket.intake.estimates import WaitEstimate
    from loket.offices.models import Staff

router = Router(tags=["intake"])
router.add_decorator(never_cache, mode="view")


class ErrorOut(Schema):
    code: str
    message: str


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class WaitOut(Schema):
    low_minutes: int
    high_minutes: int
    rough: bool = Field(description="True when based on the standard time, not measured service times.")


class TicketOut(Schema):
    id: int
    number: str
    service: str
    status: str
    stage: str
    priority: str
    booked: bool
    station: str | None
    queued_at: dt.datetime


class QueueOut(Schema):
    station: str
    in_service: bool
    active: TicketOut | None
    waiting: list[TicketOut]
    parked: list[TicketOut]
    served_today: int
    wait_for_newcomer: WaitOut


class ProgressOut(Schema):
    number: str
    status: str
    people_ahead: int
    wait: WaitOut | None
    station: str | None


class SlotOut(Schema):
    id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    free: int


class CallNumberIn(Schema):
    number: str = Field(max_length=12, examples=["A-023"])


class TransferIn(Schema):
    to_kind: StationKind | None = None
    to_station: int | None = None


def _wait(estimate: WaitEstimate | None) -> WaitOut | None:
    if estimate is None:
        return None
    return WaitOut(low_minutes=estimate.low, high_minutes=estimate.high, rough=estimate.rough)


def _ticket(t: Ticket) -> TicketOut:
    return TicketOut(
        id=t.pk,
        number=t.display_number,
        service=t.service.label,
        status=t.status,
        stage=t.stage,
        priority=t.priority_reason,
        booked=t.booking_id is not None,
        station=t.station.name if t.station_id and t.station else None,
        queued_at=t.queued_at,
    )


def _queue(station: Station) -> QueueOut:
    state = console_state(station)
    return QueueOut(
        station=station.name,
        in_service=station.in_service,
        active=_ticket(state.active) if state.active else None,
        waiting=[_ticket(t) for t in state.waiting],
        parked=[_ticket(t) for t in state.parked],
        served_today=state.served_today,
        wait_for_newcomer=_wait(state.estimate),  # type: ignore[arg-type]
    )


def _user(request: HttpRequest) -> Staff:
    return request.auth  # type: ignore[attr-defined]


@router.get("/stations/{station_id}/queue", response={200: QueueOut, **ERRORS}, auth=staff_auth())
def station_queue(request: HttpRequest, station_id: int) -> QueueOut:
    """The station's current ticket, who waits for it (in call order) and who is on hold."""
    return _queue(station_for(_user(request), station_id))


@router.post("/stations/{station_id}/call-number", response={200: QueueOut, **ERRORS}, auth=staff_auth())
def station_call_number(request: HttpRequest, station_id: int, payload: CallNumberIn) -> QueueOut:
    user = _user(request)
    station = station_for(user, station_id)
    services.ticket_call_number(actor=user, station=station, number=payload.number)
    return _queue(station)


@router.post("/stations/{station_id}/transfer", response={200: QueueOut, **ERRORS}, auth=staff_auth())
def station_transfer(request: HttpRequest, station_id: int, payload: TransferIn) -> QueueOut:
    user = _user(request)
    station = station_for(user, station_id)
    target = None
    if payload.to_station is not None:
        target = get_object_or_404(Station, pk=payload.to_station, office_id=station.office_id)
    services.ticket_transfer(actor=user, station=station, to_kind=payload.to_kind or "", to_station=target)
    return _queue(station)


Action = Literal["call-next", "recall", "start", "finish", "no-show", "park"]
ACTIONS = {
    "call-next": services.ticket_call_next,
    "recall": services.ticket_recall,
    "start": services.ticket_start,
    "finish": services.ticket_finish,
    "no-show": services.ticket_no_show,
    "park": services.ticket_park,
}


@router.post("/stations/{station_id}/{action}", response={200: QueueOut, **ERRORS}, auth=staff_auth())
def station_act(request: HttpRequest, station_id: int, action: Action) -> QueueOut:
    """One button of the console; answers with the station's queue after it. (Declared after
    call-number and transfer, which this path would otherwise catch.)"""
    user = _user(request)
    station = station_for(user, station_id)
    ACTIONS[action](actor=user, station=station)
    return _queue(station)


@router.get("/tickets/{token}", response={200: ProgressOut, 404: ErrorOut}, auth=None)
def ticket_status(request: HttpRequest, token: str) -> ProgressOut:
    """Public, by the ticket's secret token (the QR code on the slip): no personal data."""
    progress = ticket_progress(ticket_by_token(token))
    t = progress.ticket
    return ProgressOut(
        number=t.display_number,
        status=t.status,
        people_ahead=progress.ahead,
        wait=_wait(progress.estimate),
        station=progress.station.name if progress.station else None,
    )


@router.get("/offices/{code}/slots", response={200: list[SlotOut], 404: ErrorOut}, auth=None)
def slots(request: HttpRequest, code: str, date: dt.date) -> list[SlotOut]:
    """Public: the booking slots of a day that have not started yet, with their free places."""
    office = get_object_or_404(Office, code=code, is_active=True)
    return [
        SlotOut(id=s.pk, starts_at=s.starts_at, ends_at=s.ends_at, free=s.free)
        for s in open_slots(office, date)
    ]
