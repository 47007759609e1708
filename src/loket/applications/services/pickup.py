"""Handing the card over: who collected it and how their identity was checked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from loket.applications.lifecycle import Status
from loket.applications.models import Application, CollectorKind, IdentityCheck, Pickup
from loket.applications.services.lifecycle import application_transition
from loket.core.errors import ServiceError

if TYPE_CHECKING:
    from loket.offices.models import Staff

UNKNOWN_COLLECTOR = _("Say who collects the card: the applicant or a representative.")
UNKNOWN_CHECK = _("Say how the collector's identity was checked.")
REPRESENTATIVE_DETAILS = _("For a representative, give their name and relation to the applicant.")
REPRESENTATIVE_CHECK = _(
    "A representative is checked with the KK and a power of attorney, not a fingerprint."
)


@transaction.atomic
def card_pickup(
    *,
    application: Application,
    actor: Staff,
    collector_kind: str,
    identity_check: str,
    collector_name: str = "",
    collector_relation: str = "",
    note: str = "",
) -> Application:
    """Hand the card over and close the application as issued."""
    if collector_kind not in CollectorKind.values:
        raise ServiceError(UNKNOWN_COLLECTOR, code="unknown_collector")
    if identity_check not in IdentityCheck.values:
        raise ServiceError(UNKNOWN_CHECK, code="unknown_identity_check")
    if collector_kind == CollectorKind.REPRESENTATIVE:
        if not (collector_name.strip() and collector_relation.strip()):
            raise ServiceError(REPRESENTATIVE_DETAILS, code="representative_details")
        if identity_check == IdentityCheck.FINGERPRINT:
            raise ServiceError(REPRESENTATIVE_CHECK, code="representative_check")
    # The transition checks role, office and status (ready for pickup) and locks the row.
    app = application_transition(
        application=application, to_status=Status.ISSUED, actor=actor, note=note, _dedicated="pickup"
    )
    Pickup.objects.create(
        application=app,
        collector_kind=collector_kind,
        collector_name=collector_name.strip(),
        collector_relation=collector_relation.strip(),
        identity_check=identity_check,
        note=note.strip(),
        actor=actor,
    )
    return app
