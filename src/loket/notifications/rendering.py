"""Filling a message text in. Administrators write ``{receipt}``-style placeholders; only the names
listed here are replaced, by plain string substitution (no template language, so an edited text can
neither run code nor reach other data), and the admin refuses a text with an unknown name."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from loket.notifications.models import Channel, Kind, MessageTemplate

COMMON = ("receipt", "service", "office", "office_phone", "office_address", "track_url")
# A booking may have no application yet: its messages name the booking, not a receipt.
BOOKING = ("code", "service", "office", "office_phone", "office_address", "date", "time", "booking_url")
PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    Kind.DOCUMENTS_INCOMPLETE: (*COMMON, "missing"),
    Kind.READY_FOR_PICKUP: (*COMMON, "bring"),
    Kind.DUPLICATE_RECORD: COMMON,
    Kind.OVERDUE: (*COMMON, "due_date", "new_due_date"),
    Kind.SURVEY_INVITATION: (*COMMON, "survey_url"),
    Kind.BOOKING_REMINDER: BOOKING,
    Kind.BOOKING_DAY_CLOSED: (*BOOKING, "reason"),
    Kind.TURN_NEAR: ("number", "ahead", "office", "service", "ticket_url"),
}
UNKNOWN_PLACEHOLDER = _("Unknown placeholder {%(name)s}. This message may use: %(allowed)s.")

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def check_placeholders(kind: str, texts: Mapping[str, str]) -> None:
    allowed = PLACEHOLDERS.get(kind, COMMON)
    errors: dict[str, list[ValidationError]] = {}
    for field, text in texts.items():
        for name in _PLACEHOLDER.findall(text or ""):
            if name not in allowed:
                errors.setdefault(field, []).append(
                    ValidationError(
                        UNKNOWN_PLACEHOLDER,
                        code="unknown_placeholder",
                        params={"name": name, "allowed": ", ".join(f"{{{a}}}" for a in allowed)},
                    )
                )
    if errors:
        raise ValidationError(errors)


def fill(text: str, context: Mapping[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: context.get(m.group(1), m.group(0)), text)


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


def render(*, kind: str, language: str, channel: str, context: Mapping[str, str]) -> Rendered:
    """The message for ``channel`` in ``language``, from the administrator's text or the default."""
    from loket.notifications.defaults import DEFAULT_TEXTS

    row = MessageTemplate.objects.filter(kind=kind, language=language).first()
    if row is not None:
        subject, body, sms_body = row.subject, row.body, row.sms_body
    else:
        subject, body, sms_body = DEFAULT_TEXTS[Kind(kind)].get(language) or DEFAULT_TEXTS[Kind(kind)]["id"]
    text = sms_body if channel == Channel.SMS else body
    return Rendered(
        subject=fill(subject, context) if channel == Channel.EMAIL else "", body=fill(text, context)
    )
