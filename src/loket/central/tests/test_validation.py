"""What the centre accepts as a packet (pure, no database)."""

from __future__ import annotations

import base64
import uuid

import pytest

from loket.central.validation import InvalidPacket, fails_processing, validate_packet

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(64)).decode()


def packet(**changes):
    base = {
        "packet_id": str(uuid.uuid4()),
        "office_code": "zona-8",
        "receipt_number": "7K3QM9XD2A",
        "service_type": "new",
        "captured_at": "2024-05-02T09:15:00+07:00",
        "person": {
            "nik": "1671161705900001",
            "kk_number": "1671160101200001",
            "full_name": "Budi Santoso",
            "birth_place": "Palembang",
            "birth_date": "1990-05-17",
            "sex": "M",
            "address": "Jl. Lebung Gajah No. 1",
        },
        "biometrics": {
            "references": {"store": "bio://x", "files": ["face.jp2"]},
            "photo": {"format": "png", "data": PNG},
        },
    }
    for key, value in changes.items():
        if key.startswith("person__"):
            base["person"] = {**base["person"], key.removeprefix("person__"): value}
        else:
            base[key] = value
    return base


def test_a_complete_packet_is_accepted_with_its_nik_and_a_stable_fingerprint():
    data = packet()
    first, again = validate_packet(data), validate_packet(dict(reversed(list(data.items()))))
    assert first.nik == "1671161705900001" and first.service_type == "new"
    assert first.payload_sha256 == again.payload_sha256  # key order does not matter


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"packet_id": "not-a-uuid"}, "packet_id"),
        ({"service_type": "ikd"}, "service_type"),
        ({"captured_at": "yesterday"}, "captured_at"),
        ({"person__nik": "16711617059000"}, "person.nik"),
        ({"person__kk_number": "x" * 16}, "person.kk_number"),
        ({"person__full_name": "  "}, "person.full_name"),
        ({"person__birth_date": "17-05-1990"}, "person.birth_date"),
        ({"person__sex": "X"}, "person.sex"),
        ({"person": "Budi"}, "person"),
        (
            {"biometrics": {"references": {}, "photo": {"format": "png", "data": PNG}}},
            "biometrics.references",
        ),
        (
            {"biometrics": {"references": {"a": 1}, "photo": {"format": "png", "data": "@@@"}}},
            "biometrics.photo",
        ),
        (
            {
                "biometrics": {
                    "references": {"a": 1},
                    "photo": {"format": "png", "data": base64.b64encode(b"GIF89a").decode()},
                }
            },
            "biometrics.photo",
        ),
    ],
)
def test_a_malformed_packet_is_refused_naming_the_field(changes, field):
    with pytest.raises(InvalidPacket) as caught:
        validate_packet(packet(**changes))
    assert caught.value.field == field


def test_a_refusal_never_repeats_the_value_it_refused():
    with pytest.raises(InvalidPacket) as caught:
        validate_packet(packet(person__nik="1671161705900"))
    assert "1671161705900" not in str(caught.value)


def test_processing_failure_is_decided_by_the_packet_id_alone():
    ids = [uuid.uuid4() for _ in range(2000)]
    failed = [i for i in ids if fails_processing(i, 0.25)]
    assert 400 < len(failed) < 600
    assert failed == [i for i in ids if fails_processing(i, 0.25)]  # the same packet, the same answer
    assert not any(fails_processing(i, 0.0) for i in ids)
    assert all(fails_processing(i, 1.0) for i in ids)
