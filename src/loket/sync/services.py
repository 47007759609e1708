"""Writes of the sync: the outbox packet written with the capture, the head of office's retry and
close, and each office's key. The worker's own writes are in ``delivery.py``."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.applications.lifecycle import Source, Status
from loket.applications.models import Application, ApplicationEvent
from loket.applications.services import application_transition
from loket.core.errors import Conflict, ServiceError
from loket.offices.access import require
from loket.offices.models import Office, Role
from loket.sync.models import OPEN_STATES, CentralKey, Packet, PacketState
from loket.sync.packets import packet_payload

if TYPE_CHECKING:
    from loket.offices.models import Staff

RETRY_NOT_POSSIBLE = _("Only a failed packet or one waiting to be sent can be sent again.")
RETRY_CLOSED = _("This packet was closed as failed; record the biometrics again to send a new one.")
RETRY_APPLICATION_MOVED = _("The application is no longer waiting for this packet (it is now “%(status)s”).")
CLOSE_NOT_POSSIBLE = _("This packet is finished already and cannot be closed.")
CLOSE_IN_FLIGHT = _("The packet is being sent right now. Wait a minute and try again.")
REASON_REQUIRED = _("Write the reason for closing the packet as failed.")
KEY_EMPTY = _("A central registry key cannot be empty.")
SUPERSEDED = "superseded by a new recording"
WITHDRAWN = "application cancelled before delivery"
CLOSE_ROLES = frozenset({Role.HEAD})
# Past capture and still waiting for the centre's outcome: the backfill writes their missing packets.
AWAITING_CENTRE = (Status.SENT_FOR_ENROLLMENT, Status.RECEIVED_AT_CENTRAL, Status.ADJUDICATION)
# Statuses from which a closed packet takes its application to enrollment failed.
_FAILS_FROM = (Status.SENT_FOR_ENROLLMENT, Status.RECEIVED_AT_CENTRAL)


def packet_write(*, application: Application, captured_at: dt.datetime | None = None) -> Packet:
    """The outbox row for a capture, in the caller's transaction (the status change's). An earlier
    packet still open for the application (sent before a failed enrollment was recorded again)
    is closed as superseded: one recording, one packet on its way. ``captured_at``: when the
    biometrics were recorded, if that was not now (a packet written afterwards by the backfill)."""
    now = timezone.now()
    Packet.objects.filter(application=application, state__in=OPEN_STATES).update(
        state=PacketState.FAILED, failed_at=now, failure_reason=SUPERSEDED, claimed_by="", claimed_until=None
    )
    packet_id = uuid.uuid4()
    payload = packet_payload(packet_id=packet_id, application=application)
    if captured_at is not None:
        payload["captured_at"] = captured_at.isoformat()
    return Packet.objects.create(
        id=packet_id,
        application=application,
        office_id=application.office_id,
        payload=payload,
        created_at=now,
        next_try_at=now,
    )


def packets_backfill() -> int:
    """Write the packets the outbox is missing (``loket sync backfill``; `make run` calls it), for
    applications recorded before the sync was installed, moved on by hand from SIAK, or written by
    the demo generator:

    - at biometrics captured without a packet on its way;
    - waiting for the centre (sent for enrollment, received at central, adjudication) without any
      packet. The worker delivers it; the centre's answer moves the application on from where it
      is (``outcomes.steps_towards``), so it gets its outcome like any other. An application there
      whose packet was refused or closed keeps that decision: nothing is sent again for it.

    Each packet says when the biometrics were recorded (the latest capture in the history)."""
    captured = Application.objects.filter(status=Status.BIOMETRICS_CAPTURED).exclude(
        sync_packets__state__in=OPEN_STATES
    )
    further = Application.objects.filter(status__in=AWAITING_CENTRE, sync_packets__isnull=True)
    count = 0
    for waiting in (captured, further):
        for application in waiting.select_related("person", "office").order_by("pk").iterator(chunk_size=500):
            with transaction.atomic():
                packet_write(application=application, captured_at=_last_capture(application))
            count += 1
    return count


def _last_capture(application: Application) -> dt.datetime | None:
    return (
        ApplicationEvent.objects.filter(application=application, to_status=Status.BIOMETRICS_CAPTURED)
        .order_by("-at", "-id")
        .values_list("at", flat=True)
        .first()
    )


def packets_withdraw(*, application: Application) -> int:
    """A cancelled application's packet that has not left the office is not sent."""
    return Packet.objects.filter(application=application, state=PacketState.PENDING).update(
        state=PacketState.FAILED,
        failed_at=timezone.now(),
        failure_reason=WITHDRAWN,
        claimed_by="",
        claimed_until=None,
    )


