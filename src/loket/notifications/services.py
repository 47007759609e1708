"""Writes of the notification room: the citizen's consent, queueing a message, the overdue check and an
administrator's retry. Delivery itself is in ``outbox.py`` (no network call ever happens here)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from loket.applications.lifecycle import Status
from loket.applications.models import Application
from loket.applications.requirements import requirements_for
from loket.core.errors import ServiceError
from loket.notifications import conf
from loket.notifications.models import (
    Channel,
    ConsentEvent,
    ConsentSource,
    Kind,
    Language,
    NotificationPreference,
    OutboxMessage,
    OutboxStatus,
    OverdueNotice,
)
from loket.notifications.rendering import render
from loket.offices.access import PERSONAL_DATA_ROLES, require, require_role
from loket.offices.calendar import NoOpeningHours, WorkingCalendar
from loket.offices.models import Role, ServiceStandard, ServiceType
from loket.portal.citizen_texts import pickup_summary

if TYPE_CHECKING:
    from loket.offices.models import Staff
    from loket.people.models import Person

logger = logging.getLogger(__name__)

UNKNOWN_CHANNEL = _("Choose WhatsApp, SMS or email.")
UNKNOWN_LANGUAGE = _("Choose Bahasa Indonesia or English.")
NO_PHONE = _("This citizen has no mobile number on record: add it first, or choose email.")
NO_EMAIL = _("This citizen has no email address on record: add it first, or choose WhatsApp or SMS.")
NOT_FAILED = _("Only a message that failed can be sent again.")

RETRY_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.CITY_ADMIN, Role.HEAD})
# Waiting for the citizen is not lateness of the office: no apology while documents are missing.
NO_APOLOGY_STATUSES = frozenset({Status.DOCUMENTS_INCOMPLETE})


@transaction.atomic
def notification_preference_set(
    *,
    actor: Staff | None,
    person: Person,
    channel: str,
    consent: bool,
    language: str = Language.INDONESIAN,
    source: str = ConsentSource.COUNTER,
) -> NotificationPreference:
    """Record whether the citizen agrees to messages, by which channel and in which language.

    Called by the registration form at the counter (staff with access to personal data). Each call
    also writes a ConsentEvent, so it can be shown when and by whom consent was given or withdrawn.
    """
    if source != ConsentSource.PORTAL or actor is not None:
        require_role(actor, PERSONAL_DATA_ROLES)  # type: ignore[arg-type]
    if channel not in Channel.values:
        raise ServiceError(UNKNOWN_CHANNEL, code="unknown_channel")
    if language not in Language.values:
        raise ServiceError(UNKNOWN_LANGUAGE, code="unknown_language")
    if consent and channel in (Channel.SMS, Channel.WHATSAPP) and not person.phone:
        raise ServiceError(NO_PHONE, code="no_phone")
    if consent and channel == Channel.EMAIL and not person.email:
        raise ServiceError(NO_EMAIL, code="no_email")
    now = timezone.now()
    preference, _created = NotificationPreference.objects.update_or_create(
        person=person,
        defaults={"consent": consent, "channel": channel, "language": language, "updated_at": now},
    )
    ConsentEvent.objects.create(
        person=person,
        consent=consent,
        channel=channel,
        language=language,
        source=source,
        recorded_by=actor,
        at=now,
    )
    return preference


def destination_for(person: Person, channel: str) -> str:
    """The number as gateways want it (62812...), or the email address; "" when there is none."""
    if channel == Channel.EMAIL:
        return person.email
    return gateway_number(person.phone)


def gateway_number(phone: str) -> str:
    """An Indonesian mobile number as gateways want it: 0812-3456 7890 -> 6281234567890."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return digits


def _date(moment: dt.datetime, tz: str) -> str:
    from zoneinfo import ZoneInfo

    return formats.date_format(moment.astimezone(ZoneInfo(tz)), "l, j F Y")


def message_context(application: Application, *, language: str) -> dict[str, str]:
    office = application.office
    with translation.override(language):
        return {
            "receipt": application.display_receipt,
            "service": str(ServiceType(application.service_type).label),
            "office": office.name,
            "office_phone": office.phone or office.email or "-",
            "office_address": " ".join(office.address.split()),
            "track_url": conf.public_url() + reverse("portal:track"),
            "due_date": _date(application.due_at, office.timezone),
            "bring": str(pickup_summary()),
        }


