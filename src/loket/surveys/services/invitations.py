"""Invitations after pickup, and the QR posters and kiosks that need none."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.applications.lifecycle import Status
from loket.applications.models import Application
from loket.core.errors import ServiceError
from loket.offices.access import require
from loket.offices.models import OFFICE_BOUND_ROLES, Office, Role
from loket.surveys.definitions import SKM_KEY
from loket.surveys.models import EntryKind, EntryPoint, Invitation, Questionnaire

if TYPE_CHECKING:
    from loket.offices.models import Staff

INVITATION_TTL = dt.timedelta(days=30)

NOT_HANDED_OVER = _(
    "A survey invitation is made once the service is complete (card handed over or IKD activated); "
    "this application is “%(status)s”."
)
UNKNOWN_QUESTIONNAIRE = _("There is no questionnaire “%(key)s”.")
UNKNOWN_ENTRY_KIND = _("Choose a QR poster or a kiosk.")
ENTRY_NAME_MISSING = _("Give the poster or kiosk a name, e.g. where it hangs.")

INVITING_ROLES = frozenset({*OFFICE_BOUND_ROLES, Role.CITY_ADMIN})
ENTRY_POINT_ROLES = frozenset({Role.HEAD, Role.CITY_ADMIN})


def questionnaire_by_key(key: str) -> Questionnaire:
    questionnaire = Questionnaire.objects.filter(key=key).first()
    if questionnaire is None:
        raise ServiceError(UNKNOWN_QUESTIONNAIRE, code="unknown_questionnaire", key=key)
    return questionnaire


@transaction.atomic
def survey_invitation_create(
    *, application: Application, actor: Staff | None = None, questionnaire_key: str = SKM_KEY
) -> Invitation:
    """The survey invitation for a completed application; the same one when asked again.

    Call it after pickup (the notification or portal code does, then sends ``invitation_link``).
    ``actor`` is the staff member when a person asks for it; None when the system does.
    """
    app = Application.objects.select_for_update().get(pk=application.pk)
    if actor is not None:
        require(actor, roles=INVITING_ROLES, office_id=app.office_id)
    if app.status != Status.ISSUED:
        raise ServiceError(NOT_HANDED_OVER, code="not_handed_over", status=Status(app.status).label)
    existing = Invitation.objects.filter(application=app).first()
    if existing is not None:
        return existing
    now = timezone.now()
    return Invitation.objects.create(
        office_id=app.office_id,
        questionnaire=questionnaire_by_key(questionnaire_key),
        application=app,
        service_type=app.service_type,
        created_at=now,
        expires_at=now + INVITATION_TTL,
    )


def public_link(target: Invitation | EntryPoint) -> str:
    """The full public address of an invitation (to send by SMS, WhatsApp, email or on the pickup
    slip) or of a poster or kiosk (for its QR code)."""
    return settings.LOKET_PUBLIC_URL + target.get_absolute_url()


invitation_link = public_link


@transaction.atomic
def survey_entry_point_create(
    *, actor: Staff, office: Office, kind: str, name: str, questionnaire_key: str = SKM_KEY
) -> EntryPoint:
    require(actor, roles=ENTRY_POINT_ROLES, office_id=office.pk)
    if kind not in EntryKind.values:
        raise ServiceError(UNKNOWN_ENTRY_KIND, code="unknown_entry_kind")
    if not name.strip():
        raise ServiceError(ENTRY_NAME_MISSING, code="entry_name_missing")
    return EntryPoint.objects.create(
        office=office,
        kind=kind,
        name=name.strip()[:80],
        questionnaire=questionnaire_by_key(questionnaire_key),
        created_by=actor,
    )


@transaction.atomic
def survey_entry_point_deactivate(*, actor: Staff, entry_point: EntryPoint) -> EntryPoint:
    """Take a poster or kiosk out of use (a photographed poster shared online, a moved kiosk)."""
    entry = EntryPoint.objects.select_for_update().get(pk=entry_point.pk)
    require(actor, roles=ENTRY_POINT_ROLES, office_id=entry.office_id)
    entry.is_active = False
    entry.save(update_fields=["is_active"])
    return entry
