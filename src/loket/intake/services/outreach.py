"""Outreach (jemput bola): requests, events with a team and a mobile kit, and each person's outcome.
A person recorded (or whose IKD was activated) becomes an application with channel "outreach"
through ``applications.services.application_register``, in the same transaction as the outcome."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.applications.models import Channel
from loket.applications.services import application_register
from loket.core.errors import Conflict, NotPermitted, ServiceError
from loket.intake.models import (
    OutreachEvent,
    OutreachEventStatus,
    OutreachOutcome,
    OutreachParticipant,
    OutreachRequest,
    OutreachRequestStatus,
    RecordingKit,
    RequesterKind,
    TargetGroup,
)
from loket.intake.models.outreach import SERVED_OUTCOMES
from loket.offices.access import require
from loket.offices.models import Office, Region, Role, Staff
from loket.people.models import phone_validator
from loket.people.nik import validate_nik

EVENT_IN_PAST = _("An outreach event cannot be scheduled in the past.")
EVENT_TIMES = _("The event must end after it starts.")
KIT_UNUSABLE = _("This recording kit is not usable or belongs to another office.")
KIT_TAKEN = _("%(kit)s is already booked for another event on %(date)s.")
TEAM_EMPTY = _("Choose at least one staff member for the team.")
TEAM_OTHER_OFFICE = _("%(name)s works at another office.")
TEAM_BUSY = _("%(name)s is already on another outreach event at that time.")
REQUEST_OTHER_OFFICE = _("A chosen request belongs to another office.")
EVENT_CLOSED = _("This event is “%(status)s”: it can no longer be changed.")
OUTCOME_BEFORE_EVENT = _("Outcomes are recorded on or after the day of the event.")
OUTCOME_UNKNOWN = _("Choose an outcome.")
OUTCOME_LOCKED = _("This person already has application %(receipt)s; the outcome cannot change.")
PERSON_REQUIRED = _("Fill in the person's data to register the application.")
PARTICIPANT_TWICE = _("This NIK is already on the event's list.")
NAME_REQUIRED = _("Enter the person's name.")
FIELD_INVALID = _("Check the form: %(errors)s")

PLAN_ROLES = frozenset({Role.OPERATOR, Role.HEAD})
FIELD_ROLES = frozenset({Role.OPERATOR, Role.RECORDING_OFFICER, Role.HEAD})


def _invalid(exc: ValidationError) -> ServiceError:
    return ServiceError(FIELD_INVALID, code="invalid", errors=" ".join(exc.messages))


@transaction.atomic
def outreach_request_create(
    *,
    actor: Staff,
    office: Office,
    requester_kind: str,
    requester_name: str,
    target_group: str,
    location: str,
    people_expected: int = 1,
    contact_phone: str = "",
    village: Region | None = None,
    note: str = "",
) -> OutreachRequest:
    require(actor, roles=FIELD_ROLES, office_id=office.pk)
    phone = "".join(contact_phone.split()).replace("-", "")
    if requester_kind not in RequesterKind.values or target_group not in TargetGroup.values:
        raise ServiceError(OUTCOME_UNKNOWN, code="invalid_choice")
    try:
        if phone:
            phone_validator(phone)
    except ValidationError as exc:
        raise _invalid(exc) from None
    if not requester_name.strip() or not location.strip():
        raise ServiceError(NAME_REQUIRED, code="name_required")
    return OutreachRequest.objects.create(
        office=office,
        requester_kind=requester_kind,
        requester_name=requester_name.strip(),
        contact_phone=phone,
        target_group=target_group,
        people_expected=max(1, people_expected),
        location=location.strip(),
        village=village,
        note=note.strip(),
        created_at=timezone.now(),
        created_by=actor,
    )


def _check_team(office: Office, team: list[Staff], day: dt.date, starts: dt.time, ends: dt.time) -> None:
    if not team:
        raise ServiceError(TEAM_EMPTY, code="team_empty")
    for member in team:
        if member.office_id != office.pk:
            raise NotPermitted(TEAM_OTHER_OFFICE, code="team_other_office", name=str(member))
        busy = OutreachEvent.objects.filter(staff=member, date=day, starts__lt=ends, ends__gt=starts).exclude(
            status=OutreachEventStatus.CANCELLED
        )
        if busy.exists():
            raise Conflict(TEAM_BUSY, code="team_busy", name=str(member))


@transaction.atomic
def outreach_event_schedule(
    *,
    actor: Staff,
    office: Office,
    date: dt.date,
    starts: dt.time,
    ends: dt.time,
    location: str,
    target_group: str,
    kit: RecordingKit,
    team: Iterable[Staff],
    target_count: int = 0,
    village: Region | None = None,
    requests: Iterable[OutreachRequest] = (),
    note: str = "",
) -> OutreachEvent:
    require(actor, roles=PLAN_ROLES, office_id=office.pk)
    if date < timezone.localdate():
        raise ServiceError(EVENT_IN_PAST, code="event_in_past")
    if ends <= starts:
        raise ServiceError(EVENT_TIMES, code="event_times")
    kit = RecordingKit.objects.select_for_update().get(pk=kit.pk)  # serialises two plans for one kit
    if kit.office_id != office.pk or not kit.active:
        raise ServiceError(KIT_UNUSABLE, code="kit_unusable")
    if (
        OutreachEvent.objects.filter(kit=kit, date=date)
        .exclude(status=OutreachEventStatus.CANCELLED)
        .exists()
    ):
        raise Conflict(KIT_TAKEN, code="kit_taken", kit=kit.name, date=date.isoformat())
    members = list(team)
    _check_team(office, members, date, starts, ends)
    chosen = list(requests)
    if any(r.office_id != office.pk for r in chosen):
        raise NotPermitted(REQUEST_OTHER_OFFICE, code="other_office")
    try:
        with transaction.atomic():
            event = OutreachEvent.objects.create(
                office=office,
                date=date,
                starts=starts,
                ends=ends,
                location=location.strip(),
                village=village,
                target_group=target_group,
                target_count=target_count,
                kit=kit,
                note=note.strip(),
                created_by=actor,
            )
    except IntegrityError:
        raise Conflict(KIT_TAKEN, code="kit_taken", kit=kit.name, date=date.isoformat()) from None
    event.staff.set(members)
    event.requests.set(chosen)
    OutreachRequest.objects.filter(pk__in=[r.pk for r in chosen]).update(
        status=OutreachRequestStatus.SCHEDULED
    )
    return event


def _open_event(actor: Staff, event: OutreachEvent, roles: frozenset[str]) -> OutreachEvent:
    event = OutreachEvent.objects.select_for_update().select_related("office").get(pk=event.pk)
    require(actor, roles=roles, office_id=event.office_id)
    if event.status != OutreachEventStatus.PLANNED:
        raise ServiceError(EVENT_CLOSED, code="event_closed", status=event.get_status_display())
    return event


@transaction.atomic
def outreach_event_close(*, actor: Staff, event: OutreachEvent, cancelled: bool = False) -> OutreachEvent:
    """Mark the event done (its requests too) or cancelled (its requests go back to "new")."""
    event = _open_event(actor, event, PLAN_ROLES)
    event.status = OutreachEventStatus.CANCELLED if cancelled else OutreachEventStatus.DONE
    event.save(update_fields=["status"])
    status = OutreachRequestStatus.NEW if cancelled else OutreachRequestStatus.DONE
    event.requests.update(status=status)
    return event


@transaction.atomic
def outreach_participant_add(
    *, actor: Staff, event: OutreachEvent, full_name: str, nik: str = "", note: str = ""
) -> OutreachParticipant:
    event = _open_event(actor, event, FIELD_ROLES)
    name = " ".join(full_name.split())
    if not name:
        raise ServiceError(NAME_REQUIRED, code="name_required")
    try:
        number = validate_nik(nik) if nik.strip() else ""
    except ValidationError as exc:
        raise _invalid(exc) from None
    if number and event.participants.filter(nik=number).exists():
        raise Conflict(PARTICIPANT_TWICE, code="participant_twice")
    return OutreachParticipant.objects.create(
        event=event, full_name=name[:120], nik=number, note=note.strip()
    )


@transaction.atomic
def outreach_outcome_record(
    *,
    actor: Staff,
    participant: OutreachParticipant,
    outcome: str,
    person: dict[str, Any] | None = None,
    fulfilled: Iterable[str] = (),
) -> OutreachParticipant:
    """Record what happened with one person. Recorded / IKD activated register the application
    (channel outreach) with ``person`` (the fields ``application_register`` takes)."""
    participant = (
        OutreachParticipant.objects.select_for_update(of=("self",))
        .select_related("application")
        .get(pk=participant.pk)
    )
    event = _open_event(actor, participant.event, FIELD_ROLES)
    if outcome not in OutreachOutcome.values or outcome == OutreachOutcome.PENDING:
        raise ServiceError(OUTCOME_UNKNOWN, code="outcome_unknown")
    if timezone.localdate() < event.date:
        raise ServiceError(OUTCOME_BEFORE_EVENT, code="outcome_before_event")
    if participant.application is not None:
        raise ServiceError(
            OUTCOME_LOCKED, code="outcome_locked", receipt=participant.application.display_receipt
        )
    if outcome in SERVED_OUTCOMES:
        if not person:
            raise ServiceError(PERSON_REQUIRED, code="person_required")
        try:
            participant.application = application_register(
                actor=actor,
                office=event.office,
                service_type=SERVED_OUTCOMES[OutreachOutcome(outcome)],
                channel=Channel.OUTREACH,
                fulfilled=fulfilled,
                **person,
            )
        except ValidationError as exc:
            raise _invalid(exc) from None
        participant.nik = participant.application.person.nik
        participant.full_name = participant.application.person.full_name
    participant.outcome = outcome
    participant.outcome_at = timezone.now()
    participant.outcome_by = actor
    participant.save(update_fields=["outcome", "outcome_at", "outcome_by", "application", "nik", "full_name"])
    return participant
