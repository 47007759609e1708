"""Shapes of the applications API: what comes in (validated by ninja before any endpoint runs) and
what goes out (built here from model objects, for one user: personal data only for the roles in
``access.PERSONAL_DATA_ROLES``, the masked NIK for everyone else)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any, Literal

from django.urls import reverse
from ninja import Field, Schema
from pydantic import AfterValidator

from loket.applications.due_dates import due_info
from loket.applications.lifecycle import Source, Status
from loket.applications.models import (
    BlankMovementKind,
    Channel,
    CollectorKind,
    IdentityCheck,
    Pickup,
    SuketCode,
)
from loket.applications.requirements import requirements_for
from loket.applications.selectors import allowed_transitions
from loket.offices.access import can_see_personal_data
from loket.offices.calendar import WorkingCalendar
from loket.offices.models import ServiceType
from loket.people.models import SexChoices
from loket.people.nik import mask

if TYPE_CHECKING:
    from loket.applications.models import Application, ApplicationEvent, BlankMovement, Suket
    from loket.offices.models import Office, Staff
    from loket.people.models import Person


def _printable(value: str) -> str:
    # PostgreSQL refuses NUL in text, and lone surrogates cannot be encoded: refuse them here as a
    # 422 rather than let them reach the database as a 500.
    if "\x00" in value:
        raise ValueError("NUL characters are not allowed")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("not valid Unicode text") from None
    return value


# A string the database can store; each field gives its own max_length.
Text = Annotated[str, AfterValidator(_printable)]
RequirementCode = Annotated[str, Field(max_length=40), AfterValidator(_printable)]
MAX_LIMIT = 100
MAX_OFFSET = 100_000


# Errors ------------------------------------------------------------------------------------------


class ErrorOut(Schema):
    code: str = Field(examples=["role_not_allowed"])
    message: str


class InvalidOut(Schema):
    code: Literal["invalid"]
    errors: dict[str, list[str]]


class DetailOut(Schema):
    """Ninja's own answers: a body that is not JSON (400), or values of the wrong type (422)."""

    detail: str | list[dict[str, Any]]


ERRORS = {
    400: ErrorOut | InvalidOut | DetailOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: DetailOut,
}


# Input -------------------------------------------------------------------------------------------


