"""'Your turn is near' by WhatsApp or SMS, for citizens who booked online with a mobile number and
checked in: they may wait outside (the canteen, the car) instead of on the waiting-room chairs.

The worker looks every round (a few seconds apart) at the waiting tickets that came from such a
booking, at their first station, and queues one message per ticket when the people ahead of it are
few (``TURN_NEAR_AHEAD``, the same point at which the live ticket page says so). Walk-in citizens
follow the live page of their ticket instead: the kiosk asks for no number.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation

from loket.intake.models import Ticket, TicketStatus
from loket.intake.selectors.queue import TURN_NEAR_AHEAD, people_ahead
from loket.notifications import conf
from loket.notifications.bookings import booking_message_enqueue
from loket.notifications.models import Kind, OutboxMessage

# A turn-near message that could not go out within this time is of no use any more.
USEFUL_FOR = dt.timedelta(minutes=30)


def turn_near_check(*, now: dt.datetime | None = None) -> int:
    """Queue the messages due now; the count. Safe to run in several workers at once."""
    now = now or timezone.now()
    waiting = (
        Ticket.objects.filter(
            status=TicketStatus.WAITING,
            booking__isnull=False,
            stage=F("service__first_stage"),
            issued_at__gte=now - dt.timedelta(days=1),
        )
        .exclude(booking__phone="")
        .select_related("booking", "office", "service")
    )
    tickets = list(waiting)
    if not tickets:
        return 0
    sent = set(
        OutboxMessage.objects.filter(dedupe_key__in=[_dedupe_key(t) for t in tickets]).values_list(
            "dedupe_key", flat=True
        )
    )
    queued = 0
    for ticket in tickets:
        if _dedupe_key(ticket) in sent:
            continue
        ahead = people_ahead(ticket)
        if ahead <= TURN_NEAR_AHEAD:
            queued += turn_near_enqueue(ticket=ticket, ahead=ahead, now=now) is not None
    return queued


def _dedupe_key(ticket: Ticket) -> str:
    return f"{Kind.TURN_NEAR}:{ticket.pk}"


def turn_near_enqueue(*, ticket: Ticket, ahead: int, now: dt.datetime) -> OutboxMessage | None:
    booking = ticket.booking
    if booking is None:  # only tickets from a booking have a number to write to
        return None
    with translation.override(booking.language):
        context = {
            "number": ticket.display_number,
            "ahead": str(ahead),
            "office": ticket.office.name,
            "service": str(ticket.service),
            "ticket_url": conf.public_url() + reverse("intake:ticket", args=[ticket.token]),
        }
    return booking_message_enqueue(
        booking=booking,
        kind=Kind.TURN_NEAR,
        context=context,
        dedupe_key=_dedupe_key(ticket),
        give_up_at=now + USEFUL_FOR,
        now=now,
    )
