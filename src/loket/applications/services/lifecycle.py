"""Submitting applications and moving them along the lifecycle: the one door for every status."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.applications.due_dates import compute_due_at
from loket.applications.lifecycle import (
    CLOSED_STATUSES,
    COMPLETED_STATUSES,
    Source,
    Status,
    Transition,
    transition_for,
)
from loket.applications.models import Application, ApplicationEvent, ApplicationRequirement, Channel
from loket.applications.receipts import new_receipt
from loket.applications.requirements import requirement_codes, requirements_for
from loket.applications.signals import status_changed
from loket.core.errors import Conflict, ServiceError
from loket.offices.access import require
from loket.offices.models import Office, Role, ServiceType, Station

if TYPE_CHECKING:
    from loket.offices.models import Staff
    from loket.people.models import Person

TRANSITION_NOT_ALLOWED = _("An application that is “%(source)s” cannot become “%(target)s”.")
NOT_FOR_SERVICE = _("“%(target)s” does not apply to %(service)s applications.")
SOURCE_NOT_ALLOWED = _("Only staff can make this change, not the %(source)s.")
NOTE_REQUIRED = _("Write a note saying why.")
STALE_STATUS = _(
    "Someone else changed this application meanwhile (it is now “%(status)s”). Reload and try again."
)
REQUIREMENTS_MISSING = _("Documents still missing: %(missing)s.")
USE_DEDICATED_ACTION = _("Use the “%(action)s” action for this step.")
UNKNOWN_SERVICE = _("Unknown service type.")
UNKNOWN_REQUIREMENT = _("Not a requirement of this service: %(codes)s.")
UNKNOWN_CHANNEL = _("Unknown channel.")
STATION_OTHER_OFFICE = _("That station belongs to another office.")
CHECKLIST_CLOSED = _("The checklist can only change while the documents are being checked.")
OPEN_APPLICATION_EXISTS = _("%(name)s already has an open %(service)s application (%(receipt)s).")
OPEN_APPLICATION_RACE = _("An open application of this service for this citizen was registered a moment ago.")

SUBMIT_ROLES = frozenset({Role.OPERATOR, Role.HEAD})

DEDICATED_ACTION_NAMES = {"print": _("Print card"), "pickup": _("Hand over card")}


@transaction.atomic
def application_submit(
    *,
    actor: Staff,
    office: Office,
    person: Person,
    service_type: str,
    channel: str = Channel.WALK_IN,
    fulfilled: Iterable[str] = (),
    station: Station | None = None,
) -> Application:
    """Register an application at the counter: status submitted, receipt number, requirement
    checklist, provisional due date, and its first event."""
    require(actor, roles=SUBMIT_ROLES, office_id=office.pk)
    if service_type not in ServiceType.values:
        raise ServiceError(UNKNOWN_SERVICE, code="unknown_service")
    if channel not in Channel.values:
        raise ServiceError(UNKNOWN_CHANNEL, code="unknown_channel")
    if station is not None and station.office_id != office.pk:
        raise ServiceError(STATION_OTHER_OFFICE, code="station_other_office")
    codes = requirement_codes(service_type)
    fulfilled = set(fulfilled)
    if unknown := fulfilled - set(codes):
        raise ServiceError(UNKNOWN_REQUIREMENT, code="unknown_requirement", codes=", ".join(sorted(unknown)))
    duplicate = (
        Application.objects.open()
        .filter(person=person, service_type=service_type)
        .only("receipt_number")
        .first()
    )
    if duplicate is not None:
        raise Conflict(
            OPEN_APPLICATION_EXISTS,
            code="open_application_exists",
            name=person.full_name,
            service=ServiceType(service_type).label,
            receipt=duplicate.display_receipt,
        )
    now = timezone.now()
    application = _create_with_unique_receipt(
        office=office,
        person=person,
        service_type=service_type,
        channel=channel,
        status=Status.SUBMITTED,
        submitted_at=now,
        status_changed_at=now,
        clock_started_at=now,
        due_at=compute_due_at(office=office, service_type=service_type, start=now),
        registered_at=station,
        created_by=actor,
    )
    ApplicationRequirement.objects.bulk_create(
        ApplicationRequirement(
            application=application,
            code=code,
            fulfilled=code in fulfilled,
            checked_at=now if code in fulfilled else None,
            checked_by=actor if code in fulfilled else None,
        )
        for code in codes
    )
    event = ApplicationEvent.objects.create(
        application=application,
        at=now,
        actor=actor,
        source=Source.STAFF,
        from_status="",
        to_status=Status.SUBMITTED,
    )
    status_changed.send(Application, application=application, event=event, previous_status="")
    return application


def _create_with_unique_receipt(**fields: object) -> Application:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Application.objects.create(receipt_number=new_receipt(), **fields)
        except IntegrityError as exc:
            if "receipt_number" not in str(exc):
                # The partial unique index: another counter registered the same citizen and
                # service in the same instant, after our check above.
                raise Conflict(OPEN_APPLICATION_RACE, code="open_application_exists") from None
    raise RuntimeError("could not draw an unused receipt number in 5 attempts")  # 50 random bits: never


@transaction.atomic
def application_requirements_set(
    *, application: Application, actor: Staff, fulfilled: Iterable[str]
) -> Application:
    """Tick the documents the citizen has brought (the whole checklist at once)."""
    app = Application.objects.select_for_update().get(pk=application.pk)
    require(actor, roles=SUBMIT_ROLES, office_id=app.office_id)
    if app.status not in (Status.SUBMITTED, Status.DOCUMENTS_INCOMPLETE):
        raise ServiceError(CHECKLIST_CLOSED, code="checklist_closed")
    fulfilled = set(fulfilled)
    codes = set(requirement_codes(app.service_type))
    if unknown := fulfilled - codes:
        raise ServiceError(UNKNOWN_REQUIREMENT, code="unknown_requirement", codes=", ".join(sorted(unknown)))
    now = timezone.now()
    for item in app.requirements.select_for_update():
        if item.fulfilled != (item.code in fulfilled):
            item.fulfilled = item.code in fulfilled
            item.checked_at, item.checked_by = now, actor
            item.save(update_fields=["fulfilled", "checked_at", "checked_by"])
    return app


@transaction.atomic
def application_transition(
    *,
    application: Application,
    to_status: str,
    actor: Staff | None = None,
    source: str = Source.STAFF,
    note: str = "",
    expected_status: str | None = None,
    _dedicated: str = "",
) -> Application:
    """Move an application to ``to_status``: the only code that writes an application's status.

    Checks, in order, that the change exists in the lifecycle, applies to the service type, comes
    from an allowed source, and that a staff actor has the role and the office for it. Then it
    writes the new status and an immutable event in one transaction and tells subscribers.
    Anything else raises ServiceError (NotPermitted, Conflict) and writes nothing.

    ``expected_status`` is the status the actor saw; if it has changed since, the change is
    refused rather than applied to a record the actor did not see (two counters, one citizen).
    """
    app = Application.objects.select_for_update().select_related("office").get(pk=application.pk)
    expected = expected_status if expected_status is not None else application.status
    if app.status != expected:
        raise Conflict(STALE_STATUS, code="stale_status", status=Status(app.status).label)
    transition = _check_transition(app, to_status=to_status, actor=actor, source=source, note=note)
    if transition.dedicated and transition.dedicated != _dedicated:
        raise ServiceError(
            USE_DEDICATED_ACTION,
            code="use_dedicated_action",
            action=DEDICATED_ACTION_NAMES[transition.dedicated],
        )
    _check_guards(app, transition)
    return _apply(app, transition=transition, actor=actor, source=source, note=note)


def _check_transition(
    app: Application, *, to_status: str, actor: Staff | None, source: str, note: str
) -> Transition:
    source_label = Status(app.status).label
    target_label = Status(to_status).label if to_status in Status.values else to_status
    transition = transition_for(app.status, to_status) if to_status in Status.values else None
    if transition is None:
        raise ServiceError(
            TRANSITION_NOT_ALLOWED, code="transition_not_allowed", source=source_label, target=target_label
        )
    if app.service_type not in transition.service_types:
        raise ServiceError(
            NOT_FOR_SERVICE,
            code="not_for_service",
            target=target_label,
            service=ServiceType(app.service_type).label,
        )
    if source not in transition.sources:
        raise ServiceError(SOURCE_NOT_ALLOWED, code="source_not_allowed", source=Source(source).label)
    if source == Source.STAFF:
        require(actor, roles=transition.roles, office_id=app.office_id)  # type: ignore[arg-type]
    if transition.note_required and not note.strip():
        raise ServiceError(NOTE_REQUIRED, code="note_required")
    return transition


def _check_guards(app: Application, transition: Transition) -> None:
    if transition.target == Status.DOCUMENTS_VERIFIED:
        missing = [r.code for r in app.requirements.all() if not r.fulfilled]
        if missing:
            labels = {r.code: str(r.label) for r in requirements_for(app.service_type)}
            raise ServiceError(
                REQUIREMENTS_MISSING,
                code="requirements_missing",
                missing="; ".join(labels[c] for c in missing),
            )


def _apply(
    app: Application, *, transition: Transition, actor: Staff | None, source: str, note: str
) -> Application:
    now = timezone.now()
    previous = app.status
    app.status = transition.target
    app.status_changed_at = now
    fields = ["status", "status_changed_at"]
    if transition.target == Status.DOCUMENTS_VERIFIED:
        # The service standard counts from the moment the requirements are complete.
        app.clock_started_at = now
        app.due_at = compute_due_at(office=app.office, service_type=app.service_type, start=now)
        fields += ["clock_started_at", "due_at"]
    if transition.target in COMPLETED_STATUSES and app.completed_at is None:
        app.completed_at = now
        fields.append("completed_at")
    if transition.target in CLOSED_STATUSES:
        app.closed_at = now
        fields.append("closed_at")
    app.save(update_fields=fields)
    event = ApplicationEvent.objects.create(
        application=app,
        at=now,
        actor=actor if source == Source.STAFF else None,
        source=source,
        from_status=previous,
        to_status=transition.target,
        note=note.strip(),
    )
    status_changed.send(Application, application=app, event=event, previous_status=previous)
    return app