@transaction.atomic
def packet_retry(*, actor: Staff, packet: Packet) -> Packet:
    """Send the packet again now: a failed one goes back to the queue, a waiting one skips its backoff."""
    locked = Packet.objects.select_for_update().select_related("application").get(pk=packet.pk)
    require(actor, roles=CLOSE_ROLES, office_id=locked.office_id)
    if locked.state not in (PacketState.FAILED, PacketState.PENDING):
        raise ServiceError(RETRY_NOT_POSSIBLE, code="retry_not_possible")
    if locked.closed_by_id is not None or locked.failure_reason in (SUPERSEDED, WITHDRAWN):
        raise ServiceError(RETRY_CLOSED, code="retry_closed")
    status = locked.application.status
    if status != Status.BIOMETRICS_CAPTURED:
        raise Conflict(RETRY_APPLICATION_MOVED, code="application_moved", status=Status(status).label)
    locked.state = PacketState.PENDING
    locked.next_try_at = timezone.now()
    locked.failed_at = None
    locked.failure_reason = ""
    locked.save(update_fields=["state", "next_try_at", "failed_at", "failure_reason"])
    return locked


@transaction.atomic
def packet_close(*, actor: Staff, packet: Packet, reason: str) -> Packet:
    """Give up on a packet: it is not sent (again), and its application becomes enrollment failed
    with the head's reason, ready to be recorded again."""
    reason = (reason or "").strip()
    application = Application.objects.select_for_update().get(pk=packet.application_id)
    locked = Packet.objects.select_for_update().get(pk=packet.pk)
    require(actor, roles=CLOSE_ROLES, office_id=locked.office_id)
    if not reason:
        raise ServiceError(REASON_REQUIRED, code="reason_required")
    if locked.state == PacketState.COMPLETED or locked.closed_by_id is not None:
        raise ServiceError(CLOSE_NOT_POSSIBLE, code="close_not_possible")
    if locked.claimed_until and locked.claimed_until > timezone.now():
        raise Conflict(CLOSE_IN_FLIGHT, code="packet_in_flight")
    if application.status == Status.BIOMETRICS_CAPTURED:
        application = application_transition(
            application=application, to_status=Status.SENT_FOR_ENROLLMENT, actor=actor, note=reason
        )
    if application.status in _FAILS_FROM:
        application_transition(
            application=application,
            to_status=Status.ENROLLMENT_FAILED,
            actor=actor,
            source=Source.STAFF,
            note=reason,
        )
    locked.state = PacketState.FAILED
    locked.failed_at = locked.failed_at or timezone.now()
    locked.failure_reason = reason
    locked.closed_by = actor
    locked.save(update_fields=["state", "failed_at", "failure_reason", "closed_by"])
    return locked


@transaction.atomic
def packets_retry_failed(*, office: Office | None = None) -> int:
    """Put every packet the centre refused back in the queue (after the office's key was fixed,
    say): ``loket sync retry --all-failed``. Closed, superseded and withdrawn packets stay failed."""
    packets = Packet.objects.filter(
        state=PacketState.FAILED, closed_by__isnull=True, application__status=Status.BIOMETRICS_CAPTURED
    ).exclude(failure_reason__in=[SUPERSEDED, WITHDRAWN])
    if office is not None:
        packets = packets.filter(office=office)
    return packets.update(
        state=PacketState.PENDING, next_try_at=timezone.now(), failed_at=None, failure_reason=""
    )


@transaction.atomic
def central_key_set(*, office: Office, key: str) -> CentralKey:
    key = (key or "").strip()
    if not key:
        raise ServiceError(KEY_EMPTY, code="key_empty")
    central_key, _created = CentralKey.objects.update_or_create(
        office=office, defaults={"key": key, "updated_at": timezone.now()}
    )
    return central_key


@transaction.atomic
def central_key_ensure(*, office: Office) -> str:
    """The office's key, generated on first use (``loket sync keys --ensure``; `make run` then
    registers it at the reference centre)."""
    central_key, _created = CentralKey.objects.get_or_create(
        office=office, defaults={"key": secrets.token_urlsafe(32)}
    )
    return central_key.key