class PageIn(Schema):
    limit: int = Field(25, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class OfficeFilterIn(Schema):
    office_id: int | None = Field(None, description="Only this office (default: every office you may see).")


class OwnOfficeIn(Schema):
    office_id: int | None = Field(None, description="Default: your own office.")


class ListFilterIn(OfficeFilterIn):
    status: Status | None = Field(None, description="Only applications in this status (a worklist).")


class SearchIn(Schema):
    query: Text = Field(max_length=120, description="Receipt number (any format), NIK (16 digits) or name.")
    office_id: int | None = None


class RegisterIn(Schema):
    service_type: ServiceType
    office_id: int | None = Field(None, description="Default: your own office.")
    nik: Text = Field(max_length=32)
    kk_number: Text = Field(max_length=32)
    full_name: Text = Field(max_length=120)
    birth_date: dt.date
    sex: SexChoices
    address: Text = Field(max_length=500)
    birth_place: Text = Field("", max_length=80)
    village_code: Text | None = Field(
        None, max_length=13, description="Kemendagri code of the kelurahan/desa."
    )
    phone: Text = Field("", max_length=20)
    email: Text = Field("", max_length=254)
    channel: Channel = Channel.WALK_IN
    fulfilled: list[RequirementCode] = Field(default_factory=list, max_length=20)
    station_id: int | None = Field(None, description="The registration counter.")


class RequirementsIn(Schema):
    fulfilled: list[RequirementCode] = Field(max_length=20, description="Every requirement now met.")


class TransitionIn(Schema):
    to_status: Status
    expected_status: Status = Field(
        description="The status you saw. If it changed meanwhile the request is refused with 409."
    )
    note: Text = Field("", max_length=2000)


class PrintIn(Schema):
    station_id: int = Field(description="A print station of the application's office.")
    spoiled: bool = Field(
        False, description="The print failed: the blank is used up, the record stays print ready."
    )
    note: Text = Field("", max_length=2000)


class PickupIn(Schema):
    collector_kind: CollectorKind
    identity_check: IdentityCheck
    collector_name: Text = Field("", max_length=120)
    collector_relation: Text = Field("", max_length=60)
    note: Text = Field("", max_length=2000)


class DeliveryIn(Schema):
    office_id: int | None = Field(None, description="Default: your own office.")
    quantity: int = Field(description="Blanks received (1 to 100,000).")
    reference: Text = Field("", max_length=80)
    note: Text = Field("", max_length=2000)


class CorrectionIn(Schema):
    office_id: int | None = Field(None, description="Default: your own office.")
    delta: int = Field(ge=-1_000_000, le=1_000_000, description="Counted minus recorded stock.")
    note: Text = Field(max_length=2000)


# Output ------------------------------------------------------------------------------------------


class OfficeRef(Schema):
    id: int
    code: str
    name: str


class PersonOut(Schema):
    """Who applied. Without the personal-data role only the name and the masked NIK are given."""

    full_name: str
    nik: str
    nik_masked: bool
    kk_number: str | None = None
    birth_place: str | None = None
    birth_date: dt.date | None = None
    sex: SexChoices | None = None
    address: str | None = None
    village_code: str | None = None
    phone: str | None = None
    email: str | None = None


class ApplicationSummary(Schema):
    id: int
    receipt_number: str = Field(examples=["7K3-QM9X-D2A"])
    status: Status
    status_label: str
    service_type: ServiceType
    service_label: str
    channel: Channel
    office: OfficeRef
    person_name: str
    nik: str = Field(description="Masked (1671********0001) unless your role may see personal data.")
    submitted_at: dt.datetime
    status_changed_at: dt.datetime
    due_at: dt.datetime
    completed_at: dt.datetime | None
    closed_at: dt.datetime | None
    overdue: bool


class RequirementOut(Schema):
    code: str
    label: str
    help: str
    fulfilled: bool
    checked_at: dt.datetime | None


class EventOut(Schema):
    at: dt.datetime
    from_status: Status | None
    from_label: str | None
    to_status: Status
    to_label: str
    source: Source
    actor: str | None
    note: str


class DueOut(Schema):
    due_at: dt.datetime
    working_days_left: int = Field(description="0 on the due day, negative when late.")
    overdue: bool
    completed_on_time: bool | None


class ActionOut(Schema):
    to_status: Status
    label: str
    note_required: bool
    dedicated: str = Field(
        examples=["", "print", "pickup"],
        description="Done through its own endpoint (print, pickup), not through transitions.",
    )


class SuketOut(Schema):
    id: int
    number: str
    status_code: SuketCode
    status_label: str
    issued_at: dt.datetime
    valid_until: dt.date
    pdf_url: str


class PickupOut(Schema):
    collector_kind: CollectorKind
    collector_label: str
    collector_name: str | None
    collector_relation: str | None
    identity_check: IdentityCheck
    identity_check_label: str
    at: dt.datetime


class ApplicationDetail(ApplicationSummary):
    person: PersonOut
    due: DueOut
    requirements: list[RequirementOut]
    events: list[EventOut]
    actions: list[ActionOut] = Field(description="What you may do now.")
    sukets: list[SuketOut]
    pickup: PickupOut | None


class ApplicationPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ApplicationSummary]


class SearchOut(Schema):
    count: int
    items: list[ApplicationSummary]


class WorklistOut(Schema):
    status: Status
    label: str
    count: int


class RequirementInfo(Schema):
    code: str
    label: str
    help: str


class ServiceTypeOut(Schema):
    code: ServiceType
    label: str
    requirements: list[RequirementInfo]


class BlankStockOut(Schema):
    office: OfficeRef
    on_hand: int


class MovementOut(Schema):
    id: int
    kind: BlankMovementKind
    kind_label: str
    quantity: int
    balance_after: int
    at: dt.datetime
    reference: str
    note: str
    application_receipt: str | None
    station: str | None
    actor: str | None


class MovementPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[MovementOut]


# Building responses ------------------------------------------------------------------------------


def _name(user: Staff | None) -> str | None:
    return str(user) if user is not None else None


def office_ref(office: Office) -> OfficeRef:
    return OfficeRef(id=office.pk, code=office.code, name=office.name)


def application_summary(app: Application, *, user: Staff, now: dt.datetime) -> ApplicationSummary:
    """The list row. Needs ``person`` and ``office`` loaded with the application (the selectors do)."""
    nik = app.person.nik if can_see_personal_data(user) else mask(app.person.nik)
    return ApplicationSummary(
        id=app.pk,
        receipt_number=app.display_receipt,
        status=Status(app.status),
        status_label=str(Status(app.status).label),
        service_type=ServiceType(app.service_type),
        service_label=str(ServiceType(app.service_type).label),
        channel=Channel(app.channel),
        office=office_ref(app.office),
        person_name=app.person.full_name,
        nik=nik,
        submitted_at=app.submitted_at,
        status_changed_at=app.status_changed_at,
        due_at=app.due_at,
        completed_at=app.completed_at,
        closed_at=app.closed_at,
        overdue=app.is_open and app.completed_at is None and app.due_at < now,
    )


