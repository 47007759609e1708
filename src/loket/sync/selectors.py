"""Reads of the sync: the link banner on every staff page, the head of office's stuck packets, and
the figures of ``loket sync status``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Count, Min, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from loket.offices.access import role_of, scope_to_offices
from loket.offices.models import Role
from loket.sync.models import Link, LinkState, Packet, PacketState
from loket.sync.services import SUPERSEDED, WITHDRAWN

if TYPE_CHECKING:
    from loket.offices.models import Office, Staff

# Without a heartbeat for this long the worker is taken for stopped: the link state is unknown.
WORKER_GONE_AFTER = dt.timedelta(minutes=2)
# Delivered but without an outcome for this long: the head should look (or ask the centre).
OUTCOME_OVERDUE_AFTER = dt.timedelta(days=14)
STUCK_ROLES = frozenset({Role.HEAD, Role.CITY_ADMIN})


@dataclass(frozen=True)
class LinkSummary:
    state: str
    state_label: str
    worker_running: bool
    backlog: int
    oldest_waiting_since: dt.datetime | None
    last_success_at: dt.datetime | None
    stuck: int
    can_see_stuck: bool


def _link_state(link: Link, now: dt.datetime) -> tuple[str, bool]:
    running = link.worker_seen_at is not None and now - link.worker_seen_at < WORKER_GONE_AFTER
    return (link.state if running else LinkState.UNKNOWN), running


def packets_for(user: Staff) -> QuerySet[Packet]:
    return scope_to_offices(Packet.objects.all(), user)


def _stuck(packets: QuerySet[Packet], now: dt.datetime) -> QuerySet[Packet]:
    return packets.filter(
        Q(state=PacketState.FAILED, closed_by__isnull=True) & ~Q(failure_reason__in=[SUPERSEDED, WITHDRAWN])
        | Q(state=PacketState.PENDING, attempts__gte=settings.LOKET_SYNC_STUCK_ATTEMPTS)
        | Q(state=PacketState.DELIVERED, delivered_at__lt=now - OUTCOME_OVERDUE_AFTER)
    )


def link_summary(user: Staff) -> LinkSummary | None:
    """What the banner on every staff page shows; None for anyone not logged in as staff."""
    role = role_of(user)
    if role is None:
        return None
    now = timezone.now()
    link = Link.current()
    state, running = _link_state(link, now)
    packets = packets_for(user)
    backlog = packets.filter(state=PacketState.PENDING).aggregate(n=Count("pk"), oldest=Min("created_at"))
    can_see_stuck = role in STUCK_ROLES
    return LinkSummary(
        state=state,
        state_label=str(LinkState(state).label),
        worker_running=running,
        backlog=backlog["n"],
        oldest_waiting_since=backlog["oldest"],
        last_success_at=link.last_success_at,
        stuck=_stuck(packets, now).count() if can_see_stuck else 0,
        can_see_stuck=can_see_stuck,
    )


def stuck_packets(user: Staff, *, office: Office | None = None) -> QuerySet[Packet]:
    """Packets that need the head of office: refused by the centre, retried many times without
    success, or delivered long ago without an outcome. Oldest first."""
    packets = packets_for(user) if role_of(user) in STUCK_ROLES else Packet.objects.none()
    if office is not None:
        packets = packets.filter(office=office)
    return _stuck(packets, timezone.now()).select_related("application", "office").order_by("created_at")


def packet_get(user: Staff, pk: object) -> Packet:
    """A packet of the user's office, or 404 (another office's packet does not exist for them)."""
    return get_object_or_404(packets_for(user).select_related("application"), pk=pk)


def sync_status(*, now: dt.datetime | None = None) -> dict[str, Any]:
    """Every office's figures, for ``loket sync status`` and monitoring."""
    now = now or timezone.now()
    counts = dict(Packet.objects.order_by().values_list("state").annotate(n=Count("pk")))
    oldest = Packet.objects.filter(state=PacketState.PENDING).aggregate(oldest=Min("created_at"))["oldest"]
    link = Link.current()
    state, running = _link_state(link, now)
    awaiting = counts.get(PacketState.DELIVERED, 0)
    completed = counts.get(PacketState.COMPLETED, 0)
    return {
        "pending": counts.get(PacketState.PENDING, 0),
        "delivered": awaiting + completed,
        "awaiting_outcome": awaiting,
        "completed": completed,
        "failed": counts.get(PacketState.FAILED, 0),
        "stuck": _stuck(Packet.objects.all(), now).count(),
        "in_flight": Packet.objects.filter(claimed_until__gt=now).count(),
        "oldest_pending_age_seconds": round((now - oldest).total_seconds(), 1) if oldest else 0.0,
        "link": state,
        "worker_running": running,
        "last_success_at": link.last_success_at.isoformat() if link.last_success_at else None,
        "last_error": link.last_error,
    }
