"""The moments that matter to a citizen, turned into queued messages.

``status_changed`` is sent inside the transaction of the change, so the outbox row commits or rolls
back with the status. Nothing slow happens here (no network); and a fault in this room must never
stop the office's work, so a failure to queue is logged and the status change goes on.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.dispatch import receiver

from loket.applications.lifecycle import Status
from loket.applications.models import Application, ApplicationEvent
from loket.applications.signals import application_registered, status_changed
from loket.notifications.models import Kind, NotificationPreference
from loket.notifications.services import missing_documents, notification_enqueue, notification_preference_set
from loket.notifications.survey_hook import survey_link

logger = logging.getLogger(__name__)

KIND_FOR_STATUS = {
    Status.DOCUMENTS_INCOMPLETE: Kind.DOCUMENTS_INCOMPLETE,
    Status.READY_FOR_PICKUP: Kind.READY_FOR_PICKUP,
    Status.DUPLICATE_RECORD: Kind.DUPLICATE_RECORD,
    Status.ISSUED: Kind.SURVEY_INVITATION,
}


@receiver(status_changed, dispatch_uid="notifications.on_status_changed")
def on_status_changed(
    sender: Any, *, application: Application, event: ApplicationEvent, previous_status: str, **kwargs: Any
) -> None:
    kind = KIND_FOR_STATUS.get(Status(event.to_status))
    if kind is None:
        return
    try:
        with transaction.atomic():
            queue_for_event(application=application, event=event, kind=kind)
    except Exception:
        logger.exception("message for application %s (event %s) not queued", application.pk, event.pk)


@receiver(application_registered, dispatch_uid="notifications.on_application_registered")
def on_application_registered(
    sender: Any, *, application: Application, actor: Any, contact: Any = None, **kwargs: Any
) -> None:
    """The consent given at the counter. Unlike queueing a message, a refusal here (no phone for
    WhatsApp ...) is the officer's to fix, so it propagates and the registration is not written."""
    if contact is None:
        return
    notification_preference_set(
        actor=actor,
        person=application.person,
        channel=contact.channel,
        consent=True,
        language=contact.language,
    )


def queue_for_event(*, application: Application, event: ApplicationEvent, kind: str) -> None:
    preference = NotificationPreference.objects.filter(person_id=application.person_id, consent=True).first()
    if preference is None:
        return
    extra: dict[str, str] = {}
    if kind == Kind.DOCUMENTS_INCOMPLETE:
        extra["missing"] = missing_documents(application, language=preference.language, note=event.note)
    elif kind == Kind.SURVEY_INVITATION:
        link = survey_link(application)
        if not link:
            return
        extra["survey_url"] = link
    notification_enqueue(application=application, kind=kind, dedupe_key=f"{kind}:{event.pk}", extra=extra)
