"""The office's day as intake sees it: is it open, when may the kiosk issue tickets, and the
booking slots of a day (from opening hours, the break, stations and time per citizen)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from loket.offices.calendar import WorkingCalendar
from loket.offices.models import Office, OpeningHours


def local_now(office: Office, now: dt.datetime | None = None) -> dt.datetime:
    from zoneinfo import ZoneInfo

    return (now or timezone.now()).astimezone(ZoneInfo(office.timezone))


def office_today(office: Office, now: dt.datetime | None = None) -> dt.date:
    return local_now(office, now).date()


@dataclass(frozen=True)
class TicketWindow:
    """When the kiosk may issue tickets on one day; ``closed_reason`` set when it is not a working day."""

    closed_reason: str | None
    first: dt.datetime | None = None
    last: dt.datetime | None = None
    hours: OpeningHours | None = None


def ticket_window(
    calendar: WorkingCalendar, day: dt.date, *, before_open: int, before_close: int
) -> TicketWindow:
    reason = calendar.closed_reason(day)
    if reason is not None:
        return TicketWindow(closed_reason=reason)
    hours = calendar.hours[day.weekday()]
    opens = dt.datetime.combine(day, hours.opens, tzinfo=calendar.tz)
    closes = dt.datetime.combine(day, hours.closes, tzinfo=calendar.tz)
    return TicketWindow(
        closed_reason=None,
        first=opens - dt.timedelta(minutes=before_open),
        last=closes - dt.timedelta(minutes=before_close),
        hours=hours,
    )


@dataclass(frozen=True)
class SlotPlan:
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int


def slot_capacity(*, stations: int, slot_minutes: int, minutes_per_citizen: int, share_percent: int) -> int:
    """Citizens one slot can take online: the registration counters' throughput in the slot,
    times the share of it the office offers for booking (the rest stays for walk-ins)."""
    return (stations * slot_minutes * share_percent) // (minutes_per_citizen * 100)


def plan_slots(
    hours: OpeningHours, day: dt.date, *, tz: dt.tzinfo, slot_minutes: int, capacity: int
) -> list[SlotPlan]:
    """Whole slots inside the open periods of the day; the break gets none, and a period's
    remainder shorter than a slot is left to walk-ins."""
    if capacity <= 0:
        return []
    length = dt.timedelta(minutes=slot_minutes)
    plans = []
    for opens, closes in hours.intervals():
        start = dt.datetime.combine(day, opens, tzinfo=tz)
        end = dt.datetime.combine(day, closes, tzinfo=tz)
        while start + length <= end:
            plans.append(SlotPlan(starts_at=start, ends_at=start + length, capacity=capacity))
            start += length
    return plans
