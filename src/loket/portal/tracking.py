"""Tracking an application from the public page: receipt number *and* date of birth.

The lookup needs both to match in one query (a receipt with the wrong birth date looks exactly like a
receipt that does not exist), and it loads only what the page shows: the person's name is read for
its initials and nothing else of the person is fetched, so the NIK, address and phone cannot leak
into the page by accident.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.functional import Promise

from loket.applications.lifecycle import CLOSED_STATUSES, Status
from loket.applications.models import Application
from loket.applications.receipts import format_receipt, normalize_receipt
from loket.applications.requirements import requirements_for
from loket.notifications.selectors import revised_due_at
from loket.offices.models import ServiceType
from loket.portal.citizen_texts import CitizenStatus, citizen_status, initials, pickup_checklist
from loket.portal.message_choice import MessageChoice, message_choice

PICKUP_STATUSES = frozenset({Status.PRINTED, Status.READY_FOR_PICKUP})


@dataclass(frozen=True)
class HistoryStep:
    at: dt.datetime
    title: Promise


@dataclass(frozen=True)
class TrackedApplication:
    receipt: str
    service: str
    initials: str
    office_name: str
    office_phone: str
    office_address: str
    status: CitizenStatus
    is_closed: bool
    submitted_at: dt.datetime
    due_at: dt.datetime
    revised_due_at: dt.datetime | None
    completed_at: dt.datetime | None
    overdue: bool
    missing_documents: list[Promise] = field(default_factory=list)
    pickup_checklist: list[Promise] = field(default_factory=list)
    history: list[HistoryStep] = field(default_factory=list)
    messages: MessageChoice | None = None


def application_track(
    *, receipt: str, birth_date: dt.date, now: dt.datetime | None = None
) -> TrackedApplication | None:
    number = normalize_receipt(receipt)
    if not number:
        return None
    app = (
        Application.objects.filter(receipt_number=number, person__birth_date=birth_date)
        .select_related("office", "person")
        .only(
            "receipt_number",
            "service_type",
            "status",
            "submitted_at",
            "due_at",
            "completed_at",
            "office__name",
            "office__phone",
            "office__address",
            "person__full_name",
        )
        .first()
    )
    if app is None:
        return None
    now = now or timezone.now()
    revised = revised_due_at(app.pk)
    expected = revised or app.due_at
    service_type = app.service_type
    missing: list[Promise] = []
    if app.status == Status.DOCUMENTS_INCOMPLETE:
        labels = {r.code: r.label for r in requirements_for(service_type)}
        missing = [
            labels[c]
            for c in app.requirements.filter(fulfilled=False).values_list("code", flat=True)
            if c in labels
        ]
    return TrackedApplication(
        receipt=format_receipt(app.receipt_number),
        service=str(ServiceType(service_type).label),
        initials=initials(app.person.full_name),
        office_name=app.office.name,
        office_phone=app.office.phone,
        office_address=app.office.address,
        status=citizen_status(app.status, service_type=service_type),
        is_closed=app.status in CLOSED_STATUSES,
        submitted_at=app.submitted_at,
        due_at=app.due_at,
        revised_due_at=revised,
        completed_at=app.completed_at,
        overdue=app.completed_at is None and app.status not in CLOSED_STATUSES and now > expected,
        missing_documents=missing,
        pickup_checklist=pickup_checklist(service_type)
        if app.status in PICKUP_STATUSES and service_type != ServiceType.IKD
        else [],
        history=[
            HistoryStep(at=at, title=citizen_status(status, service_type=service_type).title)
            for at, status in app.events.order_by("at", "id").values_list("at", "to_status")
        ],
        messages=message_choice(app.pk),
    )
