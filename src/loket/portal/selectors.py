"""Reads of complaints: staff lists scoped to role and office, the filer's view by tracking code,
and the monthly figures for the dashboards.

Who sees what: the head of an office sees every complaint of that office, the city administrator every
complaint; operators and recording officers see their office's complaints *except* reports of illegal
fees (pungli), and never who filed them. The system administrator sees none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import ExtractMonth
from django.shortcuts import get_object_or_404
from django.utils import timezone

from loket.applications.receipts import normalize_receipt
from loket.offices.access import role_of, scope_to_offices
from loket.offices.models import Office, Role
from loket.portal.models import Complaint, ComplaintCategory, ComplaintStatus
from loket.portal.services import HANDLER_ROLES, NEXT_STEPS

if TYPE_CHECKING:
    from loket.offices.models import Staff

READER_ROLES = frozenset({Role.OPERATOR, Role.RECORDING_OFFICER})
OPEN_STATUSES = (ComplaintStatus.RECEIVED, ComplaintStatus.IN_PROGRESS)


def complaints_for(user: Staff) -> QuerySet[Complaint]:
    role = role_of(user)
    complaints = Complaint.objects.select_related("office", "station")
    if role in HANDLER_ROLES:
        return scope_to_offices(complaints, user)
    if role in READER_ROLES:
        return scope_to_offices(complaints, user).exclude(category=ComplaintCategory.PUNGLI)
    return complaints.none()


def complaint_get(user: Staff, pk: int) -> Complaint:
    """404 when it does not exist or the user may not see it: a pungli report stays invisible."""
    return get_object_or_404(complaints_for(user).prefetch_related("events__actor"), pk=pk)


def can_work_complaint(user: Staff, complaint: Complaint) -> bool:
    return role_of(user) in HANDLER_ROLES and complaints_for(user).filter(pk=complaint.pk).exists()


def can_see_filer(user: Staff) -> bool:
    """Name and contact of the filer: only for those who answer them (no retaliation by a colleague)."""
    return role_of(user) in HANDLER_ROLES


def next_steps(complaint: Complaint) -> list[str]:
    order = list(ComplaintStatus.values)
    return sorted(NEXT_STEPS.get(complaint.status, frozenset()), key=order.index)


def complaint_list(
    user: Staff, *, status: str = "", category: str = "", office: Office | None = None
) -> QuerySet[Complaint]:
    complaints = complaints_for(user)
    if status == "open":
        complaints = complaints.filter(status__in=OPEN_STATUSES)
    elif status in ComplaintStatus.values:
        complaints = complaints.filter(status=status)
    if category in ComplaintCategory.values:
        complaints = complaints.filter(category=category)
    if office is not None:
        complaints = complaints.filter(office=office)
    return complaints.order_by("respond_by", "id") if status in ("open", *OPEN_STATUSES) else complaints


# The filer's view ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicComplaint:
    """What the holder of a tracking code learns: the handling, never the text or who is named."""

    code: str
    office_name: str
    category: str
    status: str
    status_label: str
    received_at: dt.datetime
    respond_by: dt.datetime
    answered_at: dt.datetime | None
    response: str
    late: bool
    history: list[tuple[dt.datetime, str]] = field(default_factory=list)


def complaint_public_lookup(code: str, *, now: dt.datetime | None = None) -> PublicComplaint | None:
    normalized = normalize_receipt(code)
    if not normalized:
        return None
    complaint = (
        Complaint.objects.filter(tracking_code=normalized)
        .select_related("office")
        .only(
            "tracking_code",
            "office__name",
            "category",
            "status",
            "received_at",
            "respond_by",
            "answered_at",
            "response",
        )
        .first()
    )
    if complaint is None:
        return None
    now = now or timezone.now()
    history = [
        (at, str(ComplaintStatus(status).label))
        for at, status in complaint.events.order_by("at", "id").values_list("at", "to_status")
    ]
    answered_or_closed = complaint.status in (ComplaintStatus.ANSWERED, ComplaintStatus.CLOSED)
    return PublicComplaint(
        code=complaint.tracking_code,
        office_name=complaint.office.name,
        category=str(ComplaintCategory(complaint.category).label),
        status=complaint.status,
        status_label=str(ComplaintStatus(complaint.status).label),
        received_at=complaint.received_at,
        respond_by=complaint.respond_by,
        answered_at=complaint.answered_at if answered_or_closed else None,
        response=complaint.response if answered_or_closed else "",
        late=not answered_or_closed and now > complaint.respond_by,
        history=history,
    )


# Figures for the dashboards ----------------------------------------------------------------------


@dataclass(frozen=True)
class MonthFigures:
    month: int
    received: int
    by_category: dict[str, int]
    answered: int
    answered_on_time: int
    open_late: int  # not answered and past the deadline (as of now)


def complaint_monthly_figures(
    user: Staff, *, year: int, office: Office | None = None, now: dt.datetime | None = None
) -> list[MonthFigures]:
    """Twelve rows, one per month of receipt (office time zone of the server). Pungli counts are in
    only for users who may see pungli reports: the figures follow ``complaints_for``."""
    now = now or timezone.now()
    complaints = complaints_for(user).filter(received_at__year=year)
    if office is not None:
        complaints = complaints.filter(office=office)
    complaints = complaints.order_by().annotate(month=ExtractMonth("received_at"))
    answered = Q(answered_at__isnull=False)
    totals: dict[int, dict[str, int]] = {
        row["month"]: {key: int(value) for key, value in row.items()}  # type: ignore[call-overload]
        for row in complaints.values("month").annotate(
            received=Count("id"),
            answered=Count("id", filter=answered),
            on_time=Count("id", filter=answered & Q(answered_at__lte=F("respond_by"))),
            open_late=Count("id", filter=Q(answered_at__isnull=True, respond_by__lt=now)),
        )
    }
    per_category: dict[int, dict[str, int]] = {}
    for month, category, count in complaints.values_list("month", "category").annotate(n=Count("id")):
        per_category.setdefault(month, {})[category] = count
    categories = [c for c in ComplaintCategory.values if c != ComplaintCategory.PUNGLI or can_see_filer(user)]
    figures = []
    for month in range(1, 13):
        row: dict[str, int] = totals.get(month, {})
        figures.append(
            MonthFigures(
                month=month,
                received=row.get("received", 0),
                by_category={c: per_category.get(month, {}).get(c, 0) for c in categories},
                answered=row.get("answered", 0),
                answered_on_time=row.get("on_time", 0),
                open_late=row.get("open_late", 0),
            )
        )
    return figures
