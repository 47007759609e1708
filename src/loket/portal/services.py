"""Writes of the portal: filing a complaint (public, no login) and working it through
received -> in progress -> answered -> closed (head of office and city administrator); the citizen's
own choice about messages, from the tracking page."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.applications.receipts import new_receipt
from loket.core.errors import ServiceError
from loket.notifications.models import Channel, ConsentSource, Language, NotificationPreference
from loket.notifications.services import notification_preference_set
from loket.offices.access import require
from loket.offices.calendar import NoOpeningHours, WorkingCalendar
from loket.offices.models import Office, Role, Station
from loket.portal import conf
from loket.portal.message_choice import available_channels, person_for_token
from loket.portal.models import Complaint, ComplaintCategory, ComplaintEvent, ComplaintStatus
from loket.portal.uploads import check_attachment

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from loket.offices.models import Staff

OFFICE_UNKNOWN = _("Choose the office your complaint is about.")
CATEGORY_UNKNOWN = _("Choose what your complaint is about.")
STATION_OTHER_OFFICE = _("That counter belongs to another office.")
DESCRIPTION_MISSING = _("Describe what happened.")
DESCRIPTION_TOO_LONG = _("Keep the description under %(limit)d characters.")
STEP_NOT_ALLOWED = _("A complaint that is “%(source)s” cannot become “%(target)s”.")
RESPONSE_MISSING = _("Write the answer the filer will read.")
STAFF_OTHER_OFFICE = _("That staff member works at another office.")
STALE = _("Someone else changed this complaint meanwhile (it is now “%(status)s”). Reload and try again.")

CHOICE_EXPIRED = _("This page was open too long. Track your application again, then choose about messages.")
CHANNEL_NOT_OFFERED = _("Choose one of the ways offered. To use another, ask the office to add it.")

DESCRIPTION_LIMIT = 4000
# Who works complaints. Others at the office may read those that are not about an illegal fee.
HANDLER_ROLES = frozenset({Role.HEAD, Role.CITY_ADMIN})
NEXT_STEPS: dict[str, frozenset[str]] = {
    ComplaintStatus.RECEIVED: frozenset({ComplaintStatus.IN_PROGRESS}),
    ComplaintStatus.IN_PROGRESS: frozenset({ComplaintStatus.ANSWERED}),
    ComplaintStatus.ANSWERED: frozenset({ComplaintStatus.CLOSED, ComplaintStatus.IN_PROGRESS}),
    ComplaintStatus.CLOSED: frozenset(),
}


def complaint_deadline(office: Office, received_at: dt.datetime) -> dt.datetime:
    """The answer is due after the office's working days (``LOKET_COMPLAINT_RESPONSE_DAYS``)."""
    days = conf.complaint_response_days()
    try:
        return WorkingCalendar.for_office(office).add_working_days(received_at, days)
    except NoOpeningHours:
        return received_at + dt.timedelta(days=days + 2)


@transaction.atomic
def complaint_file(
    *,
    office: Office | None,
    category: str,
    description: str,
    station: Station | None = None,
    staff_description: str = "",
    filer_name: str = "",
    filer_contact: str = "",
    attachment: UploadedFile | None = None,
) -> Complaint:
    """File a complaint from the public page. Anonymous when name and contact are left empty.
    Returns the complaint; its ``tracking_code`` is shown to the filer once."""
    if office is None or not office.is_active:
        raise ServiceError(OFFICE_UNKNOWN, code="office_unknown")
    if category not in ComplaintCategory.values:
        raise ServiceError(CATEGORY_UNKNOWN, code="category_unknown")
    if station is not None and station.office_id != office.pk:
        raise ServiceError(STATION_OTHER_OFFICE, code="station_other_office")
    description = description.strip()
    if not description:
        raise ServiceError(DESCRIPTION_MISSING, code="description_missing")
    if len(description) > DESCRIPTION_LIMIT:
        raise ServiceError(DESCRIPTION_TOO_LONG, code="description_too_long", limit=DESCRIPTION_LIMIT)
    checked = None
    if attachment is not None:
        try:
            checked = check_attachment(attachment)
        except ValidationError as exc:
            raise ServiceError(exc.messages[0], code=exc.code or "attachment_refused") from None
    now = timezone.now()
    complaint = Complaint(
        office=office,
        category=category,
        station=station,
        staff_description=" ".join(staff_description.split())[:120],
        description=description,
        filer_name=" ".join(filer_name.split())[:120],
        filer_contact=filer_contact.strip()[:120],
        received_at=now,
        respond_by=complaint_deadline(office, now),
        attachment_type=checked.content_type if checked else "",
    )
    if checked is not None:
        complaint.attachment.save(str(checked.content.name), checked.content, save=False)
    try:
        _save_with_unique_code(complaint)
    except Exception:
        if complaint.attachment:
            complaint.attachment.delete(save=False)  # no orphan file for a complaint never saved
        raise
    ComplaintEvent.objects.create(complaint=complaint, at=now, to_status=ComplaintStatus.RECEIVED)
    return complaint


