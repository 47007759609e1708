"""Messages about a booking, to the mobile number the citizen gave on the booking form (which says
what it is for): a reminder the afternoon before the appointment, and a notice when the office
declares the booked day closed after the citizen booked (a holiday, cuti bersama, a flood).

Queued by the worker's periodic check (``booking_messages_check``), never from a request, and
delivered like every other message. A booking has no application yet, so the message names the
booking code and links to the booking's page, where the citizen reschedules or cancels.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone, translation

from loket.intake.models import Booking, BookingStatus
from loket.notifications import conf
from loket.notifications.models import Kind, OutboxMessage
from loket.notifications.rendering import render
from loket.notifications.services import gateway_number
from loket.offices.calendar import WorkingCalendar
from loket.offices.models import Office


def booking_messages_check(*, now: dt.datetime | None = None) -> int:
    """Queue the reminders that are due and the notices of days closed after booking; the count.

    Each message has one dedupe key per booking and date, so running this often (or in two workers
    at once) queues each message once, and a booking moved to another day is reminded again."""
    now = now or timezone.now()
    queued = 0
    for office in Office.objects.filter(is_active=True):
        queued += _check_office(office, now)
    return queued


def _check_office(office: Office, now: dt.datetime) -> int:
    calendar = WorkingCalendar.for_office(office)
    today = calendar.local(now).date()
    upcoming = list(
        Booking.objects.filter(office=office, status=BookingStatus.BOOKED, date__gte=today)
        .exclude(phone="")
        .select_related("slot", "service", "office")
    )
    due = []
    for booking in upcoming:
        kind, reason = _due_message(booking, calendar, now)
        if kind:
            due.append((booking, kind, reason))
    already = _queued_keys(_dedupe_key(b, kind) for b, kind, _reason in due)
    queued = 0
    for booking, kind, reason in due:
        if _dedupe_key(booking, kind) not in already:
            queued += booking_reminder_enqueue(booking=booking, kind=kind, reason=reason, now=now) is not None
    return queued


def _due_message(booking: Booking, calendar: WorkingCalendar, now: dt.datetime) -> tuple[str, str]:
    """(kind, reason) of the message this booking is due, or ("", "")."""
    if booking.slot.starts_at <= now:
        return "", ""
    with translation.override(booking.language):
        reason = calendar.closed_reason(booking.date)
    if reason is not None:
        return Kind.BOOKING_DAY_CLOSED, reason
    remind_from = _reminder_moment(booking.date, calendar.tz)
    # Booked or moved after that moment: the confirmation page is fresh in mind, no reminder needed.
    if remind_from <= now and booking.changed_at < remind_from:
        return Kind.BOOKING_REMINDER, ""
    return "", ""


def _reminder_moment(day: dt.date, tz: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day - dt.timedelta(days=1), dt.time(conf.booking_reminder_hour()), tzinfo=tz)


def _dedupe_key(booking: Booking, kind: str) -> str:
    return f"{kind}:{booking.pk}:{booking.date.isoformat()}"


def _queued_keys(keys: Iterable[str]) -> set[str]:
    wanted = list(keys)
    return set(OutboxMessage.objects.filter(dedupe_key__in=wanted).values_list("dedupe_key", flat=True))


def booking_message_context(booking: Booking, *, reason: str = "") -> dict[str, str]:
    office = booking.office
    with translation.override(booking.language):
        return {
            "code": booking.display_code,
            "service": str(booking.service),
            "office": office.name,
            "office_phone": office.phone or office.email or "-",
            "office_address": " ".join(office.address.split()),
            "date": formats.date_format(booking.date, "l, j F Y"),
            "time": booking.slot.starts_at.astimezone(ZoneInfo(office.timezone)).strftime("%H:%M"),
            "booking_url": conf.public_url() + reverse("intake:booking", args=[booking.code]),
            "reason": reason,
        }


def booking_reminder_enqueue(
    *, booking: Booking, kind: str, reason: str = "", now: dt.datetime | None = None
) -> OutboxMessage | None:
    """Queue the reminder or the closed-day notice; None when it was queued before. Of no use after
    the appointment, so that is its give-up time."""
    now = now or timezone.now()
    return booking_message_enqueue(
        booking=booking,
        kind=kind,
        context=booking_message_context(booking, reason=reason),
        dedupe_key=_dedupe_key(booking, kind),
        give_up_at=min(now + dt.timedelta(hours=conf.max_age_hours()), booking.slot.starts_at),
        now=now,
    )


def booking_message_enqueue(
    *,
    booking: Booking,
    kind: str,
    context: dict[str, str],
    dedupe_key: str,
    give_up_at: dt.datetime,
    now: dt.datetime,
) -> OutboxMessage | None:
    """Queue ``kind`` to the number on the booking, in its language, by the booking channel; None
    when a message with this ``dedupe_key`` was queued before (by this worker or another)."""
    channel = conf.booking_channel()
    rendered = render(kind=kind, language=booking.language, channel=channel, context=context)
    try:
        with transaction.atomic():
            return OutboxMessage.objects.create(
                kind=kind,
                channel=channel,
                booking=booking,
                destination=gateway_number(booking.phone),
                subject=rendered.subject[:200],
                body=rendered.body,
                dedupe_key=dedupe_key,
                give_up_at=give_up_at,
                created_at=now,
            )
    except IntegrityError:
        return None
