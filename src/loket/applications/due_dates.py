"""Due dates from the office's service standard and working calendar."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.core.errors import ServiceError
from loket.offices.calendar import NoOpeningHours, WorkingCalendar
from loket.offices.models import Office, ServiceStandard, ServiceType

NO_STANDARD = _(
    "This office has no service standard for %(service)s yet; the head of office sets it in the admin."
)
NO_HOURS = _("This office has no opening hours, so no due date can be counted.")


def compute_due_at(
    *, office: Office, service_type: str, start: dt.datetime, calendar: WorkingCalendar | None = None
) -> dt.datetime:
    standard = ServiceStandard.objects.filter(office=office, service_type=service_type).first()
    if standard is None:
        raise ServiceError(NO_STANDARD, code="no_service_standard", service=ServiceType(service_type).label)
    try:
        return (calendar or WorkingCalendar.for_office(office)).due_at(
            start, amount=standard.amount, unit=standard.unit
        )
    except NoOpeningHours:
        raise ServiceError(NO_HOURS, code="no_opening_hours") from None


@dataclass(frozen=True)
class DueInfo:
    due_at: dt.datetime
    working_days_left: int  # 0 on the due day, negative when late
    overdue: bool
    completed_on_time: bool | None  # None while not completed


def due_info(application: object, *, calendar: WorkingCalendar, now: dt.datetime | None = None) -> DueInfo:
    now = now or timezone.now()
    due = application.due_at  # type: ignore[attr-defined]
    completed = application.completed_at  # type: ignore[attr-defined]
    if completed is not None:
        return DueInfo(due, 0, overdue=False, completed_on_time=completed <= due)
    is_open = application.is_open  # type: ignore[attr-defined]
    return DueInfo(
        due,
        calendar.working_days_left(now, due),
        overdue=bool(is_open and now > due),
        completed_on_time=None,
    )
