"""The centre's writes: registering offices, receiving packets (idempotently by packet id) and
changing its behaviour."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter as Tally
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from loket.central.auth import key_hash
from loket.central.models import Behaviour, CentralOffice, Counter, Enrollment, Outcome, Packet
from loket.central.validation import (
    InvalidPacket,
    ValidPacket,
    fails_processing,
    packet_id_of,
    validate_packet,
)

ACCEPTED = "accepted"
ALREADY_RECEIVED = "already_received"
REJECTED = "rejected"
DUPLICATE_NIK = "The NIK already has a biometric record at the centre."
PROCESSING_FAILED = "Biometric quality below the centre's threshold: record again."
STORE_ATTEMPTS = 5


@transaction.atomic
def office_register(*, code: str, key: str) -> CentralOffice:
    """Add an office, or give an existing one a new key."""
    office, _created = CentralOffice.objects.update_or_create(
        code=code, defaults={"key_sha256": key_hash(key), "is_active": True}
    )
    return office


@transaction.atomic
def behaviour_set(**changes: Any) -> Behaviour:
    behaviour = Behaviour.current()
    for name, value in changes.items():
        if not hasattr(behaviour, name):
            raise ValueError(f"unknown behaviour {name!r}")
        setattr(behaviour, name, value)
    behaviour.updated_at = timezone.now()
    behaviour.full_clean()
    behaviour.save()
    return behaviour


@dataclass
class _Batch:
    office: CentralOffice
    now: dt.datetime
    delay: dt.timedelta
    failed_rate: float
    results: list[dict[str, Any]] = field(default_factory=list)
    to_create: list[Packet] = field(default_factory=list)
    enrollments: list[tuple[str, uuid.UUID]] = field(default_factory=list)
    redelivered: Tally[uuid.UUID] = field(default_factory=Tally)


def _rejected(packet_id: str, code: str, detail: str) -> dict[str, Any]:
    return {"packet_id": packet_id, "status": REJECTED, "code": code, "detail": detail}


def packets_receive(*, office: CentralOffice, items: list[Any]) -> list[dict[str, Any]]:
    """Store every new packet of the batch once; answer for each item in order.

    A packet id seen before (in an earlier request or earlier in this batch) is a re-delivery:
    answered with the packet's current state and counted, never stored twice. A malformed packet
    is rejected on its own; the rest of the batch is still stored.
    """
    valid: list[tuple[int, ValidPacket]] = []
    answers: dict[int, dict[str, Any]] = {}
    for index, item in enumerate(items):
        try:
            packet = validate_packet(item)
        except InvalidPacket as exc:
            answers[index] = _rejected(packet_id_of(item), "invalid", str(exc))
            continue
        if packet.office_code != office.code:
            answers[index] = _rejected(str(packet.packet_id), "wrong_office", "office_code is not yours")
            continue
        valid.append((index, packet))
    if rejected := len(answers):
        Counter.bump("packets_rejected", rejected)
    behaviour = Behaviour.current()
    for attempt in range(STORE_ATTEMPTS):
        try:
            stored = _store(office, valid, behaviour)
            break
        except IntegrityError:
            # Another request stored the same packet or enrolled the same NIK a moment ago:
            # the next attempt sees it and answers "already received" or "duplicate".
            if attempt == STORE_ATTEMPTS - 1:
                raise
    answers.update(stored)
    return [answers[index] for index in range(len(items))]


@transaction.atomic
def _store(
    office: CentralOffice, valid: list[tuple[int, ValidPacket]], behaviour: Behaviour
) -> dict[int, dict[str, Any]]:
    batch = _Batch(
        office=office,
        now=timezone.now(),
        delay=dt.timedelta(seconds=behaviour.processing_delay_seconds),
        failed_rate=behaviour.failed_rate,
    )
    ids = [packet.packet_id for _index, packet in valid]
    known = {p.packet_id: p for p in Packet.objects.filter(packet_id__in=ids)}
    niks = {packet.nik for _index, packet in valid}
    enrolled = set(Enrollment.objects.filter(nik__in=niks).values_list("nik", flat=True))
    answers: dict[int, dict[str, Any]] = {}
    for index, packet in valid:
        earlier = known.get(packet.packet_id)
        if earlier is not None:
            answers[index] = _redelivery(batch, earlier, packet)
            continue
        stored = _new_packet(batch, packet, enrolled)
        known[packet.packet_id] = stored
        answers[index] = {**stored.answer(batch.now), "status": ACCEPTED}
    created = Packet.objects.bulk_create(batch.to_create)
    by_id = {p.packet_id: p for p in created}
    Enrollment.objects.bulk_create(
        Enrollment(nik=nik, packet=by_id[packet_id], enrolled_at=batch.now)
        for nik, packet_id in batch.enrollments
    )
    for times in set(batch.redelivered.values()):
        same = [pid for pid, n in batch.redelivered.items() if n == times]
        Packet.objects.filter(packet_id__in=same).update(
            deliveries=F("deliveries") + times, last_received_at=batch.now
        )
    return answers


def _redelivery(batch: _Batch, earlier: Packet, packet: ValidPacket) -> dict[str, Any]:
    if earlier.office_id != batch.office.pk or earlier.payload_sha256 != packet.payload_sha256:
        Counter.bump("packets_rejected")
        return _rejected(str(packet.packet_id), "packet_id_reused", "another packet already has this id")
    batch.redelivered[packet.packet_id] += 1
    return {**earlier.answer(batch.now), "status": ALREADY_RECEIVED}


def _new_packet(batch: _Batch, packet: ValidPacket, enrolled: set[str]) -> Packet:
    if packet.service_type == "new" and packet.nik in enrolled:
        outcome, reason = Outcome.DUPLICATE_RECORD, DUPLICATE_NIK
    elif fails_processing(packet.packet_id, batch.failed_rate):
        outcome, reason = Outcome.ENROLLMENT_FAILED, PROCESSING_FAILED
    else:
        outcome, reason = Outcome.PRINT_READY, ""
        if packet.nik not in enrolled:
            enrolled.add(packet.nik)
            batch.enrollments.append((packet.nik, packet.packet_id))
    stored = Packet(
        packet_id=packet.packet_id,
        office=batch.office,
        receipt_number=packet.receipt_number,
        service_type=packet.service_type,
        nik=packet.nik,
        payload=packet.payload,
        payload_sha256=packet.payload_sha256,
        first_received_at=batch.now,
        last_received_at=batch.now,
        outcome=outcome,
        reason=reason,
        decided_at=batch.now + batch.delay,
    )
    batch.to_create.append(stored)
    return stored
