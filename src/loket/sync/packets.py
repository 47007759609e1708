"""What an enrollment packet contains (format version 1), built from the application at capture.

    {"packet_id", "version", "office_code", "receipt_number", "service_type", "captured_at",
     "person": {"nik", "kk_number", "full_name", "birth_place", "birth_date", "sex", "address"},
     "biometrics": {"references": {"store", "files"}, "photo": {"format": "png", "data": base64}}}

The references name the files the recording station keeps (face, ten fingerprints, both irises,
signature); here they are stand-ins, as is the photo (``photo.py``).
"""

from __future__ import annotations

import base64
import uuid
from typing import Any

from django.utils import timezone

from loket.applications.models import Application
from loket.sync.photo import photo_png

PACKET_VERSION = 1
BIOMETRIC_FILES = (
    "face.jp2",
    *(f"finger-{n:02d}.wsq" for n in range(1, 11)),
    "iris-left.jp2",
    "iris-right.jp2",
    "signature.png",
)


def packet_payload(*, packet_id: uuid.UUID, application: Application) -> dict[str, Any]:
    person = application.person
    return {
        "packet_id": str(packet_id),
        "version": PACKET_VERSION,
        "office_code": application.office.code,
        "receipt_number": application.receipt_number,
        "service_type": application.service_type,
        "captured_at": timezone.now().isoformat(),
        "person": {
            "nik": person.nik,
            "kk_number": person.kk_number,
            "full_name": person.full_name,
            "birth_place": person.birth_place,
            "birth_date": person.birth_date.isoformat(),
            "sex": person.sex,
            "address": person.address,
        },
        "biometrics": {
            "references": {
                "store": f"bio://{application.office.code}/{packet_id}",
                "files": list(BIOMETRIC_FILES),
            },
            "photo": {"format": "png", "data": base64.b64encode(photo_png(str(packet_id))).decode()},
        },
    }
