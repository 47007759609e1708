"""The kiosk (take a ticket, check in a booking) and the ticket's own pages (printed slip, live page).

The kiosk issues tickets only on a device a staff member of the office has enrolled (a signed
cookie), so nobody can empty the day's quota from the internet. The ticket pages are public and
reached by the ticket's random token; they show no personal data.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from loket.core.errors import ServiceError
from loket.intake.forms import CodeForm, KioskForm
from loket.intake.hours import office_today
from loket.intake.models import QueueService
from loket.intake.selectors.board import today_hours
from loket.intake.selectors.queue import kiosk_services, ticket_by_token, ticket_progress
from loket.intake.services import booking_check_in, intake_setup, ticket_issue
from loket.intake.views.common import kiosk_office_id, public_url, qr_svg, set_kiosk_cookie
from loket.offices.access import NOT_YOUR_OFFICE, can_access_office, role_of
from loket.offices.models import Office

KIOSK_NOT_ENROLLED = _(
    "This device is not enrolled as a kiosk of this office. A staff member must enrol it first."
)
CHOOSE_SERVICE = _("Choose a service.")
KIOSK_ENROLLED = _("This device now issues tickets for %(office)s.")


def _office(code: str) -> Office:
    return get_object_or_404(Office, code=code, is_active=True)


def _kiosk_page(request: HttpRequest, office: Office, *, error: str = "", status: int = 200) -> HttpResponse:
    settings = intake_setup(office)
    return TemplateResponse(
        request,
        "intake/kiosk.html",
        {
            "office": office,
            "services": kiosk_services(office),
            "priorities": KioskForm.base_fields["priority"].choices[1:],  # type: ignore[attr-defined]
            "hours": today_hours(office),
            "enrolled": kiosk_office_id(request) == office.pk,
            "code_form": CodeForm(),
            "error": error,
            "paper": settings.ticket_paper_mm,
        },
        status=status,
    )


@never_cache
def kiosk(request: HttpRequest, office: str) -> HttpResponse:
    place = _office(office)
    if request.method != "POST":
        return _kiosk_page(request, place)
    if kiosk_office_id(request) != place.pk:
        return _kiosk_page(request, place, error=str(KIOSK_NOT_ENROLLED), status=403)
    form = KioskForm(request.POST, services=QueueService.objects.filter(office=place, active=True))
    if not form.is_valid():
        return _kiosk_page(request, place, error=str(CHOOSE_SERVICE), status=400)
    try:
        ticket = ticket_issue(
            office=place, service=form.cleaned_data["service"], priority_reason=form.cleaned_data["priority"]
        )
    except ServiceError as exc:
        return _kiosk_page(request, place, error=exc.message, status=exc.http_status)
    return redirect(reverse("intake:ticket_print", args=[ticket.token]) + "?kiosk=1")


@never_cache
@require_POST
def kiosk_check_in(request: HttpRequest, office: str) -> HttpResponse:
    place = _office(office)
    if kiosk_office_id(request) != place.pk:
        return _kiosk_page(request, place, error=str(KIOSK_NOT_ENROLLED), status=403)
    form = CodeForm(request.POST)
    if not form.is_valid():
        return _kiosk_page(request, place, error=str(form.errors["code"][0]), status=400)
    try:
        ticket = booking_check_in(office=place, code=form.cleaned_data["code"])
    except ServiceError as exc:
        return _kiosk_page(request, place, error=exc.message, status=exc.http_status)
    return redirect(reverse("intake:ticket_print", args=[ticket.token]) + "?kiosk=1")


@login_required
def kiosk_enrol(request: HttpRequest, office: str) -> HttpResponse:
    """A staff member of the office opens this once on the kiosk machine."""
    place = _office(office)
    context: dict[str, object] = {"office": place, "enrolled": kiosk_office_id(request) == place.pk}
    if role_of(request.user) is None or not can_access_office(request.user, place.pk):  # type: ignore[arg-type]
        return TemplateResponse(
            request, "intake/kiosk_enrol.html", {**context, "error": NOT_YOUR_OFFICE}, status=403
        )
    if request.method == "POST":
        messages.success(request, KIOSK_ENROLLED % {"office": place.name})
        response = redirect("intake:kiosk", office=place.code)
        set_kiosk_cookie(response, place.pk)
        return response
    return TemplateResponse(request, "intake/kiosk_enrol.html", context)


def _ticket_context(token: str) -> dict[str, object]:
    ticket = ticket_by_token(token)
    progress = ticket_progress(ticket)
    live = public_url("intake:ticket", ticket.token)
    return {
        "ticket": ticket,
        "progress": progress,
        "live_url": live,
        "qr": qr_svg(live, scale=3),
        "is_today": ticket.day == office_today(ticket.office),
    }


@never_cache
def ticket_print(request: HttpRequest, token: str) -> HttpResponse:
    context = _ticket_context(token)
    ticket = context["ticket"]
    context["paper"] = intake_setup(ticket.office).ticket_paper_mm  # type: ignore[attr-defined]
    context["from_kiosk"] = request.GET.get("kiosk") == "1"
    return TemplateResponse(request, "intake/ticket_print.html", context)


@never_cache
def ticket_live(request: HttpRequest, token: str) -> HttpResponse:
    template = "intake/_ticket_status.html" if request.headers.get("HX-Request") else "intake/ticket.html"
    response = TemplateResponse(request, template, _ticket_context(token))
    response["X-Robots-Tag"] = "noindex"
    return response
