"""Closing the books: what is left of a past day's queue, and bookings whose time has passed."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from loket.intake.models import Ticket, TicketStatus, Visit, VisitOutcome
from loket.intake.services.setup import board_touch
from loket.offices.models import Office

OPEN_STATUSES = ("waiting", "called", "serving", "parked")


def ticket_close_day_one() -> Ticket | None:
    """Mark one ticket left open on a past day as unserved; None when there is none. Claims the
    row with SKIP LOCKED, so several sweepers can run at once."""
    now = timezone.now()
    for office in Office.objects.filter(tickets__status__in=OPEN_STATUSES).distinct():
        today = now.astimezone(ZoneInfo(office.timezone)).date()
        with transaction.atomic():
            ticket = (
                Ticket.objects.select_for_update(skip_locked=True)
                .filter(office=office, day__lt=today, status__in=OPEN_STATUSES)
                .order_by("day", "id")
                .first()
            )
            if ticket is None:
                continue
            _close(ticket, office, now)
            return ticket
    return None


def _close(ticket: Ticket, office: Office, now: dt.datetime) -> None:
    visit = Visit.objects.select_for_update().filter(ticket=ticket, ended_at__isnull=True).first()
    if visit is not None:
        # End the visit at closing time, not at the sweep's time the next morning. Its outcome
        # keeps it out of the service-time figures either way.
        hours = office.opening_hours.filter(weekday=ticket.day.weekday()).first()
        closing = (
            dt.datetime.combine(ticket.day, hours.closes, tzinfo=ZoneInfo(office.timezone)) if hours else now
        )
        visit.ended_at = max(visit.called_at, min(now, closing))
        visit.outcome = VisitOutcome.UNSERVED
        visit.save(update_fields=["ended_at", "outcome"])
    ticket.status = TicketStatus.UNSERVED
    ticket.station = None
    ticket.finished_at = visit.ended_at if visit is not None else now
    ticket.save(update_fields=["status", "station", "finished_at"])
    board_touch(office.pk)
