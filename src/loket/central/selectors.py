"""The centre's reads: packet states for an office, its packet list (for reconciliation) and stats."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Count, Sum
from django.utils import timezone

from loket.central.models import UNKNOWN, Behaviour, CentralOffice, Counter, Enrollment, Packet

FAULT_COUNTERS = ("fault_outage", "fault_error", "fault_timeout", "fault_drop")


def packets_state(*, office: CentralOffice, packet_ids: list[uuid.UUID]) -> list[dict[str, Any]]:
    """The state of each packet asked about; another office's packet is "unknown", like a missing one."""
    now = timezone.now()
    found = {
        p.packet_id: p
        for p in Packet.objects.filter(office=office, packet_id__in=packet_ids).only(
            "packet_id", "outcome", "reason", "decided_at"
        )
    }
    unknown = {"state": UNKNOWN}
    return [
        found[packet_id].answer(now) if packet_id in found else {"packet_id": str(packet_id), **unknown}
        for packet_id in packet_ids
    ]


def packets_page(*, office: CentralOffice, after: int, limit: int) -> tuple[list[dict[str, Any]], int | None]:
    """One page of the office's packets, oldest first, and the cursor of the next page (None at the end)."""
    now = timezone.now()
    rows = list(
        Packet.objects.filter(office=office, id__gt=after)
        .order_by("id")
        .only("id", "packet_id", "receipt_number", "outcome", "decided_at")[:limit]
    )
    items = [
        {"packet_id": str(p.packet_id), "receipt_number": p.receipt_number, "state": p.state_at(now)}
        for p in rows
    ]
    return items, (rows[-1].id if len(rows) == limit else None)


def stats() -> dict[str, Any]:
    totals = Packet.objects.aggregate(unique=Count("id"), received=Sum("deliveries"))
    unique = totals["unique"] or 0
    received = totals["received"] or 0
    now = timezone.now()
    outcomes = dict(
        Packet.objects.filter(decided_at__lte=now).values_list("outcome").annotate(n=Count("id")).order_by()
    )
    counters = dict(Counter.objects.values_list("name", "value"))
    behaviour = Behaviour.current()
    return {
        "packets_received": received,
        "unique_packets": unique,
        "duplicate_deliveries": received - unique,
        "awaiting_processing": Packet.objects.filter(decided_at__gt=now).count(),
        "outcomes": {
            name: outcomes.get(name, 0) for name in ("print_ready", "duplicate_record", "enrollment_failed")
        },
        "enrolled_niks": Enrollment.objects.count(),
        "offices": CentralOffice.objects.filter(is_active=True).count(),
        "packets_rejected": counters.get("packets_rejected", 0),
        "requests_refused": counters.get("requests_refused", 0),
        "faults_injected": {name.removeprefix("fault_"): counters.get(name, 0) for name in FAULT_COUNTERS},
        "behaviour": behaviour_summary(behaviour),
    }


def behaviour_summary(behaviour: Behaviour) -> dict[str, Any]:
    return {
        "processing_delay_seconds": behaviour.processing_delay_seconds,
        "failed_rate": behaviour.failed_rate,
        "error_rate": behaviour.error_rate,
        "latency_ms": [behaviour.latency_min_ms, behaviour.latency_max_ms],
        "timeout_rate": behaviour.timeout_rate,
        "hang_seconds": behaviour.hang_seconds,
        "drop_rate": behaviour.drop_rate,
        "outage": behaviour.outage,
    }
