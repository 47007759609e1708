"""Test helpers shared by the portal and notification tests: walking an application along the
lifecycle through the real services (so the signals fire as they do in the office)."""

from __future__ import annotations

from loket import testing
from loket.applications.lifecycle import Status
from loket.applications.models import Application, IdentityCheck
from loket.applications.services import application_transition, card_pickup, card_print
from loket.offices.models import Office, Role, Staff, StationKind

CARD_PATH = [
    Status.DOCUMENTS_VERIFIED,
    Status.BIOMETRICS_CAPTURED,
    Status.SENT_FOR_ENROLLMENT,
    Status.RECEIVED_AT_CENTRAL,
    Status.PRINT_READY,
    Status.PRINTED,
    Status.READY_FOR_PICKUP,
    Status.ISSUED,
]
AT_CENTRAL = CARD_PATH[: CARD_PATH.index(Status.RECEIVED_AT_CENTRAL) + 1]


def head_of(office: Office) -> Staff:
    return Staff.objects.filter(office=office, role=Role.HEAD).first() or testing.make_staff(
        role=Role.HEAD, office=office
    )


def step(app: Application, target: str, *, actor: Staff | None = None, note: str = "") -> Application:
    actor = actor or head_of(app.office)
    if target == Status.PRINTED:
        return card_print(
            application=app, actor=actor, station=app.office.stations.get(kind=StationKind.PRINT)
        )
    if target == Status.ISSUED:
        return card_pickup(
            application=app, actor=actor, collector_kind="self", identity_check=IdentityCheck.FINGERPRINT
        )
    return application_transition(application=app, to_status=target, actor=actor, note=note or "test")


def advance(app: Application, target: str) -> Application:
    """Take a submitted application to ``target`` the way the office would."""
    if target == Status.DOCUMENTS_INCOMPLETE:
        return step(app, target, note="KK asli belum dibawa")
    path = CARD_PATH[: CARD_PATH.index(target) + 1] if target in CARD_PATH else [*AT_CENTRAL, target]
    for status in path:
        app = step(app, status)
    return app
