"""Delivering the outbox, safely with several workers at once.

A worker *claims* a message with one conditional UPDATE (pending and due, or sending with an expired
claim) that sets a token of its own; only the worker whose UPDATE changed the row sends it, and it
records the result only while its token is still on the row. So two workers never send the same
message, and a worker that dies mid-send leaves a claim that expires and is picked up again.

No transaction is held open while the gateway answers: the claim is committed first.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid

from django.db.models import F, Q
from django.utils import timezone

from loket.notifications import conf
from loket.notifications.models import OutboxMessage, OutboxStatus
from loket.notifications.transports import DeliveryError, send

logger = logging.getLogger(__name__)

TOO_LATE = "not sent: past its give-up time (the moment it was about, or the retry limit)"
FIRST_RETRY_SECONDS = 60
MAX_RETRY_SECONDS = 3600


def backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4 ... minutes after each failed attempt, at most an hour."""
    return dt.timedelta(seconds=min(FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0), MAX_RETRY_SECONDS))


def _claimable(now: dt.datetime) -> Q:
    return Q(status=OutboxStatus.PENDING, next_attempt_at__lte=now) | Q(
        status=OutboxStatus.SENDING, claimed_until__lt=now
    )


def claim_one(now: dt.datetime | None = None) -> OutboxMessage | None:
    """Claim the next due message for this worker, or None when nothing is due."""
    now = now or timezone.now()
    candidates = list(
        OutboxMessage.objects.filter(_claimable(now))
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:20]
    )
    for pk in candidates:
        token = uuid.uuid4().hex
        claimed = OutboxMessage.objects.filter(_claimable(now), pk=pk).update(
            status=OutboxStatus.SENDING,
            claim_token=token,
            claimed_until=now + dt.timedelta(seconds=conf.claim_seconds()),
            attempts=F("attempts") + 1,
        )
        if claimed:
            return OutboxMessage.objects.get(pk=pk)
    return None


def _finish(message: OutboxMessage, **fields: object) -> bool:
    """Record the outcome, but only if this worker still holds the claim."""
    return bool(
        OutboxMessage.objects.filter(
            pk=message.pk, status=OutboxStatus.SENDING, claim_token=message.claim_token
        ).update(claimed_until=None, claim_token="", **fields)
    )


def deliver(message: OutboxMessage, *, now: dt.datetime | None = None) -> str:
    """Send a claimed message and record what happened: "sent", "retry" or "failed"."""
    if (now or timezone.now()) >= message.give_up_at:
        # Not sent by its give-up time (a worker down through an appointment, or for days): a
        # reminder after the appointment misleads, and any message is left to an administrator.
        _finish(message, status=OutboxStatus.FAILED, failed_at=now or timezone.now(), last_error=TOO_LATE)
        logger.warning("message %s not sent: past its give-up time", message.pk)
        return "failed"
    try:
        reference = send(message)
    except DeliveryError as exc:
        now = now or timezone.now()
        error = str(exc)[:300]
        if exc.transient and now + backoff(message.attempts) < message.give_up_at:
            _finish(
                message,
                status=OutboxStatus.PENDING,
                next_attempt_at=now + backoff(message.attempts),
                last_error=error,
            )
            logger.warning(
                "message %s: attempt %s failed, will retry: %s", message.pk, message.attempts, error
            )
            return "retry"
        _finish(message, status=OutboxStatus.FAILED, failed_at=now, last_error=error)
        logger.error("message %s failed for good after %s attempts: %s", message.pk, message.attempts, error)
        return "failed"
    _finish(
        message,
        status=OutboxStatus.SENT,
        sent_at=timezone.now(),
        last_error="",
        provider_reference=reference[:120],
    )
    logger.info("message %s sent (%s)", message.pk, message.channel)
    return "sent"


def process_one(now: dt.datetime | None = None) -> str | None:
    """Claim and deliver one message. None when the outbox has nothing due."""
    message = claim_one(now)
    if message is None:
        return None
    return deliver(message, now=now)


def outbox_prune(*, now: dt.datetime | None = None) -> int:
    """Forget finished messages after ``LOKET_NOTIFY_KEEP_DAYS``: the outbox is not an archive of
    citizens' numbers. Pending ones are never deleted."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=conf.keep_days())
    deleted, _by_model = OutboxMessage.objects.filter(
        Q(status=OutboxStatus.SENT, sent_at__lt=cutoff) | Q(status=OutboxStatus.FAILED, failed_at__lt=cutoff)
    ).delete()
    return deleted


def deliver_due(*, limit: int = 100, now: dt.datetime | None = None) -> dict[str, int]:
    counts = {"sent": 0, "retry": 0, "failed": 0}
    for _n in range(limit):
        outcome = process_one(now)
        if outcome is None:
            break
        counts[outcome] += 1
    return counts
