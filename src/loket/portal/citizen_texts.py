"""The lifecycle in the citizen's words. Staff labels ("Sent for enrollment", "Print ready record")
are SIAK vocabulary; a citizen needs to know what is happening and whether they must do anything.
The tracking page and the notification texts both read from here."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from loket.applications.lifecycle import Status
from loket.offices.models import ServiceType


@dataclass(frozen=True)
class CitizenStatus:
    title: Promise
    explanation: Promise
    action_needed: bool = False  # the citizen must do something (come, bring a document)
    step: int = 0  # position in the procedure diagram (1-5), 0 when off the usual path


CITIZEN_STATUS: dict[str, CitizenStatus] = {
    Status.SUBMITTED: CitizenStatus(
        _("Application received"),
        _("We have received your application. An officer is checking your documents."),
        step=1,
    ),
    Status.DOCUMENTS_INCOMPLETE: CitizenStatus(
        _("Documents incomplete"),
        _("Some documents are still missing. Bring them to the office so we can continue."),
        action_needed=True,
        step=1,
    ),
    Status.DOCUMENTS_VERIFIED: CitizenStatus(
        _("Documents complete"),
        _(
            "Your documents are complete. Next, your photo, fingerprints, iris and signature are recorded "
            "at the office."
        ),
        step=2,
    ),
    Status.BIOMETRICS_CAPTURED: CitizenStatus(
        _("Recording done"),
        _(
            "Your photo, fingerprints, iris and signature have been recorded. The office sends your data "
            "to the central population system."
        ),
        step=2,
    ),
    Status.SENT_FOR_ENROLLMENT: CitizenStatus(
        _("Sent to the centre"),
        _("Your data has been sent to the central population system (Dukcapil) for checking."),
        step=3,
    ),
    Status.RECEIVED_AT_CENTRAL: CitizenStatus(
        _("Being processed at the centre"),
        _(
            "Your data is being processed at the centre (Dukcapil pusat). This step happens outside the "
            "office and can take a few days. You do not need to do anything."
        ),
        step=3,
    ),
    Status.ADJUDICATION: CitizenStatus(
        _("Being checked at the centre"),
        _(
            "The centre is checking your data by hand. This can take some time. You do not need to do "
            "anything; we will let you know."
        ),
        step=3,
    ),
    Status.DUPLICATE_RECORD: CitizenStatus(
        _("Duplicate data: please visit the office"),
        _(
            "The centre found a second recording of your data (this often happens after a move or a "
            "second recording). Your card cannot be printed until this is resolved. Please come to the "
            "office with your family card (KK) and your old e-KTP if you have one."
        ),
        action_needed=True,
        step=3,
    ),
    Status.ENROLLMENT_FAILED: CitizenStatus(
        _("Recording must be repeated"),
        _(
            "The centre could not process your recording. Please come to the office to be recorded "
            "again; the office will also contact you."
        ),
        action_needed=True,
        step=2,
    ),
    Status.PRINT_READY: CitizenStatus(
        _("Data verified, waiting to be printed"),
        _("The centre has verified your data. Your card is waiting to be printed at the office."),
        step=4,
    ),
    Status.PRINTED: CitizenStatus(
        _("Card printed"),
        _("Your card has been printed and is being checked before it is handed over."),
        step=4,
    ),
    Status.READY_FOR_PICKUP: CitizenStatus(
        _("Ready to collect"),
        _("Your card is ready. Come and collect it at the office during opening hours."),
        action_needed=True,
        step=5,
    ),
    Status.ISSUED: CitizenStatus(
        _("Handed over"),
        _("Your card has been handed over. Thank you for your patience."),
        step=5,
    ),
    Status.CANCELLED: CitizenStatus(
        _("Application closed"),
        _("This application was closed. If you did not expect this, please contact the office."),
    ),
}

IKD_ISSUED = CitizenStatus(
    _("Digital ID activated"), _("Your digital identity (IKD) has been activated. Thank you."), step=5
)
IKD_VERIFIED = CitizenStatus(
    _("Documents complete"),
    _(
        "Your documents are complete. The officer activates your digital identity (IKD) with you at "
        "the office."
    ),
    step=2,
)


def citizen_status(status: str, *, service_type: str = "") -> CitizenStatus:
    if service_type == ServiceType.IKD and status == Status.ISSUED:
        return IKD_ISSUED
    if service_type == ServiceType.IKD and status == Status.DOCUMENTS_VERIFIED:
        return IKD_VERIFIED
    return CITIZEN_STATUS[Status(status)]


# The five steps of the procedure as the portal draws them.
PROCEDURE_STEPS: tuple[tuple[Promise, Promise], ...] = (
    (_("Register"), _("At the counter: documents checked, receipt given")),
    (_("Record"), _("Photo, fingerprints, iris, signature")),
    (_("Central check"), _("Data checked by Dukcapil pusat")),
    (_("Print"), _("Card printed at the office")),
    (_("Collect"), _("Card handed over; fingerprint checked")),
)


# The diagram is drawn for a phone: 320 units wide, so text is at its real size on a 360px screen.
# SVG does not wrap text, so each step's description is cut into lines here (in the page's language).
DIAGRAM_STEP = 100
DIAGRAM_HEIGHT = len(PROCEDURE_STEPS) * DIAGRAM_STEP - 16
DIAGRAM_LINE = 34  # characters per line at 13px in the 255-unit text column


@dataclass(frozen=True)
class DiagramStep:
    number: int
    top: int
    title: str
    lines: list[tuple[int, str]]  # (y, text)


def procedure_diagram() -> list[DiagramStep]:
    steps = []
    for index, (title, text) in enumerate(PROCEDURE_STEPS):
        lines = textwrap.wrap(str(text), DIAGRAM_LINE)[:2]
        steps.append(
            DiagramStep(
                number=index + 1,
                top=index * DIAGRAM_STEP,
                title=str(title),
                lines=[(50 + 17 * n, line) for n, line in enumerate(lines)],
            )
        )
    return steps


def pickup_checklist(service_type: str) -> list[Promise]:
    """What to bring to collect the card (the identity checks of ``applications.Pickup``)."""
    items: list[Promise] = [_("The receipt (tanda terima) of your application")]
    if service_type in (ServiceType.DAMAGED, ServiceType.DATA_CHANGE):
        items.append(_("Your old e-KTP, if you still have it: it is taken back when you receive the new one"))
    items.append(_("The Suket (temporary certificate), if you were given one"))
    items.append(_("Coming yourself: your fingerprint is checked when the card is handed over"))
    items.append(
        _(
            "Someone collecting for you brings your family card (KK), a power of attorney signed by you, "
            "and their own e-KTP"
        )
    )
    return items


def pickup_summary() -> Promise:
    """The checklist in one line, short enough for a message."""
    return _("the receipt, the Suket if you have one, and your old e-KTP if you still have it")


def initials(full_name: str) -> str:
    """ "Siti Rahma Dewi" -> "S. R. D.": enough for a citizen to recognise their application."""
    return " ".join(f"{word[0].upper()}." for word in full_name.split() if word[:1].isalpha())