def notification_enqueue(
    *, application: Application, kind: str, dedupe_key: str, extra: dict[str, str] | None = None
) -> OutboxMessage | None:
    """Queue ``kind`` for the application's citizen, if they agreed to messages and have somewhere to
    receive them. Runs inside the caller's transaction; the same ``dedupe_key`` never queues twice."""
    preference = NotificationPreference.objects.filter(person_id=application.person_id, consent=True).first()
    if preference is None:
        return None
    destination = destination_for(application.person, preference.channel)
    if not destination:
        logger.info(
            "no %s destination for application %s: message not queued", preference.channel, application.pk
        )
        return None
    context = message_context(application, language=preference.language)
    with translation.override(preference.language):
        context.update({key: str(value) for key, value in (extra or {}).items()})
    rendered = render(kind=kind, language=preference.language, channel=preference.channel, context=context)
    try:
        with transaction.atomic():
            return OutboxMessage.objects.create(
                kind=kind,
                channel=preference.channel,
                application=application,
                destination=destination,
                subject=rendered.subject[:200],
                body=rendered.body,
                dedupe_key=dedupe_key,
                give_up_at=timezone.now() + dt.timedelta(hours=conf.max_age_hours()),
            )
    except IntegrityError:
        return None  # already queued for this cause


def missing_documents(application: Application, *, language: str, note: str = "") -> str:
    with translation.override(language):
        labels = {r.code: str(r.label) for r in requirements_for(application.service_type)}
        missing = [
            labels.get(code, code)
            for code in application.requirements.filter(fulfilled=False).values_list("code", flat=True)
        ]
        if missing:
            return "; ".join(missing)
        return note or str(_("ask the officer at the counter"))


# Overdue -------------------------------------------------------------------------------------------


def _new_due_at(application: Application, now: dt.datetime) -> dt.datetime | None:
    standard = ServiceStandard.objects.filter(
        office_id=application.office_id, service_type=application.service_type
    ).first()
    if standard is None:
        return None
    try:
        return WorkingCalendar.for_office(application.office).due_at(
            now, amount=standard.amount, unit=standard.unit
        )
    except NoOpeningHours:
        return None


@transaction.atomic
def overdue_notice_create(
    *, application: Application, now: dt.datetime | None = None
) -> OverdueNotice | None:
    """Apologise for one late application and promise a new date (the office's standard time again,
    counted from now), unless the last promised date has not passed yet."""
    now = now or timezone.now()
    last = application.overdue_notices.order_by("-sequence").first()
    previous_due = last.new_due_at if last else application.due_at
    if previous_due > now or application.status in NO_APOLOGY_STATUSES:
        return None
    new_due = _new_due_at(application, now)
    if new_due is None or new_due <= previous_due:
        return None
    try:
        with transaction.atomic():
            notice = OverdueNotice.objects.create(
                application=application,
                sequence=(last.sequence + 1) if last else 1,
                previous_due_at=previous_due,
                new_due_at=new_due,
                at=now,
            )
    except IntegrityError:
        return None  # another worker apologised a moment ago
    tz = application.office.timezone
    notification_enqueue(
        application=application,
        kind=Kind.OVERDUE,
        dedupe_key=f"overdue:{application.pk}:{notice.sequence}",
        extra={"due_date": _date(previous_due, tz), "new_due_date": _date(new_due, tz)},
    )
    return notice


def overdue_check(*, now: dt.datetime | None = None) -> int:
    """The periodic check the worker runs: one apology per late application (and per broken promise)."""
    now = now or timezone.now()
    late = Application.objects.overdue(now).exclude(status__in=NO_APOLOGY_STATUSES).order_by("due_at")
    # The ids first, then a chunk at a time: a read cursor left open across the writes keeps an old
    # snapshot on SQLite, and the first write after another process's commit fails at once
    # ("database is locked"), which stopped the worker.
    ids = list(late.values_list("pk", flat=True))
    queued = 0
    for start in range(0, len(ids), 200):
        chunk = Application.objects.filter(pk__in=ids[start : start + 200]).select_related("office", "person")
        for application in sorted(chunk, key=lambda a: a.due_at):
            queued += overdue_notice_create(application=application, now=now) is not None
    return queued


def _office_of(message: OutboxMessage) -> int | None:
    if message.application_id:
        return message.application.office_id  # type: ignore[union-attr]
    if message.booking_id:
        return message.booking.office_id  # type: ignore[union-attr]
    return None


@transaction.atomic
def outbox_message_retry(*, actor: Staff, message: OutboxMessage) -> OutboxMessage:
    """Send a failed message again (after a fixed gateway key, a corrected number ...)."""
    office_id = _office_of(message)
    if office_id is None:
        require_role(actor, RETRY_ROLES)
    else:
        require(actor, roles=RETRY_ROLES, office_id=office_id)
    now = timezone.now()
    updated = OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.FAILED).update(
        status=OutboxStatus.PENDING,
        next_attempt_at=now,
        give_up_at=now + dt.timedelta(hours=conf.max_age_hours()),
        failed_at=None,
        attempts=0,
    )
    if not updated:
        raise ServiceError(NOT_FAILED, code="not_failed")
    message.refresh_from_db()
    return message
