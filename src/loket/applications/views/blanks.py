"""The blank card stock of the office: on hand, the ledger, deliveries and the head's corrections."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from loket.applications import selectors, services
from loket.applications.forms import (
    BlankCorrectForm,
    BlankReceiveForm,
)
from loket.applications.services.printing import STOCK_ROLES
from loket.applications.views.base import (
    LOW_BLANKS,
    Workspace,
    render_page,
    workspace_view,
)
from loket.core.errors import ServiceError
from loket.offices.models import Role

DELIVERY_RECORDED = _("Delivery of %(quantity)s blanks recorded.")
CORRECTION_RECORDED = _("Stock corrected by %(delta)+d.")


@workspace_view
def blanks(request: HttpRequest, ws: Workspace) -> HttpResponse:
    return _blanks_page(request, ws)


def _blanks_page(
    request: HttpRequest,
    ws: Workspace,
    *,
    receive: BlankReceiveForm | None = None,
    correct: BlankCorrectForm | None = None,
) -> HttpResponse:
    if ws.office is None:
        return render_page(request, ws, "applications/choose_office.html")
    can_receive, can_correct = ws.role in STOCK_ROLES, ws.role == Role.HEAD
    return render_page(
        request,
        ws,
        "applications/blanks.html",
        http_status=200 if receive is None and correct is None else 400,
        on_hand=selectors.blank_stock(ws.office),
        low_blanks=LOW_BLANKS,
        movements=selectors.blank_movements(ws.user, office=ws.office),
        receive_form=(receive or BlankReceiveForm()) if can_receive else None,
        correct_form=(correct or BlankCorrectForm()) if can_correct else None,
    )


@require_POST
@workspace_view
def blanks_receive(request: HttpRequest, ws: Workspace) -> HttpResponse:
    form = BlankReceiveForm(request.POST)
    if ws.office is None or not form.is_valid():
        return _blanks_page(request, ws, receive=form)
    try:
        services.blank_stock_receive(office=ws.office, actor=ws.user, **form.cleaned_data)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return _blanks_page(request, ws, receive=form)
    messages.success(request, DELIVERY_RECORDED % {"quantity": form.cleaned_data["quantity"]})
    return redirect("workspace:blanks")


@require_POST
@workspace_view
def blanks_correct(request: HttpRequest, ws: Workspace) -> HttpResponse:
    form = BlankCorrectForm(request.POST)
    if ws.office is None or not form.is_valid():
        return _blanks_page(request, ws, correct=form)
    try:
        services.blank_stock_correct(office=ws.office, actor=ws.user, **form.cleaned_data)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return _blanks_page(request, ws, correct=form)
    messages.success(request, CORRECTION_RECORDED % {"delta": form.cleaned_data["delta"]})
    return redirect("workspace:blanks")
