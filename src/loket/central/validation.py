"""What a well-formed enrollment packet is. Pure functions, no database.

A refusal names the field and the rule, never the value: the packet carries personal data and a
refusal ends up in the office's logs and on the head of office's screen.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

SERVICE_TYPES = frozenset({"new", "damaged", "lost", "data_change", "moving_in"})
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_PHOTO_BYTES = 64 * 1024
PERSON_TEXT_LIMITS = {"full_name": 120, "birth_place": 80, "address": 500}


class InvalidPacket(ValueError):
    def __init__(self, field: str, rule: str) -> None:
        self.field = field
        self.rule = rule
        super().__init__(f"{field}: {rule}")


@dataclass(frozen=True)
class ValidPacket:
    packet_id: uuid.UUID
    office_code: str
    receipt_number: str
    service_type: str
    nik: str
    payload: str  # canonical JSON: the same packet always gives the same text
    payload_sha256: str


def _text(data: dict[str, Any], field: str, *, prefix: str, limit: int, required: bool = True) -> str:
    value = data.get(field, "")
    if not isinstance(value, str):
        raise InvalidPacket(prefix + field, "must be text")
    value = value.strip()
    if required and not value:
        raise InvalidPacket(prefix + field, "is required")
    if len(value) > limit:
        raise InvalidPacket(prefix + field, f"is longer than {limit} characters")
    return value


def _digits16(data: dict[str, Any], field: str) -> str:
    value = data.get(field)
    if not isinstance(value, str) or len(value) != 16 or not value.isdigit():
        raise InvalidPacket("person." + field, "must be 16 digits")
    return value


def _person(person: Any) -> str:
    if not isinstance(person, dict):
        raise InvalidPacket("person", "must be an object")
    nik = _digits16(person, "nik")
    _digits16(person, "kk_number")
    for field, limit in PERSON_TEXT_LIMITS.items():
        _text(person, field, prefix="person.", limit=limit, required=field != "birth_place")
    try:
        dt.date.fromisoformat(str(person.get("birth_date", "")))
    except ValueError:
        raise InvalidPacket("person.birth_date", "must be a date (YYYY-MM-DD)") from None
    if person.get("sex") not in ("M", "F"):
        raise InvalidPacket("person.sex", "must be M or F")
    return nik


def _biometrics(biometrics: Any) -> None:
    if not isinstance(biometrics, dict):
        raise InvalidPacket("biometrics", "must be an object")
    if not isinstance(biometrics.get("references"), dict) or not biometrics["references"]:
        raise InvalidPacket("biometrics.references", "must list the recording's files")
    photo = biometrics.get("photo")
    if not isinstance(photo, dict) or photo.get("format") != "png" or not isinstance(photo.get("data"), str):
        raise InvalidPacket("biometrics.photo", "must be a PNG in base64")
    if len(photo["data"]) > MAX_PHOTO_BYTES * 4 // 3 + 4:
        raise InvalidPacket("biometrics.photo", f"must be at most {MAX_PHOTO_BYTES // 1024} KiB")
    try:
        raw = base64.b64decode(photo["data"], validate=True)
    except (binascii.Error, ValueError):
        raise InvalidPacket("biometrics.photo", "is not valid base64") from None
    if not raw.startswith(PNG_SIGNATURE):
        raise InvalidPacket("biometrics.photo", "is not a PNG image")


def packet_id_of(packet: Any) -> str:
    """The packet's id as sent, for answering about a packet that is otherwise unreadable."""
    if isinstance(packet, dict) and isinstance(packet.get("packet_id"), str):
        return packet["packet_id"][:64]
    return ""


def validate_packet(packet: Any) -> ValidPacket:
    if not isinstance(packet, dict):
        raise InvalidPacket("packet", "must be an object")
    try:
        packet_id = uuid.UUID(str(packet.get("packet_id", "")))
    except ValueError:
        raise InvalidPacket("packet_id", "must be a UUID") from None
    office_code = _text(packet, "office_code", prefix="", limit=40)
    receipt_number = _text(packet, "receipt_number", prefix="", limit=20)
    service_type = packet.get("service_type")
    if service_type not in SERVICE_TYPES:
        raise InvalidPacket("service_type", "is not a card service")
    try:
        dt.datetime.fromisoformat(str(packet.get("captured_at", "")))
    except ValueError:
        raise InvalidPacket("captured_at", "must be an ISO 8601 timestamp") from None
    nik = _person(packet.get("person"))
    _biometrics(packet.get("biometrics"))
    payload = json.dumps(packet, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return ValidPacket(
        packet_id=packet_id,
        office_code=office_code,
        receipt_number=receipt_number,
        service_type=str(service_type),
        nik=nik,
        payload=payload,
        payload_sha256=hashlib.sha256(payload.encode()).hexdigest(),
    )


def fails_processing(packet_id: uuid.UUID, failed_rate: float) -> bool:
    """Whether the centre's processing of this packet fails. Decided by the packet id, so the same
    packet always gets the same answer (a re-delivery cannot change an outcome) and tests can
    force it with a rate of 0 or 1."""
    if failed_rate <= 0:
        return False
    draw = int.from_bytes(hashlib.sha256(packet_id.bytes).digest()[:8], "big") / 2**64
    return draw < failed_rate