def _save_with_unique_code(complaint: Complaint) -> None:
    for _attempt in range(5):
        complaint.tracking_code = new_receipt()
        try:
            with transaction.atomic():
                complaint.save()
                return
        except IntegrityError:
            continue
    raise RuntimeError("could not draw an unused tracking code in 5 attempts")  # pragma: no cover


def require_handler(actor: Staff, complaint: Complaint) -> None:
    """Head of that office or the city administrator: the only roles that also see pungli reports,
    so whoever may work a complaint may read any complaint of the office."""
    require(actor, roles=HANDLER_ROLES, office_id=complaint.office_id)


@transaction.atomic
def complaint_transition(
    *,
    actor: Staff,
    complaint: Complaint,
    to_status: str,
    response: str = "",
    note: str = "",
    expected_status: str | None = None,
) -> Complaint:
    """Move a complaint one step. Answering needs the text the filer reads (it may be revised when
    the complaint goes back to "in progress" and is answered again)."""
    locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
    require_handler(actor, locked)
    expected = expected_status if expected_status is not None else complaint.status
    if locked.status != expected:
        raise ServiceError(STALE, code="stale_status", status=ComplaintStatus(locked.status).label)
    if to_status not in NEXT_STEPS.get(locked.status, frozenset()):
        target = ComplaintStatus(to_status).label if to_status in ComplaintStatus.values else to_status
        raise ServiceError(
            STEP_NOT_ALLOWED,
            code="step_not_allowed",
            source=ComplaintStatus(locked.status).label,
            target=target,
        )
    now = timezone.now()
    fields = ["status"]
    if to_status == ComplaintStatus.ANSWERED:
        if not response.strip():
            raise ServiceError(RESPONSE_MISSING, code="response_missing")
        locked.response, locked.answered_at = response.strip(), now
        fields += ["response", "answered_at"]
    if to_status == ComplaintStatus.CLOSED:
        locked.closed_at = now
        fields.append("closed_at")
    previous, locked.status = locked.status, to_status
    locked.save(update_fields=fields)
    ComplaintEvent.objects.create(
        complaint=locked, at=now, actor=actor, from_status=previous, to_status=to_status, note=note.strip()
    )
    return locked


@transaction.atomic
def complaint_staff_link(*, actor: Staff, complaint: Complaint, staff_member: Staff | None) -> Complaint:
    """Name the staff account the complaint is about (the filer described them in their own words),
    so the head can follow it up with that person; None removes the link."""
    locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
    require_handler(actor, locked)
    if staff_member is not None and staff_member.office_id != locked.office_id:
        raise ServiceError(STAFF_OTHER_OFFICE, code="staff_other_office")
    locked.staff_member = staff_member
    locked.save(update_fields=["staff_member"])
    return locked


# Messages ---------------------------------------------------------------------------------------


def message_choice_set(
    *, token: str, consent: bool, channel: str = "", language: str = ""
) -> NotificationPreference:
    """The citizen stops messages, or starts them by one of the channels their record allows.

    The token comes from the tracking page (see ``message_choice.py``): it proves the citizen tracked
    this application a moment ago. Written through the notification room's own door, so the change
    is kept as a consent event with source "portal".
    """
    person = person_for_token(token)
    if person is None:
        raise ServiceError(CHOICE_EXPIRED, code="choice_expired")
    current = NotificationPreference.objects.filter(person=person).first()
    offered = [value for value, _label in available_channels(person)]
    if consent:
        if channel not in offered:
            raise ServiceError(CHANNEL_NOT_OFFERED, code="channel_not_offered")
    else:
        channel = current.channel if current else (offered[0] if offered else Channel.WHATSAPP)
    if language not in Language.values:
        language = current.language if current else Language.INDONESIAN
    return notification_preference_set(
        actor=None,
        person=person,
        channel=channel,
        consent=consent,
        language=language,
        source=ConsentSource.PORTAL,
    )
