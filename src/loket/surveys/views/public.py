"""The public survey: from an invitation link, a QR poster or a kiosk. Mobile first, anonymous."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.cache import never_cache

from loket.core.clients import client_address
from loket.core.errors import ServiceError
from loket.surveys.forms import ResponseForm
from loket.surveys.models import EntryKind, EntryPoint, Questionnaire
from loket.surveys.services import survey_response_submit_entry, survey_response_submit_invitation
from loket.surveys.services.responses import (
    ALREADY_ANSWERED_HERE,
    current_version,
    entry_point_for_token,
    invitation_for_token,
    office_today,
)

# Seconds before a kiosk's thank-you page goes back to an empty form for the next citizen.
KIOSK_RESTART_SECONDS = 8


def _closed(request: HttpRequest, error: ServiceError) -> HttpResponse:
    status = 404 if error.code in ("invitation_unknown", "entry_closed") else 410
    if error.code in ("kiosk_too_soon", "entry_busy"):
        status = 429
    return render(request, "surveys/public_closed.html", {"message": error.message}, status=status)


def _form(request: HttpRequest, questionnaire: Questionnaire, *, ask_service: bool) -> ResponseForm:
    questions = list(current_version(questionnaire).questions.all())
    data = request.POST if request.method == "POST" else None
    return ResponseForm(
        data, questions=questions, language=translation.get_language() or "id", ask_service=ask_service
    )


def _page(request: HttpRequest, form: ResponseForm, **context: Any) -> HttpResponse:
    return render(
        request, "surveys/public_form.html", {"form": form, **context}, status=400 if form.errors else 200
    )


@never_cache
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invite = invitation_for_token(token)
    except ServiceError as error:
        return _closed(request, error)
    form = _form(request, invite.questionnaire, ask_service=not invite.service_type)
    if request.method == "POST" and form.is_valid():
        if not form.is_bot():
            try:
                survey_response_submit_invitation(
                    token=token,
                    answers=form.answers(),
                    profile=form.profile(),
                    suggestion=form.cleaned_data["suggestion"],
                )
            except ServiceError as error:
                return _closed(request, error)
        return redirect("surveys:thanks")
    return _page(request, form, office=invite.office, questionnaire=invite.questionnaire)


def _session_key(entry: EntryPoint) -> str:
    return f"survey_entry_{entry.pk}"


@never_cache
def entry(request: HttpRequest, token: str) -> HttpResponse:
    """A QR poster or kiosk. A poster remembers in the browser session that it was answered today
    (the service also refuses a second response from the same device); a kiosk does not."""
    try:
        point = entry_point_for_token(token)
    except ServiceError as error:
        return _closed(request, error)
    today = office_today(point.office).isoformat()
    if point.kind == EntryKind.POSTER and request.session.get(_session_key(point)) == today:
        return render(
            request, "surveys/public_closed.html", {"message": ALREADY_ANSWERED_HERE, "thanks": True}
        )
    form = _form(request, point.questionnaire, ask_service=True)
    if request.method == "POST" and form.is_valid():
        if not form.is_bot():
            client = f"{client_address(request)}|{request.META.get('HTTP_USER_AGENT', '')[:200]}"
            try:
                survey_response_submit_entry(
                    token=token,
                    client=client,
                    answers=form.answers(),
                    profile=form.profile(),
                    suggestion=form.cleaned_data["suggestion"],
                )
            except ServiceError as error:
                return _closed(request, error)
            if point.kind == EntryKind.POSTER:
                request.session[_session_key(point)] = today
        return redirect("surveys:entry_thanks", token=token)
    return _page(
        request,
        form,
        office=point.office,
        questionnaire=point.questionnaire,
        kiosk=point.kind == EntryKind.KIOSK,
    )


def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/public_thanks.html")


def entry_thanks(request: HttpRequest, token: str) -> HttpResponse:
    point = EntryPoint.objects.filter(token=token, is_active=True).first()
    kiosk = point if point is not None and point.kind == EntryKind.KIOSK else None
    return render(
        request,
        "surveys/public_thanks.html",
        {
            "restart_url": kiosk.get_absolute_url() if kiosk else "",
            "restart_seconds": KIOSK_RESTART_SECONDS,
        },
    )
