"""The e-KTP application state machine, as data.

The statuses follow the Dukcapil/SIAK chain (see shared/domain.md). ``TRANSITIONS`` is the whole
truth of what may follow what, who may do it and from which source; ``services.application_transition``
is the only code that applies it. The demo generator walks the same table, so the history it
writes is a history the system itself could have written.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.offices.models import Role, ServiceType


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    DOCUMENTS_INCOMPLETE = "documents_incomplete", _("Documents incomplete")
    DOCUMENTS_VERIFIED = "documents_verified", _("Documents verified")
    BIOMETRICS_CAPTURED = "biometrics_captured", _("Biometrics captured")
    SENT_FOR_ENROLLMENT = "sent_for_enrollment", _("Sent for enrollment")
    RECEIVED_AT_CENTRAL = "received_at_central", _("Received at central")
    PRINT_READY = "print_ready", _("Print ready record")
    DUPLICATE_RECORD = "duplicate_record", _("Duplicate record")
    ENROLLMENT_FAILED = "enrollment_failed", _("Enrollment failed")
    ADJUDICATION = "adjudication", _("Adjudication")
    PRINTED = "printed", _("Card printed")
    READY_FOR_PICKUP = "ready_for_pickup", _("Ready for pickup")
    ISSUED = "issued", _("Issued")
    CANCELLED = "cancelled", _("Cancelled")


class Source(models.TextChoices):
    STAFF = "staff", _("Staff")
    SYNC = "sync", _("Central sync")
    SYSTEM = "system", _("System")


CLOSED_STATUSES = frozenset({Status.ISSUED, Status.CANCELLED})
OPEN_STATUSES = frozenset(set(Status) - CLOSED_STATUSES)
# Reaching one of these means the office has done its part: the card waits for the citizen (or the
# IKD is active). The service standard is measured up to here.
COMPLETED_STATUSES = frozenset({Status.READY_FOR_PICKUP, Status.ISSUED})
# Outcomes of central processing, which staff type in from SIAK until the sync does it.
CENTRAL_OUTCOMES = frozenset(
    {Status.PRINT_READY, Status.DUPLICATE_RECORD, Status.ENROLLMENT_FAILED, Status.ADJUDICATION}
)
CARD_SERVICE_TYPES = frozenset(set(ServiceType) - {ServiceType.IKD})

HEAD = Role.HEAD
OPERATOR = Role.OPERATOR
RECORDING = Role.RECORDING_OFFICER
CITY = Role.CITY_ADMIN


@dataclass(frozen=True)
class Transition:
    source: Status
    target: Status
    roles: frozenset[str]  # staff roles that may perform it (source "staff")
    sources: frozenset[str] = frozenset({Source.STAFF})
    service_types: frozenset[str] = CARD_SERVICE_TYPES
    note_required: bool = False
    # Done through a dedicated service (printing consumes a blank, pickup records the collector):
    # the generic action buttons leave these out.
    dedicated: str = ""


def _t(source: Status, target: Status, roles: set[str], **kw: object) -> Transition:
    return Transition(source, target, frozenset(roles), **kw)  # type: ignore[arg-type]


_ALL_TYPES = frozenset(ServiceType)
_STAFF_AND_SYNC = frozenset({Source.STAFF, Source.SYNC})

_CHAIN: list[Transition] = [
    _t(Status.SUBMITTED, Status.DOCUMENTS_VERIFIED, {OPERATOR, HEAD}, service_types=_ALL_TYPES),
    _t(
        Status.SUBMITTED,
        Status.DOCUMENTS_INCOMPLETE,
        {OPERATOR, HEAD},
        service_types=_ALL_TYPES,
        note_required=True,
    ),
    _t(Status.DOCUMENTS_INCOMPLETE, Status.DOCUMENTS_VERIFIED, {OPERATOR, HEAD}, service_types=_ALL_TYPES),
    _t(Status.DOCUMENTS_VERIFIED, Status.BIOMETRICS_CAPTURED, {RECORDING, HEAD}),
    # IKD activation needs no card: once documents and the earlier recording are checked, the
    # officer activates the digital identity in front of the citizen.
    _t(
        Status.DOCUMENTS_VERIFIED,
        Status.ISSUED,
        {OPERATOR, RECORDING, HEAD},
        service_types=frozenset({ServiceType.IKD}),
    ),
    _t(Status.BIOMETRICS_CAPTURED, Status.SENT_FOR_ENROLLMENT, {RECORDING, HEAD}, sources=_STAFF_AND_SYNC),
    _t(
        Status.SENT_FOR_ENROLLMENT,
        Status.RECEIVED_AT_CENTRAL,
        {RECORDING, HEAD, CITY},
        sources=_STAFF_AND_SYNC,
    ),
    # A packet the centre refused for good, or that the head closed as failed.
    _t(
        Status.SENT_FOR_ENROLLMENT,
        Status.ENROLLMENT_FAILED,
        {HEAD, CITY},
        sources=frozenset({Source.STAFF, Source.SYNC, Source.SYSTEM}),
        note_required=True,
    ),
    *[
        _t(Status.RECEIVED_AT_CENTRAL, outcome, {RECORDING, HEAD, CITY}, sources=_STAFF_AND_SYNC)
        for outcome in (
            Status.PRINT_READY,
            Status.DUPLICATE_RECORD,
            Status.ENROLLMENT_FAILED,
            Status.ADJUDICATION,
        )
    ],
    *[
        _t(Status.ADJUDICATION, outcome, {RECORDING, HEAD, CITY}, sources=_STAFF_AND_SYNC)
        for outcome in (Status.PRINT_READY, Status.DUPLICATE_RECORD, Status.ENROLLMENT_FAILED)
    ],
    # A duplicate resolved at the centre (the older record retired) becomes print ready.
    _t(
        Status.DUPLICATE_RECORD, Status.PRINT_READY, {HEAD, CITY}, sources=_STAFF_AND_SYNC, note_required=True
    ),
    # A failed enrollment is recorded again and sent again.
    _t(Status.ENROLLMENT_FAILED, Status.BIOMETRICS_CAPTURED, {RECORDING, HEAD}, note_required=True),
    _t(Status.PRINT_READY, Status.PRINTED, {OPERATOR, HEAD}, dedicated="print"),
    _t(Status.PRINTED, Status.READY_FOR_PICKUP, {OPERATOR, HEAD}),
    _t(Status.READY_FOR_PICKUP, Status.ISSUED, {OPERATOR, HEAD}, dedicated="pickup"),
]

_CANCELLATIONS: list[Transition] = [
    _t(status, Status.CANCELLED, {OPERATOR, HEAD}, service_types=_ALL_TYPES, note_required=True)
    for status in Status
    if status in OPEN_STATUSES
]

TRANSITIONS: dict[tuple[Status, Status], Transition] = {
    (t.source, t.target): t for t in _CHAIN + _CANCELLATIONS
}


def transition_for(source: str, target: str) -> Transition | None:
    return TRANSITIONS.get((Status(source), Status(target)))


def transitions_from(source: str, *, service_type: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if t.source == source and service_type in t.service_types]
