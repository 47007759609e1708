"""Reads for online booking: the days and slots a citizen may choose, a booking by its code, and the
office's bookings of a day for staff."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from loket.intake.hours import office_today
from loket.intake.models import Booking, BookingSlot
from loket.intake.services.booking import STAFF_BOOKING_ROLES, normalize_code, slots_ensure
from loket.intake.services.setup import intake_setup
from loket.offices.access import require_role, scope_to_offices
from loket.offices.calendar import WorkingCalendar
from loket.offices.models import Office, Staff


@dataclass(frozen=True)
class BookingDay:
    date: dt.date
    closed_reason: str | None
    free: int


def booking_days(office: Office) -> list[BookingDay]:
    """The days from today to the booking horizon, each open (with its free places) or closed (why)."""
    settings = intake_setup(office)
    calendar = WorkingCalendar.for_office(office)
    today = office_today(office)
    last = today + dt.timedelta(days=settings.booking_horizon_days)
    now = timezone.now()
    # One query for the slots already written; a day's slots are written only on its first look.
    by_day: dict[dt.date, list[BookingSlot]] = {}
    for slot in BookingSlot.objects.filter(office=office, date__gte=today, date__lte=last):
        by_day.setdefault(slot.date, []).append(slot)
    days = []
    for offset in range(settings.booking_horizon_days + 1):
        day = today + dt.timedelta(days=offset)
        reason = calendar.closed_reason(day)
        if reason is None and day not in by_day:
            by_day[day] = slots_ensure(office, day)
        free = 0 if reason else sum(s.free for s in by_day.get(day, []) if s.starts_at > now)
        days.append(BookingDay(date=day, closed_reason=reason, free=free))
    return days


def open_slots(office: Office, day: dt.date) -> list[BookingSlot]:
    """The day's slots that have not started yet (full ones included, shown as full); nothing for
    a day outside the booking horizon (no slot rows are written for arbitrary dates)."""
    horizon = intake_setup(office).booking_horizon_days
    today = office_today(office)
    if not today <= day <= today + dt.timedelta(days=horizon):
        return []
    now = timezone.now()
    return [s for s in slots_ensure(office, day) if s.starts_at > now]


def booking_by_code(code: str) -> Booking:
    normalized = normalize_code(code)
    booking = (
        Booking.objects.select_related("office", "slot", "service").filter(code=normalized).first()
        if normalized
        else None
    )
    if booking is None:
        raise Http404
    return booking


def bookings_for_day(user: Staff, office: Office, day: dt.date) -> QuerySet[Booking]:
    require_role(user, STAFF_BOOKING_ROLES)
    return (
        scope_to_offices(Booking.objects.all(), user)
        .filter(office=office, date=day)
        .select_related("slot", "service", "ticket")
        .order_by("slot__starts_at", "id")
    )
