"""Reading: home, search, worklists, the application page, the receipt slip and the Suket download."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.applications import selectors
from loket.applications.forms import (
    PickupForm,
    PrintForm,
    SearchForm,
)
from loket.applications.lifecycle import Status
from loket.applications.models import Application, SuketCode
from loket.applications.receipts import normalize_receipt
from loket.applications.requirements import requirements_for
from loket.applications.services.lifecycle import SUBMIT_ROLES
from loket.applications.services.suket import SUKET_CODE_FOR_STATUS, SUKET_ROLES
from loket.applications.views.base import (
    LOW_BLANKS,
    OVERDUE_ON_HOME,
    PAGE_SIZE,
    Workspace,
    render_page,
    with_due,
    workspace_view,
)
from loket.offices.access import can_see_personal_data

SUKET_PDF_UNAVAILABLE = _("The Suket document cannot be produced yet. Try again later.")


@workspace_view
def home(request: HttpRequest, ws: Workspace) -> HttpResponse:
    counts = selectors.worklist_counts(ws.user, office=ws.office)
    context: dict[str, Any] = {
        "counts": [(Status(status), n) for status, n in counts.items()],
        "open_total": sum(counts.values()),
        "search_form": SearchForm(),
    }
    if ws.sees_overdue:
        overdue = selectors.overdue_applications(ws.user, office=ws.office)
        context["overdue_rows"] = with_due(overdue[:OVERDUE_ON_HOME])
        context["overdue_total"] = overdue.count()
    if ws.office is not None:
        context["on_hand"] = selectors.blank_stock(ws.office)
        context["low_blanks"] = LOW_BLANKS
    return render_page(request, ws, "applications/home.html", **context)


@workspace_view
def search(request: HttpRequest, ws: Workspace) -> HttpResponse:
    """POST only for the query itself: a NIK typed here must not end up in a URL or an access log."""
    form = SearchForm(request.POST if request.method == "POST" else None)
    rows = None
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"]
        found = list(selectors.application_search(ws.user, query, office=ws.office))
        if len(found) == 1 and found[0].receipt_number == normalize_receipt(query):
            return redirect("workspace:application", pk=found[0].pk)
        rows = with_due(found)
    return render_page(
        request, ws, "applications/search.html", form=form, rows=rows, personal=can_see_personal_data(ws.user)
    )


@workspace_view
def worklist(request: HttpRequest, ws: Workspace, status: str) -> HttpResponse:
    if status not in Status.values:
        raise Http404
    page = Paginator(selectors.worklist(ws.user, status, office=ws.office), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render_page(
        request,
        ws,
        "applications/worklist.html",
        current_status=Status(status),
        page=page,
        rows=with_due(page),
    )


@workspace_view
def overdue(request: HttpRequest, ws: Workspace) -> HttpResponse:
    if not ws.sees_overdue:
        return render_page(request, ws, "403.html", http_status=403)
    applications = selectors.overdue_applications(ws.user, office=ws.office)
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(request, ws, "applications/overdue.html", page=page, rows=with_due(page))


@workspace_view
def application_detail(request: HttpRequest, ws: Workspace, pk: int) -> HttpResponse:
    app = selectors.application_get(ws.user, pk)
    return render_page(request, ws, "applications/detail.html", **_detail_context(ws, app))


def _detail_context(ws: Workspace, app: Application) -> dict[str, Any]:
    transitions = selectors.allowed_transitions(ws.user, app)
    dedicated = {t.dedicated for t in transitions if t.dedicated}
    labels = {r.code: r for r in requirements_for(app.service_type)}
    sukets = list(app.sukets.all())
    needs_stock = "print" in dedicated or app.status == Status.PRINT_READY
    on_hand = selectors.blank_stock(app.office) if needs_stock else None
    pickup = None
    if app.status == Status.ISSUED:
        try:
            pickup = app.pickup
        except ObjectDoesNotExist:
            pickup = None  # an IKD activation has no card to collect
    (row,) = with_due([app])
    return {
        "app": app,
        "due": row[1],
        "personal": can_see_personal_data(ws.user),
        "requirements": [(labels.get(item.code), item) for item in app.requirements.all()],
        "checklist_editable": ws.role in SUBMIT_ROLES
        and app.status in (Status.SUBMITTED, Status.DOCUMENTS_INCOMPLETE),
        "transitions": [t for t in transitions if not t.dedicated and t.target != Status.CANCELLED],
        "cancel": next((t for t in transitions if t.target == Status.CANCELLED), None),
        "print_form": PrintForm(office=app.office) if "print" in dedicated else None,
        "pickup_form": PickupForm() if "pickup" in dedicated else None,
        "on_hand": on_hand,
        "sukets": sukets,
        "suket_allowed": _suket_allowed(ws, app, sukets, on_hand),
        "pickup": pickup,
        "events": list(app.events.all()),
    }


def _suket_allowed(ws: Workspace, app: Application, sukets: list[Any], on_hand: int | None) -> bool:
    """Whether ``suket_issue`` would accept: the button is shown only then."""
    code = SUKET_CODE_FOR_STATUS.get(app.status)
    if code is None or ws.role not in SUKET_ROLES:
        return False
    if code == SuketCode.PRR and (on_hand or 0) > 0:
        return False  # blanks in stock: the card is printed instead
    today = timezone.localdate()
    return not any(s.status_code == code and s.valid_until >= today for s in sukets)


@workspace_view
def receipt_slip(request: HttpRequest, ws: Workspace, pk: int) -> HttpResponse:
    """The slip the citizen takes home: receipt, service, due date, office, cost. No NIK."""
    app = selectors.application_get(ws.user, pk)
    (row,) = with_due([app])
    return render_page(request, ws, "applications/slip.html", app=app, due=row[1])


@workspace_view
def suket_pdf(request: HttpRequest, ws: Workspace, pk: int, suket_pk: int) -> HttpResponse:
    app = selectors.application_get(ws.user, pk)
    suket = next((s for s in app.sukets.all() if s.pk == suket_pk), None)
    if suket is None:
        raise Http404
    try:
        # Imported here: the PDF module belongs to another part of the project and may lag behind.
        from loket.applications.suket_pdf import render_suket_pdf
    except ImportError:
        messages.error(request, SUKET_PDF_UNAVAILABLE)
        return redirect("workspace:application", pk=app.pk)
    filename = "suket-" + "-".join(suket.number.split("/")) + ".pdf"
    response = HttpResponse(render_suket_pdf(suket), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
