"""``loket sync reconcile``: the office's outbox against the centre's records, every difference listed.

Kinds of difference:
- ``not_at_centre``: the office holds the packet as delivered, the centre has no record of it;
- ``not_recorded_at_office``: the centre has it, the office still waits to send it (an answer was
  lost; the next delivery records it);
- ``unknown_at_office``: the centre has a packet of this office that the office does not know;
- ``failed_but_at_centre``: failed or closed at the office, yet the centre has it;
- ``receipt_differs``: the centre holds the packet under another receipt number;
- ``behind``: the application has not yet followed the centre (the worker will apply it);
- ``status_differs``: the application says one thing and the centre another (staff typed in
  something else, or cancelled): somebody must look.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from loket.offices.models import Office
from loket.sync.client import CentralClient, CentralError
from loket.sync.models import CentralKey, CentralState, Packet, PacketState
from loket.sync.outcomes import agreement

_FIELDS = ("id", "state", "central_state", "application__receipt_number", "application__status")


def _centre_packets(client: CentralClient, key: str) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    after: int | None = 0
    while after is not None:
        items, after = client.packets_page(key=key, after=after)
        found.update({str(item["packet_id"]): item for item in items})
    return found


def _difference(
    kind: str, office: Office, row: dict[str, Any] | None, centre: dict[str, Any] | None
) -> dict[str, Any]:
    return {
        "kind": kind,
        "office": office.code,
        "packet_id": str(row["id"] if row else (centre or {}).get("packet_id")),
        "receipt": (row or {}).get("application__receipt_number") or (centre or {}).get("receipt_number", ""),
        "office_state": (row or {}).get("state", ""),
        "application_status": (row or {}).get("application__status", ""),
        "centre_state": (centre or {}).get("state", ""),
    }


def _compare(row: dict[str, Any], centre: dict[str, Any] | None) -> str:
    """The kind of difference between one outbox row and the centre's record of it ("" if none)."""
    state = row["state"]
    if centre is None:
        return "not_at_centre" if state in (PacketState.DELIVERED, PacketState.COMPLETED) else ""
    if state == PacketState.PENDING:
        return "not_recorded_at_office"
    if state == PacketState.FAILED:
        return "failed_but_at_centre"
    if centre.get("receipt_number") != row["application__receipt_number"]:
        return "receipt_differs"
    if centre.get("state") not in CentralState.values or not centre.get("state"):
        return ""
    verdict = agreement(row["application__status"], centre["state"])
    return {"behind": "behind", "differs": "status_differs"}.get(verdict, "")


def reconcile_office(
    client: CentralClient, office: Office, key: str
) -> tuple[list[dict[str, Any]], int, int]:
    centre = _centre_packets(client, key)
    rows = Packet.objects.filter(office=office).values(*_FIELDS).order_by("created_at")
    differences = []
    seen = set()
    count = 0
    for row in rows.iterator(chunk_size=2000):
        count += 1
        packet_id = str(row["id"])
        seen.add(packet_id)
        kind = _compare(row, centre.get(packet_id))
        if kind:
            differences.append(_difference(kind, office, row, centre.get(packet_id)))
    for packet_id, item in centre.items():
        if packet_id not in seen:
            differences.append(_difference("unknown_at_office", office, None, item))
    return differences, count, len(centre)


def reconcile(*, client: CentralClient | None = None) -> dict[str, Any]:
    own_client = client is None
    client = client or CentralClient(settings.LOKET_CENTRAL_URL, timeout=settings.LOKET_SYNC_TIMEOUT)
    report: dict[str, Any] = {"differences": [], "errors": [], "checked_at_office": 0, "checked_at_centre": 0}
    keys = dict(CentralKey.objects.values_list("office_id", "key"))
    with_packets = set(Packet.objects.values_list("office_id", flat=True).distinct())
    try:
        for office in Office.objects.filter(pk__in=with_packets | set(keys)).order_by("code"):
            if office.pk not in keys:
                report["errors"].append(f"{office.code}: no central key")
                continue
            try:
                differences, at_office, at_centre = reconcile_office(client, office, keys[office.pk])
            except CentralError as error:
                report["errors"].append(f"{office.code}: {error.summary}")
                continue
            report["differences"] += differences
            report["checked_at_office"] += at_office
            report["checked_at_centre"] += at_centre
    finally:
        if own_client:
            client.close()
    return report
