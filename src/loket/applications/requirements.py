"""What a citizen must bring for each service type (Perpres 96/2018 as Disdukcapil offices publish
it). The portal shows the same list, so the counter and the public page never disagree."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from loket.offices.models import ServiceType


@dataclass(frozen=True)
class Requirement:
    code: str
    label: Promise
    help: Promise | str = ""


KK = Requirement("kk", _("Family card (KK), original or photocopy"))
AGE_OR_MARRIED = Requirement(
    "age_or_married",
    _("Aged 17 or over, or married or previously married"),
    _("Checked against the KK and date of birth."),
)
POLICE_REPORT = Requirement("police_report", _("Police report of the loss (surat keterangan kehilangan)"))
DAMAGED_CARD = Requirement("damaged_card", _("The damaged e-KTP"))
OLD_CARD = Requirement("old_card", _("The current e-KTP"))
SUPPORTING_DOCUMENT = Requirement(
    "supporting_document",
    _("Document supporting the change (marriage certificate, diploma, court decision ...)"),
)
MOVING_CERTIFICATE = Requirement("moving_certificate", _("Certificate of moving (SKPWNI)"))
RECORDED_BIOMETRICS = Requirement("recorded_biometrics", _("Biometrics already recorded (check in SIAK)"))
PHONE = Requirement("smartphone", _("A smartphone with an active number, brought to the office"))
EMAIL = Requirement("email", _("An active email address"))

REQUIREMENTS: dict[str, tuple[Requirement, ...]] = {
    ServiceType.NEW: (AGE_OR_MARRIED, KK),
    ServiceType.DAMAGED: (DAMAGED_CARD, KK),
    ServiceType.LOST: (POLICE_REPORT, KK),
    ServiceType.DATA_CHANGE: (OLD_CARD, SUPPORTING_DOCUMENT, KK),
    ServiceType.MOVING_IN: (MOVING_CERTIFICATE, KK),
    ServiceType.IKD: (RECORDED_BIOMETRICS, PHONE, EMAIL),
}


def requirements_for(service_type: str) -> tuple[Requirement, ...]:
    return REQUIREMENTS[ServiceType(service_type)]


def requirement_codes(service_type: str) -> list[str]:
    return [r.code for r in requirements_for(service_type)]
