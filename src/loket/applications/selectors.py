"""Reads for the staff workspace and the API. Every function takes the user and returns only what
that user may see (``offices.access``); views and endpoints never query models directly."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from loket.applications.lifecycle import Source, Status, Transition, transitions_from
from loket.applications.models import (
    Application,
    ApplicationEvent,
    ApplicationQuerySet,
    BlankMovement,
    BlankStock,
)
from loket.applications.receipts import normalize_receipt
from loket.offices.access import can_access_office, can_see_personal_data, role_of, scope_to_offices
from loket.offices.models import Office
from loket.people.nik import compact as compact_nik

if TYPE_CHECKING:
    from loket.offices.models import Staff

SEARCH_LIMIT = 50


def applications_for(user: Staff) -> ApplicationQuerySet:
    applications = Application.objects.select_related("person", "office")
    return cast(ApplicationQuerySet, scope_to_offices(applications, user))


def application_get(user: Staff, pk: int) -> Application:
    """The application with its history, or 404 when it does not exist *or* belongs to another office:
    a stranger cannot even learn that the record exists."""
    queryset = applications_for(user).prefetch_related(
        Prefetch("events", queryset=ApplicationEvent.objects.select_related("actor").order_by("at", "id")),
        "requirements",
        "sukets",
    )
    return get_object_or_404(queryset, pk=pk)


def application_search(user: Staff, query: str, *, office: Office | None = None) -> QuerySet[Application]:
    """By receipt number (any format), by NIK (16 digits), or by name (all words, any order).
    NIK and name search need a role that may see personal data."""
    query = (query or "").strip()
    applications = applications_for(user)
    if office is not None:
        applications = applications.filter(office=office)
    if not query:
        return applications.none()
    receipt = normalize_receipt(query)
    if receipt:
        by_receipt = applications.filter(receipt_number=receipt)
        # Ten letters may also be a name ("SITIAMINAH"): fall through to the name search when no
        # receipt matches, for the roles that may search by name.
        if by_receipt.exists() or not can_see_personal_data(user):
            return by_receipt
    if not can_see_personal_data(user):
        return applications.none()
    digits = compact_nik(query)
    if digits.isdigit() and len(digits) == 16:
        return applications.filter(person__nik=digits)[:SEARCH_LIMIT]
    words = query.split()
    condition = Q()
    for word in words:
        condition &= Q(person__full_name__icontains=word)
    return applications.filter(condition).order_by("-submitted_at")[:SEARCH_LIMIT]


def worklist_counts(user: Staff, *, office: Office | None = None) -> dict[str, int]:
    """How many open applications wait in each status."""
    applications = applications_for(user).open()
    if office is not None:
        applications = applications.filter(office=office)
    rows = applications.order_by().values("status").annotate(n=Count("id"))
    counts = {str(status): 0 for status in Status if status not in (Status.ISSUED, Status.CANCELLED)}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def worklist(user: Staff, status: str, *, office: Office | None = None) -> QuerySet[Application]:
    """Applications in one status, the longest-waiting first (by due date)."""
    applications = applications_for(user).filter(status=status)
    if office is not None:
        applications = applications.filter(office=office)
    return applications.order_by("due_at", "id")


def overdue_applications(
    user: Staff, *, office: Office | None = None, now: dt.datetime | None = None
) -> QuerySet[Application]:
    applications = applications_for(user).overdue(now or timezone.now())
    if office is not None:
        applications = applications.filter(office=office)
    return applications.order_by("due_at")


def allowed_transitions(user: Staff, application: Application) -> list[Transition]:
    """The actions this user may take on this application now: what the page shows as buttons."""
    role = role_of(user)
    if role is None:
        return []
    if not can_access_office(user, application.office_id):
        return []
    return [
        t
        for t in transitions_from(application.status, service_type=application.service_type)
        if Source.STAFF in t.sources and role in t.roles
    ]


def blank_stock(office: Office) -> int:
    return BlankStock.objects.filter(office=office).values_list("on_hand", flat=True).first() or 0


def blank_movements(user: Staff, *, office: Office, limit: int = 100) -> QuerySet[BlankMovement]:
    movements = scope_to_offices(
        BlankMovement.objects.select_related("actor", "application", "station"), user
    )
    return movements.filter(office=office)[:limit]
