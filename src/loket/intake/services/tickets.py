"""Issuing queue tickets: at the kiosk (walk-in) and at check-in of a booking.

Numbers come from ``loket.core.sequences.next_value`` inside the transaction that writes the
ticket (key: office, day, prefix), so they are never duplicated or skipped, however many kiosks
issue at once. A refused ticket (quota reached) rolls its number back with the transaction.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from loket.core.errors import Conflict, ServiceError
from loket.core.sequences import next_value
from loket.intake.hours import ticket_window
from loket.intake.models import (
    Booking,
    PriorityReason,
    QueueService,
    Ticket,
    TicketChannel,
    TicketStatus,
)
from loket.intake.services.setup import intake_setup
from loket.offices.calendar import WorkingCalendar
from loket.offices.models import Office, Station, StationKind

OFFICE_CLOSED = _("The office is closed today (%(reason)s). No queue tickets are issued.")
NOT_YET_OPEN = _("Queue tickets are issued from %(time)s today.")
ISSUING_ENDED = _(
    "Queue tickets for today ended at %(time)s. Please come back on the next working day, "
    "or book a time online."
)
SERVICE_UNAVAILABLE = _("This service is not available at this office.")
UNKNOWN_PRIORITY = _("Unknown priority reason.")
QUOTA_REACHED = _(
    "Today's tickets for %(service)s (%(quota)s) have all been given out. Please come back on the "
    "next working day, or book a time online."
)
NO_STATION_OPEN = _("No %(station)s is in service at the moment. Please ask the staff.")


def queue_key(office_id: int, day: dt.date, prefix: str) -> str:
    return f"queue:{office_id}:{day.isoformat()}:{prefix}"


def new_token() -> str:
    return secrets.token_urlsafe(9)


def _time(moment: dt.datetime, calendar: WorkingCalendar) -> str:
    return formats.time_format(calendar.local(moment).time(), "H:i")


@transaction.atomic
def ticket_issue(*, office: Office, service: QueueService, priority_reason: str = "") -> Ticket:
    """A walk-in ticket from the kiosk. No actor: the kiosk is a public device."""
    settings = intake_setup(office)
    if service.office_id != office.pk or not service.active:
        raise ServiceError(SERVICE_UNAVAILABLE, code="service_unavailable")
    if priority_reason and priority_reason not in PriorityReason.values:
        raise ServiceError(UNKNOWN_PRIORITY, code="unknown_priority")
    now = timezone.now()
    calendar = WorkingCalendar.for_office(office)
    day = calendar.local(now).date()
    window = ticket_window(
        calendar,
        day,
        before_open=settings.tickets_from_minutes_before_open,
        before_close=settings.last_ticket_minutes_before_close,
    )
    if window.closed_reason is not None:
        raise ServiceError(OFFICE_CLOSED, code="office_closed", reason=window.closed_reason)
    assert window.first is not None and window.last is not None
    if now < window.first:
        raise ServiceError(NOT_YET_OPEN, code="not_yet_open", time=_time(window.first, calendar))
    if now > window.last:
        raise ServiceError(ISSUING_ENDED, code="issuing_ended", time=_time(window.last, calendar))
    _require_station_of_kind(office, service.first_stage)
    return ticket_create(
        office=office,
        service=service,
        day=day,
        now=now,
        sort_at=now,
        priority_reason=priority_reason,
        booking=None,
    )


def _require_station_of_kind(office: Office, kind: str) -> None:
    if not Station.objects.filter(office=office, kind=kind, in_service=True).exists():
        raise ServiceError(NO_STATION_OPEN, code="no_station_open", station=StationKind(kind).label.lower())


def ticket_create(
    *,
    office: Office,
    service: QueueService,
    day: dt.date,
    now: dt.datetime,
    sort_at: dt.datetime,
    priority_reason: str,
    booking: Booking | None,
) -> Ticket:
    """Take the next number and write the ticket; the caller's transaction holds both."""
    number = next_value(queue_key(office.pk, day, service.prefix))
    if booking is None and service.daily_quota is not None:
        # The counter row lock taken above serialises every issuer of this prefix, so this count
        # cannot race with another kiosk. Booked citizens never count against the walk-in quota.
        issued = Ticket.objects.filter(
            office=office, day=day, service=service, channel=TicketChannel.WALK_IN
        ).count()
        if issued >= service.daily_quota:
            raise Conflict(
                QUOTA_REACHED, code="quota_reached", service=service.label, quota=service.daily_quota
            )
    ticket = Ticket.objects.create(
        office=office,
        service=service,
        day=day,
        prefix=service.prefix,
        number=number,
        token=new_token(),
        channel=TicketChannel.BOOKING if booking else TicketChannel.WALK_IN,
        priority_reason=priority_reason,
        booking=booking,
        status=TicketStatus.WAITING,
        stage=service.first_stage,
        issued_at=now,
        queued_at=now,
        sort_at=sort_at,
    )
    # No board_touch: the board sees new tickets through the latest ticket id (see BoardState).
    return ticket
