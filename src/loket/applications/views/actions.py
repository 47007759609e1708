"""Writing: registering an application and every action on its page. A refused action (ServiceError)
becomes a message and a redirect back to the page; nothing is written then."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from loket.applications import selectors, services
from loket.applications.forms import (
    NewApplicationForm,
    PickupForm,
    PrintForm,
    RequirementsForm,
    TransitionForm,
    checklist,
)
from loket.applications.lifecycle import Status
from loket.applications.models import Application
from loket.applications.services.lifecycle import STALE_STATUS
from loket.applications.views.base import (
    Workspace,
    form_errors,
    render_page,
    workspace_view,
)
from loket.core.errors import Conflict, ServiceError
from loket.offices.models import ServiceType

REGISTERED = _("Application registered. Receipt number: %(receipt)s.")
STATUS_CHANGED = _("Status changed to “%(status)s”.")
CHECKLIST_SAVED = _("Checklist saved.")
CARD_PRINTED = _("Card printed; one blank used.")
PRINT_SPOILED = _("Spoiled print recorded; one blank used. The record stays print ready.")
HANDED_OVER = _("Card handed over; the application is closed as issued.")
SUKET_ISSUED = _("Suket %(number)s issued, valid until %(until)s.")


@workspace_view
def application_new(request: HttpRequest, ws: Workspace) -> HttpResponse:
    if not ws.can_register or ws.office is None:
        return render_page(request, ws, "403.html", http_status=403)
    form = NewApplicationForm(request.POST if request.method == "POST" else None, office=ws.office)
    if form.is_bound and form.is_valid():
        try:
            app = services.application_register(actor=ws.user, office=ws.office, **form.register_kwargs())
        except ValidationError as exc:
            _add_model_errors(form, exc)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, REGISTERED % {"receipt": app.display_receipt})
            return redirect("workspace:application", pk=app.pk)
    return render_page(request, ws, "applications/new.html", form=form, checklist=form.checklist())


def _add_model_errors(form: NewApplicationForm, exc: ValidationError) -> None:
    """Model validation errors next to their fields when the form has one, else at the top."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@workspace_view
def checklist_fragment(request: HttpRequest, ws: Workspace) -> HttpResponse:
    """htmx: the requirement checklist of the service type just chosen on the form."""
    service_type = request.GET.get("service_type", "")
    if service_type not in ServiceType.values:
        service_type = ServiceType.NEW
    return render_page(request, ws, "applications/_checklist.html", checklist=checklist(service_type))


# Acting on an application -------------------------------------------------------------------------------


def _check_unchanged(app: Application, expected_status: str) -> None:
    """Refuse an action taken on a page drawn before someone else changed the application."""
    if app.status != expected_status:
        raise Conflict(STALE_STATUS, code="stale_status", status=Status(app.status).label)


@require_POST
@workspace_view
def application_requirements(request: HttpRequest, ws: Workspace, pk: int) -> HttpResponse:
    app = selectors.application_get(ws.user, pk)
    form = RequirementsForm(request.POST, application=app)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("workspace:application", pk=app.pk)
    try:
        services.application_requirements_set(
            application=app, actor=ws.user, fulfilled=form.cleaned_data["fulfilled"]
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, CHECKLIST_SAVED)
    return redirect("workspace:application", pk=app.pk)


@require_POST
@workspace_view
def application_transition(request: HttpRequest, ws: Workspace, pk: int) -> HttpResponse:
    app = selectors.application_get(ws.user, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("workspace:application", pk=app.pk)
    data = form.cleaned_data
    try:
        services.application_transition(
            application=app,
            to_status=data["to_status"],
            actor=ws.user,
            note=data["note"],
            expected_status=data["expected_status"],
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, STATUS_CHANGED % {"status": Status(data["to_status"]).label})
    return redirect("workspace:application", pk=app.pk)


@require_POST
@workspace_view
def application_print(request: HttpRequest, ws: Workspace, pk: int) -> HttpResponse:
    app = selectors.application_get(ws.user, pk)
    form = PrintForm(request.POST, office=app.office)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("workspace:application", pk=app.pk)
    data = form.cleaned_data
    try:
        _check_unchanged(app, data["expected_status"])
        services.card_print(
            application=app,
            actor=ws.user,
            station=data["station"],
            spoiled=data["spoiled"],
            note=data["note"],
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, PRINT_SPOILED if data["spoiled"] else CARD_PRINTED)
    return redirect("workspace:application", pk=app.pk)


@require_POST
@workspace_view
def application_pickup(request: HttpRequest, ws: Workspace, pk: int) -> HttpResponse:
    app = selectors.application_get(ws.user, pk)
    form = PickupForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("workspace:application", pk=app.pk)
    data = form.cleaned_data
    try:
        _check_unchanged(app, data["expected_status"])
        services.card_pickup(
            application=app,
            actor=ws.user,
            collector_kind=data["collector_kind"],
            identity_check=data["identity_check"],
            collector_name=data["collector_name"],
            collector_relation=data["collector_relation"],
            note=data["note"],
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, HANDED_OVER)
    return redirect("workspace:application", pk=app.pk)


@require_POST
@workspace_view
def application_suket(request: HttpRequest, ws: Workspace, pk: int) -> HttpResponse:
    app = selectors.application_get(ws.user, pk)
    try:
        suket = services.suket_issue(application=app, actor=ws.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        until = date_format(suket.valid_until, "DATE_FORMAT")
        messages.success(request, SUKET_ISSUED % {"number": suket.number, "until": until})
    return redirect("workspace:application", pk=app.pk)
