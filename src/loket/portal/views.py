"""The public pages: office, requirements, service standard and fee, FAQ, tracking, complaints.

Nothing here needs a login. Receipt numbers, dates of birth and tracking codes travel only in POST
bodies (never in a URL, so never in a server log or a browser history), and the pages that show an
application or a complaint are never cached.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from loket.applications.receipts import format_receipt
from loket.applications.requirements import REQUIREMENTS
from loket.core.clients import client_address
from loket.core.errors import ServiceError
from loket.offices.models import ServiceType
from loket.portal import ratelimit
from loket.portal.citizen_texts import DIAGRAM_HEIGHT, pickup_checklist, procedure_diagram
from loket.portal.forms import ComplaintForm, FollowForm, TrackForm
from loket.portal.office_info import office_info, public_offices
from loket.portal.queue_hook import queue_today
from loket.portal.selectors import complaint_public_lookup
from loket.portal.services import complaint_file, message_choice_set
from loket.portal.tracking import application_track

NOT_FOUND = _(
    "No application matches this receipt number and date of birth. Check both and try again, or ask "
    "the office."
)
CODE_NOT_FOUND = _("No complaint has this tracking code. Check what you typed.")
SLOW_DOWN = _("Too many attempts. Please wait %(seconds)d seconds and try again.")
BLOCKED = _(
    "Too many wrong attempts. Tracking is blocked for about %(minutes)d minutes. If you cannot find "
    "your application, ask the office."
)
TOO_MANY_COMPLAINTS = _(
    "Too many complaints were sent from your connection. Please try again later, or come to the office."
)
CHOOSE_ACTION = _("Choose whether to stop or to receive messages.")
SESSION_CODE = "portal_complaint_code"


def _refusal(verdict: ratelimit.Verdict) -> str:
    if verdict.blocked:
        return str(BLOCKED) % {"minutes": max(1, round(verdict.retry_after / 60))}
    return str(SLOW_DOWN) % {"seconds": verdict.retry_after}


def _limited(response: TemplateResponse, verdict: ratelimit.Verdict | None) -> TemplateResponse:
    if verdict is not None and not verdict.allowed:
        response.status_code = 429
        response["Retry-After"] = str(verdict.retry_after)
    return response


# Information pages -----------------------------------------------------------------------------


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    offices = list(public_offices())
    if len(offices) == 1:
        return _office_page(request, offices[0], home=True)
    return TemplateResponse(request, "portal/home.html", {"offices": offices})


@require_GET
def office_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _office_page(request, get_object_or_404(public_offices(), code=code), home=False)


def _office_page(request: HttpRequest, office: object, *, home: bool) -> HttpResponse:
    return TemplateResponse(
        request,
        "portal/office.html",
        {
            "info": office_info(office),  # type: ignore[arg-type]
            "queue": queue_today(office),  # type: ignore[arg-type]
            "is_home": home,
            "services": ServiceType.choices,
        },
    )


@require_GET
def requirements(request: HttpRequest) -> HttpResponse:
    services = [
        {
            "code": code,
            "label": ServiceType(code).label,
            "items": REQUIREMENTS[ServiceType(code)],
            "pickup": pickup_checklist(code) if code != ServiceType.IKD else [],
        }
        for code in ServiceType.values
    ]
    return TemplateResponse(request, "portal/requirements.html", {"services": services})


@require_GET
def service_standard(request: HttpRequest) -> HttpResponse:
    offices = [office_info(office) for office in public_offices()]
    return TemplateResponse(
        request,
        "portal/standard.html",
        {"offices": offices, "steps": procedure_diagram(), "diagram_height": DIAGRAM_HEIGHT},
    )


@require_GET
def faq(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "portal/faq.html", {})


# Tracking ---------------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.POST or None)
    context: dict[str, object] = {"form": form, "result": None, "refusal": ""}
    verdict = None
    if request.method == "POST" and form.is_valid():
        verdict, result = _track_limited(
            request, form.cleaned_data["receipt"], form.cleaned_data["birth_date"]
        )
        if not verdict.allowed:
            context["refusal"], context["blocked"] = _refusal(verdict), verdict.blocked
        elif result is None:
            form.add_error(None, NOT_FOUND)
        else:
            context["result"] = result
    return _limited(TemplateResponse(request, "portal/track.html", context), verdict)


@never_cache
@require_POST
def track_messages(request: HttpRequest) -> HttpResponse:
    """The choice offered under a tracked application: stop messages, or start them by a channel."""
    action = request.POST.get("action", "")
    context: dict[str, object] = {"error": "", "preference": None}
    if action not in ("stop", "start"):
        context["error"] = str(CHOOSE_ACTION)
        return TemplateResponse(request, "portal/track_messages.html", context, status=400)
    try:
        context["preference"] = message_choice_set(
            token=request.POST.get("token", ""),
            consent=action == "start",
            channel=request.POST.get("channel", ""),
            language=get_language() or "",
        )
    except ServiceError as exc:
        context["error"] = exc.message
        return TemplateResponse(request, "portal/track_messages.html", context, status=exc.http_status)
    return TemplateResponse(request, "portal/track_messages.html", context)


def _track_limited(
    request: HttpRequest, receipt: str, birth_date: object
) -> tuple[ratelimit.Verdict, object]:
    """Both limits must allow the guess; a guess that finds the application costs nothing."""
    by_address = ratelimit.reserve(ratelimit.TRACK_PER_ADDRESS, client_address(request))
    if not by_address.allowed:
        return by_address, None
    by_receipt = ratelimit.reserve(ratelimit.TRACK_PER_RECEIPT, receipt)
    if not by_receipt.allowed:
        ratelimit.refund(by_address)  # not judged, so not counted
        return by_receipt, None
    result = application_track(receipt=receipt, birth_date=birth_date)  # type: ignore[arg-type]
    if result is not None:
        ratelimit.refund(by_address)
        ratelimit.refund(by_receipt)
    return by_receipt, result


# Complaints -------------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def complaint_new(request: HttpRequest) -> HttpResponse:
    form = ComplaintForm(request.POST or None, request.FILES or None)
    verdict = None
    if request.method == "POST" and form.is_valid():
        verdict = ratelimit.reserve(ratelimit.COMPLAINTS_PER_ADDRESS, client_address(request))
        if not verdict.allowed:
            form.add_error(None, TOO_MANY_COMPLAINTS)
        else:
            data = form.cleaned_data
            try:
                complaint = complaint_file(
                    office=data["office"],
                    category=data["category"],
                    description=data["description"],
                    station=data["station"],
                    staff_description=data["staff_description"],
                    filer_name=data["filer_name"],
                    filer_contact=data["filer_contact"],
                    attachment=data["attachment"] or None,
                )
            except ServiceError as exc:
                ratelimit.refund(verdict)
                form.add_error(None, exc.message)
            else:
                # The code goes to the next page through the session: never in the URL.
                request.session[SESSION_CODE] = complaint.tracking_code
                return redirect("portal:complaint_filed")
    return _limited(TemplateResponse(request, "portal/complaint_new.html", {"form": form}), verdict)


@never_cache
@require_GET
def complaint_filed(request: HttpRequest) -> HttpResponse:
    # Shown once: on a shared phone or a kiosk the next person must not find an anonymous filer's code.
    code = request.session.pop(SESSION_CODE, None)
    if not code:
        return redirect("portal:complaint_new")
    lookup = complaint_public_lookup(code)
    if lookup is None:
        raise Http404
    return TemplateResponse(
        request, "portal/complaint_filed.html", {"code": format_receipt(code), "complaint": lookup}
    )


@never_cache
@require_http_methods(["GET", "POST"])
def complaint_follow(request: HttpRequest) -> HttpResponse:
    form = FollowForm(request.POST or None)
    context: dict[str, object] = {"form": form, "complaint": None, "refusal": ""}
    verdict = None
    if request.method == "POST" and form.is_valid():
        verdict = ratelimit.reserve(ratelimit.FOLLOW_PER_ADDRESS, client_address(request))
        if not verdict.allowed:
            context["refusal"] = _refusal(verdict)
        else:
            complaint = complaint_public_lookup(form.cleaned_data["code"])
            if complaint is None:
                form.add_error(None, CODE_NOT_FOUND)
            else:
                ratelimit.refund(verdict)
                context["complaint"] = complaint
                context["code"] = format_receipt(complaint.code)
    return _limited(TemplateResponse(request, "portal/complaint_follow.html", context), verdict)
