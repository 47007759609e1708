"""Outreach pages for staff: requests, events, the list of people at an event and their outcomes."""

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
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from loket.core.errors import NotPermitted, ServiceError
from loket.intake import services
from loket.intake.forms import (
    OutcomeForm,
    OutreachEventForm,
    OutreachRequestForm,
    ParticipantForm,
    TicketRegistrationForm,
)
from loket.intake.models import OutreachParticipant
from loket.intake.models.outreach import SERVED_OUTCOMES
from loket.intake.selectors.outreach import event_tally, outreach_event, outreach_events, outreach_requests
from loket.offices.access import can_see_personal_data
from loket.offices.models import ServiceType, Staff

REQUEST_SAVED = _("Request recorded.")
EVENT_SAVED = _("Outreach event scheduled.")
EVENT_CLOSED = _("Event closed.")
PERSON_ADDED = _("%(name)s added to the list.")
OUTCOME_SAVED = _("Outcome recorded for %(name)s.")
NO_OFFICE = _("Only staff of an office can plan its outreach.")


def outreach_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, cast(Staff, request.user), *args, **kwargs)
        except NotPermitted:
            return TemplateResponse(request, "403.html", {}, status=403)

    return wrapper


@outreach_view
def index(request: HttpRequest, user: Staff) -> HttpResponse:
    return TemplateResponse(
        request,
        "intake/outreach_index.html",
        {"requests": outreach_requests(user), "events": outreach_events(user)[:50]},
    )


def _office_or_refuse(user: Staff) -> Any:
    if user.office is None:
        raise NotPermitted(NO_OFFICE, code="no_office")
    return user.office


@outreach_view
def request_new(request: HttpRequest, user: Staff) -> HttpResponse:
    office = _office_or_refuse(user)
    form = OutreachRequestForm(request.POST or None, office=office)
    if request.method == "POST" and form.is_valid():
        try:
            services.outreach_request_create(actor=user, office=office, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, REQUEST_SAVED)
            return redirect("intake:outreach")
    status = 400 if form.errors else 200
    return TemplateResponse(
        request, "intake/outreach_form.html", {"form": form, "kind": "request"}, status=status
    )


@outreach_view
def event_new(request: HttpRequest, user: Staff) -> HttpResponse:
    office = _office_or_refuse(user)
    form = OutreachEventForm(request.POST or None, office=office)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = services.outreach_event_schedule(
                actor=user,
                office=office,
                date=data["date"],
                starts=data["starts"],
                ends=data["ends"],
                location=data["location"],
                village=data["village"],
                target_group=data["target_group"],
                target_count=data["target_count"],
                kit=data["kit"],
                team=data["team"],
                requests=data["requests"],
                note=data["note"],
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, EVENT_SAVED)
            return redirect("intake:outreach_event", pk=event.pk)
    status = 400 if form.errors else 200
    return TemplateResponse(
        request, "intake/outreach_form.html", {"form": form, "kind": "event"}, status=status
    )


@outreach_view
def event(request: HttpRequest, user: Staff, pk: int) -> HttpResponse:
    item = outreach_event(user, pk)
    form = ParticipantForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                person = services.outreach_participant_add(actor=user, event=item, **form.cleaned_data)
            except ServiceError as exc:
                form.add_error(None, exc.message)
                status = exc.http_status
            else:
                messages.success(request, PERSON_ADDED % {"name": person.full_name})
                return redirect("intake:outreach_event", pk=item.pk)
        else:
            status = 400
    return TemplateResponse(
        request,
        "intake/outreach_event.html",
        {
            "event": item,
            "tally": event_tally(item),
            "participants": item.participants.select_related("application"),
            "form": form,
            "personal": can_see_personal_data(user),
        },
        status=status,
    )


@require_POST
@outreach_view
def event_close(request: HttpRequest, user: Staff, pk: int) -> HttpResponse:
    item = outreach_event(user, pk)
    try:
        services.outreach_event_close(actor=user, event=item, cancelled=request.POST.get("cancel") == "1")
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, EVENT_CLOSED)
    return redirect("intake:outreach_event", pk=item.pk)


@outreach_view
def outcome(request: HttpRequest, user: Staff, pk: int) -> HttpResponse:
    """One person's outcome; "recorded" and "IKD activated" also take the data for the application."""
    person = get_object_or_404(OutreachParticipant.objects.select_related("event"), pk=pk)
    outreach_event(user, person.event_id)  # 404 for another office's event
    chosen = request.POST.get("outcome", "")
    service_type = SERVED_OUTCOMES.get(chosen, ServiceType.NEW)  # type: ignore[call-overload]
    form = OutcomeForm(request.POST or None)
    person_form = TicketRegistrationForm(
        request.POST if chosen in SERVED_OUTCOMES else None,
        service_type=service_type,
        initial={"full_name": person.full_name, "nik": person.nik},
    )
    status = 200
    if request.method == "POST":
        status = _record(request, user, person, form, person_form)
        if status == 302:
            messages.success(request, OUTCOME_SAVED % {"name": person.full_name})
            return redirect("intake:outreach_event", pk=person.event_id)
    return TemplateResponse(
        request,
        "intake/outreach_outcome.html",
        {"person": person, "form": form, "person_form": person_form, "served": list(SERVED_OUTCOMES)},
        status=status,
    )


def _record(
    request: HttpRequest, user: Staff, person: OutreachParticipant, form: OutcomeForm, person_form: Any
) -> int:
    if not form.is_valid():
        return 400
    chosen = form.cleaned_data["outcome"]
    served = chosen in SERVED_OUTCOMES
    if served and not person_form.is_valid():
        return 400
    try:
        services.outreach_outcome_record(
            actor=user,
            participant=person,
            outcome=chosen,
            person=person_form.person_kwargs() if served else None,
            fulfilled=person_form.cleaned_data.get("fulfilled", ()) if served else (),
        )
    except ServiceError as exc:
        form.add_error(None, exc.message)
        return exc.http_status
    except ValidationError as exc:
        form.add_error(None, exc.messages)
        return 400
    return 302
