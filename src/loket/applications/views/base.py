"""What every workspace view shares: who is working on which office, and the page helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.applications.due_dates import DueInfo, due_info
from loket.applications.models import Application
from loket.applications.services.lifecycle import SUBMIT_ROLES
from loket.offices.access import role_of, visible_offices
from loket.offices.calendar import NoOpeningHours, WorkingCalendar
from loket.offices.models import OFFICE_BOUND_ROLES, Office, Role, Staff

PAGE_SIZE = 25
OVERDUE_ON_HOME = 10
# Below this many blanks the home page warns: at the demo office's pace that is about two days of printing.
LOW_BLANKS = 25
OFFICE_SESSION_KEY = "workspace_office"
WORKSPACE_ROLES = frozenset({Role.OPERATOR, Role.RECORDING_OFFICER, Role.HEAD, Role.CITY_ADMIN})
OVERDUE_ROLES = frozenset({Role.HEAD, Role.CITY_ADMIN})

CHECK_FORM = _("Check the form: %(errors)s")

Row = tuple[Application, DueInfo | None]


@dataclass(frozen=True)
class Workspace:
    """Who is working and on which office: what every page and its navigation need."""

    user: Staff
    role: str
    office: Office | None  # None: a city administrator looking at every office
    offices: QuerySet[Office] | None  # the offices a city administrator may choose from

    @property
    def can_register(self) -> bool:
        return self.role in SUBMIT_ROLES and self.office is not None

    @property
    def sees_overdue(self) -> bool:
        return self.role in OVERDUE_ROLES


def _chosen_office(request: HttpRequest, user: Staff) -> tuple[Office | None, QuerySet[Office] | None]:
    """Office-bound staff work on their office; a city administrator picks one with ?office=<id>
    (kept in the session), or ?office= for all offices."""
    if user.role in OFFICE_BOUND_ROLES:
        return user.office, None
    offices = visible_offices(user)
    raw = request.GET.get("office")
    if raw is not None:
        office = offices.filter(pk=raw).first() if raw.isdigit() else None
        if raw and office is None:
            raise Http404
        if office is None:
            request.session.pop(OFFICE_SESSION_KEY, None)
        else:
            request.session[OFFICE_SESSION_KEY] = office.pk
        return office, offices
    pk = request.session.get(OFFICE_SESSION_KEY)
    return (offices.filter(pk=pk).first() if pk else None), offices


def workspace_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = cast(Staff, request.user)
        role = role_of(user)
        if role not in WORKSPACE_ROLES:
            # The system administrator manages accounts and settings, never citizens' records.
            return render(request, "applications/no_workspace.html", status=403)
        office, offices = _chosen_office(request, user)
        return view(
            request, Workspace(user=user, role=str(role), office=office, offices=offices), *args, **kwargs
        )

    return login_required(wrapper)


def render_page(
    request: HttpRequest, ws: Workspace, template: str, http_status: int = 200, **context: Any
) -> HttpResponse:
    return render(request, template, {"ws": ws, **context}, status=http_status)


def with_due(applications: Iterable[Application]) -> list[Row]:
    """Each application with its due date and working days left, one calendar per office."""
    calendars: dict[int, WorkingCalendar] = {}
    now = timezone.now()
    rows: list[Row] = []
    for app in applications:
        if app.office_id not in calendars:
            calendars[app.office_id] = WorkingCalendar.for_office(app.office)
        try:
            rows.append((app, due_info(app, calendar=calendars[app.office_id], now=now)))
        except NoOpeningHours:
            rows.append((app, None))
    return rows


def form_errors(request: HttpRequest, form: Any) -> None:
    errors = "; ".join(str(error) for field_errors in form.errors.values() for error in field_errors)
    messages.error(request, CHECK_FORM % {"errors": errors})