def person_out(person: Person, *, user: Staff) -> PersonOut:
    if not can_see_personal_data(user):
        return PersonOut(full_name=person.full_name, nik=mask(person.nik), nik_masked=True)
    return PersonOut(
        full_name=person.full_name,
        nik=person.nik,
        nik_masked=False,
        kk_number=person.kk_number,
        birth_place=person.birth_place,
        birth_date=person.birth_date,
        sex=SexChoices(person.sex),
        address=person.address,
        village_code=person.village_id,
        phone=person.phone,
        email=person.email,
    )


def _requirements(app: Application) -> list[RequirementOut]:
    state = {item.code: item for item in app.requirements.all()}
    rows = []
    for requirement in requirements_for(app.service_type):
        item = state.get(requirement.code)
        rows.append(
            RequirementOut(
                code=requirement.code,
                label=str(requirement.label),
                help=str(requirement.help),
                fulfilled=bool(item and item.fulfilled),
                checked_at=item.checked_at if item else None,
            )
        )
    return rows


def _event(event: ApplicationEvent) -> EventOut:
    return EventOut(
        at=event.at,
        from_status=Status(event.from_status) if event.from_status else None,
        from_label=str(Status(event.from_status).label) if event.from_status else None,
        to_status=Status(event.to_status),
        to_label=str(Status(event.to_status).label),
        source=Source(event.source),
        actor=_name(event.actor),
        note=event.note,
    )


def suket_out(suket: Suket) -> SuketOut:
    return SuketOut(
        id=suket.pk,
        number=suket.number,
        status_code=SuketCode(suket.status_code),
        status_label=str(SuketCode(suket.status_code).label),
        issued_at=suket.issued_at,
        valid_until=suket.valid_until,
        pdf_url=reverse(
            "api:suket_pdf", kwargs={"application_id": suket.application_id, "suket_id": suket.pk}
        ),
    )


def _pickup(app: Application, *, user: Staff) -> PickupOut | None:
    if app.status != Status.ISSUED:
        return None
    try:
        pickup = app.pickup
    except Pickup.DoesNotExist:
        return None  # an IKD activation is issued without a card to collect
    personal = can_see_personal_data(user)
    return PickupOut(
        collector_kind=CollectorKind(pickup.collector_kind),
        collector_label=str(CollectorKind(pickup.collector_kind).label),
        collector_name=pickup.collector_name if personal else None,
        collector_relation=pickup.collector_relation if personal else None,
        identity_check=IdentityCheck(pickup.identity_check),
        identity_check_label=str(IdentityCheck(pickup.identity_check).label),
        at=pickup.at,
    )


def application_detail(app: Application, *, user: Staff, now: dt.datetime) -> ApplicationDetail:
    """Everything about one application, as ``selectors.application_get`` loads it."""
    due = due_info(app, calendar=WorkingCalendar.for_office(app.office), now=now)
    return ApplicationDetail(
        **application_summary(app, user=user, now=now).model_dump(),
        person=person_out(app.person, user=user),
        due=DueOut(
            due_at=due.due_at,
            working_days_left=due.working_days_left,
            overdue=due.overdue,
            completed_on_time=due.completed_on_time,
        ),
        requirements=_requirements(app),
        events=[_event(event) for event in app.events.all()],
        actions=[
            ActionOut(
                to_status=t.target,
                label=str(t.target.label),
                note_required=t.note_required,
                dedicated=t.dedicated,
            )
            for t in allowed_transitions(user, app)
        ],
        sukets=[suket_out(suket) for suket in app.sukets.all()],
        pickup=_pickup(app, user=user),
    )


def service_type_out(service_type: ServiceType) -> ServiceTypeOut:
    return ServiceTypeOut(
        code=service_type,
        label=str(service_type.label),
        requirements=[
            RequirementInfo(code=r.code, label=str(r.label), help=str(r.help))
            for r in requirements_for(service_type)
        ],
    )


def movement_out(movement: BlankMovement) -> MovementOut:
    return MovementOut(
        id=movement.pk,
        kind=BlankMovementKind(movement.kind),
        kind_label=str(BlankMovementKind(movement.kind).label),
        quantity=movement.quantity,
        balance_after=movement.balance_after,
        at=movement.at,
        reference=movement.reference,
        note=movement.note,
        application_receipt=movement.application.display_receipt if movement.application else None,
        station=movement.station.name if movement.station else None,
        actor=_name(movement.actor),
    )
