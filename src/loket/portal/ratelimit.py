"""Slowing down, then blocking, repeated attempts on the public pages.

Each limit counts *hits* (wrong tracking guesses, complaints filed ...) per key in a sliding window:
up to ``free`` hits nothing happens; after that each new attempt must wait twice as long as the one
before (``base_delay``, 2x, 4x ... seconds after the last hit); at ``block`` hits the key is refused
until the window has passed. The hits live in a database table, so the limit is the same for every
gunicorn worker process; keys are HMACs of the address or receipt, so the table stores neither.

An attempt is counted *before* it is judged (``reserve``) and given back when it succeeds
(``refund``): concurrent guesses therefore see each other, and cannot all slip under the limit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from loket.portal.models import RateLimitHit

KEEP_HITS = dt.timedelta(days=1)
MAX_DELAY = 300


@dataclass(frozen=True)
class Limit:
    scope: str
    free: int
    block: int
    window: dt.timedelta
    base_delay: int = 2


# Wrong receipt/date-of-birth guesses from one address, and against one receipt number. A citizen who
# mistypes a few times waits seconds; a script walking through numbers or birth dates stops at once.
TRACK_PER_ADDRESS = Limit("track-ip", free=5, block=20, window=dt.timedelta(hours=1))
TRACK_PER_RECEIPT = Limit("track-receipt", free=3, block=8, window=dt.timedelta(hours=1))
FOLLOW_PER_ADDRESS = Limit("follow-ip", free=5, block=20, window=dt.timedelta(hours=1))
COMPLAINTS_PER_ADDRESS = Limit("complaint-ip", free=3, block=10, window=dt.timedelta(hours=24), base_delay=30)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    blocked: bool = False
    retry_after: int = 0  # seconds
    hit_id: int | None = None


def _digest(scope: str, value: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{scope}:{value}".encode(), hashlib.sha256).hexdigest()


def _judge(limit: Limit, key: str, now: dt.datetime) -> Verdict:
    hits = list(
        RateLimitHit.objects.filter(scope=limit.scope, key=key, at__gt=now - limit.window)
        .order_by("at")
        .values_list("at", flat=True)
    )
    if len(hits) >= limit.block:
        return Verdict(
            False, blocked=True, retry_after=_seconds(hits[len(hits) - limit.block] + limit.window - now)
        )
    if len(hits) >= limit.free:
        delay = min(limit.base_delay * 2 ** (len(hits) - limit.free), MAX_DELAY)
        wait = hits[-1] + dt.timedelta(seconds=delay) - now
        if wait > dt.timedelta(0):
            return Verdict(False, retry_after=_seconds(wait))
    return Verdict(True)


def _seconds(delta: dt.timedelta) -> int:
    return max(1, int(delta.total_seconds() + 0.999))


def reserve(limit: Limit, value: str, *, now: dt.datetime | None = None) -> Verdict:
    """Count one attempt for ``value`` unless it must wait or is blocked."""
    now = now or timezone.now()
    key = _digest(limit.scope, value)
    verdict = _judge(limit, key, now)
    if not verdict.allowed:
        return verdict
    hit = RateLimitHit.objects.create(scope=limit.scope, key=key, at=now)
    over = RateLimitHit.objects.filter(scope=limit.scope, key=key, at__gt=now - limit.window).count()
    if over > limit.block:  # others raced in between: this one loses
        hit.delete()
        return Verdict(False, blocked=True, retry_after=int(limit.window.total_seconds()))
    RateLimitHit.objects.filter(at__lt=now - KEEP_HITS).delete()
    return Verdict(True, hit_id=hit.pk)


def refund(verdict: Verdict) -> None:
    """The attempt succeeded: it does not count towards the limit."""
    if verdict.hit_id is not None:
        RateLimitHit.objects.filter(pk=verdict.hit_id).delete()
