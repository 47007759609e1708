"""What the public pages say about an office: where it is, when it is open, how long each service
takes. Public facts only (the office's own record, its hours and standards)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise

from loket.offices.calendar import WorkingCalendar
from loket.offices.models import Office, OpeningHours, ServiceStandard, ServiceType, StandardUnit

UPCOMING_DAYS = 21


@dataclass(frozen=True)
class DayHours:
    weekday: str
    hours: str  # "08.00–16.00", "" when closed
    break_hours: str


@dataclass(frozen=True)
class Standard:
    service_type: str
    service: str
    amount: int
    unit: str
    unit_label: str


@dataclass(frozen=True)
class OfficeInfo:
    office: Office
    open_today: bool
    closed_reason: str
    week: list[DayHours]
    closures: list[tuple[dt.date, str]] = field(default_factory=list)
    standards: list[Standard] = field(default_factory=list)
    map_url: str = ""


def public_offices() -> QuerySet[Office]:
    return Office.objects.filter(is_active=True).order_by("name")


def _time(value: dt.time | None) -> str:
    return f"{value:%H.%M}" if value else ""


def _weekday_label(weekday: int) -> Promise:
    return dict(OpeningHours._meta.get_field("weekday").choices)[weekday]  # type: ignore[arg-type]


def map_url(latitude: Decimal | None, longitude: Decimal | None) -> str:
    """A link to OpenStreetMap (nothing loads from it until the citizen follows the link)."""
    if latitude is None or longitude is None:
        return ""
    return f"https://www.openstreetmap.org/?mlat={latitude}&mlon={longitude}#map=18/{latitude}/{longitude}"


def standards_of(office: Office) -> list[Standard]:
    order = list(ServiceType.values)
    rows = sorted(ServiceStandard.objects.filter(office=office), key=lambda s: order.index(s.service_type))
    return [
        Standard(
            service_type=s.service_type,
            service=str(ServiceType(s.service_type).label),
            amount=s.amount,
            unit=s.unit,
            unit_label=str(StandardUnit(s.unit).label),
        )
        for s in rows
    ]


def office_info(office: Office, *, now: dt.datetime | None = None) -> OfficeInfo:
    calendar = WorkingCalendar.for_office(office)
    today = calendar.local(now or timezone.now()).date()
    week = []
    for weekday in range(7):
        hours = calendar.hours.get(weekday)
        week.append(
            DayHours(
                weekday=str(_weekday_label(weekday)),
                hours=f"{_time(hours.opens)}–{_time(hours.closes)}" if hours else "",
                break_hours=f"{_time(hours.break_start)}–{_time(hours.break_end)}"
                if hours and hours.break_start
                else "",
            )
        )
    closures = []
    for offset in range(1, UPCOMING_DAYS + 1):
        day = today + dt.timedelta(days=offset)
        reason = calendar.closed_reason(day)
        # Weekends are in the weekly table already; list only the holidays and the office's closures.
        if reason and day.weekday() in calendar.hours:
            closures.append((day, reason))
    reason = calendar.closed_reason(today)
    return OfficeInfo(
        office=office,
        open_today=reason is None,
        closed_reason=reason or "",
        week=week,
        closures=closures,
        standards=standards_of(office),
        map_url=map_url(office.latitude, office.longitude),
    )
