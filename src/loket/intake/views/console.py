"""The counter console: one page per station, its panel refreshed by htmx, one POST per action.

Every action answers with the refreshed panel (htmx) or a redirect back to the console (without
JavaScript); a refusal is shown in the panel in the operator's language and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from loket.core.errors import NotPermitted, ServiceError
from loket.intake import services
from loket.intake.forms import CallNumberForm, ReceiptForm, TicketRegistrationForm, TransferForm
from loket.intake.models import Ticket
from loket.intake.selectors.queue import console_state, station_for, stations_for
from loket.intake.services.console import CONSOLE_ROLES
from loket.offices.access import require_role
from loket.offices.models import Staff, Station

DONE_MESSAGES = {
    "call-next": _("Called %(number)s."),
    "recall": _("Called %(number)s again."),
    "start": _("Serving %(number)s."),
    "finish": _("%(number)s is done."),
    "no-show": _("%(number)s marked as not present."),
    "park": _("%(number)s is on hold. Call it back by its number."),
}
TRANSFERRED = _("%(number)s sent on.")
CANCELLED = _("%(number)s cancelled.")
REGISTERED = _("Application %(receipt)s registered and linked to %(number)s.")
LINKED = _("%(number)s linked to application %(receipt)s.")

ACTIONS: dict[str, Callable[..., Ticket]] = {
    "call-next": services.ticket_call_next,
    "recall": services.ticket_recall,
    "start": services.ticket_start,
    "finish": services.ticket_finish,
    "no-show": services.ticket_no_show,
    "park": services.ticket_park,
}


def station_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Logged in, a console role, a station of the user's office (another office's is a 404)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, station: int, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            place = station_for(cast(Staff, request.user), station)
        except NotPermitted:
            return TemplateResponse(request, "403.html", {}, status=403)
        return view(request, place, *args, **kwargs)

    return wrapper


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = cast(Staff, request.user)
    try:
        require_role(user, CONSOLE_ROLES)
    except NotPermitted:
        return TemplateResponse(request, "403.html", {}, status=403)
    return TemplateResponse(request, "intake/console_index.html", {"stations": stations_for(user)})


def _panel_context(station: Station, **extra: Any) -> dict[str, Any]:
    state = console_state(station)
    return {
        "state": state,
        "station": station,
        "number_form": CallNumberForm(),
        "transfer_form": TransferForm(station=station),
        "receipt_form": ReceiptForm(),
        "workspace_new": _workspace_new_url(state.active),
        **extra,
    }


def _workspace_new_url(ticket: Ticket | None) -> str:
    """The staff workspace's new-application form, told which ticket it is for."""
    if ticket is None:
        return ""
    try:
        return reverse("workspace:application_new") + f"?ticket={ticket.pk}"
    except NoReverseMatch:
        return ""


@station_view
def console(request: HttpRequest, station: Station) -> HttpResponse:
    return TemplateResponse(request, "intake/console.html", _panel_context(station))


@station_view
def panel(request: HttpRequest, station: Station) -> HttpResponse:
    return TemplateResponse(request, "intake/_console_panel.html", _panel_context(station))


def _answer(request: HttpRequest, station: Station, *, error: str = "", done: str = "") -> HttpResponse:
    status = 400 if error else 200
    if request.headers.get("HX-Request"):
        context = _panel_context(station, error=error, done=done)
        return TemplateResponse(request, "intake/_console_panel.html", context, status=status)
    if error:
        messages.error(request, error)
    elif done:
        messages.success(request, done)
    return redirect("intake:console", station=station.pk)


def _run(request: HttpRequest, station: Station, action: Callable[[], Ticket], done: Any) -> HttpResponse:
    try:
        ticket = action()
    except ServiceError as exc:
        return _answer(request, station, error=exc.message)
    return _answer(request, station, done=str(done) % {"number": ticket.display_number})


@require_POST
@station_view
def act(request: HttpRequest, station: Station, action: str) -> HttpResponse:
    if action not in ACTIONS:
        return _answer(request, station, error=str(_("Unknown action.")))
    user = cast(Staff, request.user)
    return _run(request, station, lambda: ACTIONS[action](actor=user, station=station), DONE_MESSAGES[action])


@require_POST
@station_view
def call_number(request: HttpRequest, station: Station) -> HttpResponse:
    form = CallNumberForm(request.POST)
    if not form.is_valid():
        return _answer(request, station, error=str(form.errors["number"][0]))
    user = cast(Staff, request.user)
    return _run(
        request,
        station,
        lambda: services.ticket_call_number(actor=user, station=station, number=form.cleaned_data["number"]),
        DONE_MESSAGES["call-next"],
    )


@require_POST
@station_view
def transfer(request: HttpRequest, station: Station) -> HttpResponse:
    form = TransferForm(request.POST, station=station)
    if not form.is_valid():
        return _answer(request, station, error=str(form.errors["to"][0]))
    user = cast(Staff, request.user)
    return _run(
        request,
        station,
        lambda: services.ticket_transfer(actor=user, station=station, **form.target()),
        TRANSFERRED,
    )


@require_POST
@station_view
def cancel(request: HttpRequest, station: Station, ticket: int) -> HttpResponse:
    item = get_object_or_404(Ticket, pk=ticket, office_id=station.office_id)
    user = cast(Staff, request.user)
    return _run(request, station, lambda: services.ticket_cancel(actor=user, ticket=item), CANCELLED)


@require_POST
@station_view
def link(request: HttpRequest, station: Station) -> HttpResponse:
    form = ReceiptForm(request.POST)
    if not form.is_valid():
        return _answer(request, station, error=str(form.errors["receipt"][0]))
    user = cast(Staff, request.user)
    try:
        app = services.ticket_link_application(
            actor=user, station=station, receipt=form.cleaned_data["receipt"]
        )
    except ServiceError as exc:
        return _answer(request, station, error=exc.message)
    number = app.tickets.order_by("-id").first()
    return _answer(request, station, done=str(LINKED) % {"number": number, "receipt": app.display_receipt})


@station_view
def register(request: HttpRequest, station: Station) -> HttpResponse:
    """Register the citizen being served as an application, linked to their ticket."""
    state = console_state(station)
    ticket = state.active
    if ticket is None or ticket.service.application_service_type is None:
        return redirect("intake:console", station=station.pk)
    service_type = ticket.service.application_service_type
    form = TicketRegistrationForm(request.POST or None, service_type=service_type)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                app = services.ticket_register_application(
                    actor=cast(Staff, request.user),
                    station=station,
                    person=form.person_kwargs(),
                    fulfilled=tuple(form.cleaned_data["fulfilled"]),
                )
            except ServiceError as exc:
                form.add_error(None, exc.message)
                status = exc.http_status
            except ValidationError as exc:  # the person's record refused by its model checks
                form.add_error(None, exc.messages)
            else:
                messages.success(
                    request, REGISTERED % {"receipt": app.display_receipt, "number": ticket.display_number}
                )
                return redirect("intake:console", station=station.pk)
        else:
            status = 400
    return TemplateResponse(
        request,
        "intake/console_register.html",
        {"station": station, "ticket": ticket, "form": form},
        status=status,
    )
