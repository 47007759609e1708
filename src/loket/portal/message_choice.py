"""The citizen's own say over messages, from the tracking page: stop them, or start them.

Tracking has just proved who is asking (receipt number and date of birth together). The page then
carries a signed, short-lived token naming the application, so the choice needs neither the date of
birth again nor anything personal in a URL, and a token cannot be made up for another application.
Which channels can be offered is read from the person's record, but only the channel names reach
the page, never the number or the address.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing

from loket.notifications.models import Channel, NotificationPreference
from loket.notifications.services import destination_for
from loket.people.models import Person

TOKEN_SALT = "loket.portal.message-choice"  # noqa: S105 (a signing namespace, not a secret)
TOKEN_MAX_AGE = 30 * 60  # seconds: long enough to read the page, short enough to not matter if copied


@dataclass(frozen=True)
class MessageChoice:
    token: str
    consent: bool
    channel: str  # the chosen channel's value, "" when none was ever chosen
    channel_label: str
    channels: list[tuple[str, str]]  # (value, label) the citizen can choose: those with a destination


def choice_token(application_id: int) -> str:
    return signing.dumps({"a": application_id}, salt=TOKEN_SALT, compress=True)


def person_for_token(token: str) -> Person | None:
    """The person of the application the token names, or None when it is forged or too old."""
    try:
        value = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:  # also SignatureExpired
        return None
    pk = value.get("a") if isinstance(value, dict) else None
    return _person_of(pk) if isinstance(pk, int) else None


def _person_of(application_id: int) -> Person | None:
    return Person.objects.filter(applications__pk=application_id).first()


def available_channels(person: Person) -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in Channel.choices if destination_for(person, value)]


def message_choice(application_id: int) -> MessageChoice | None:
    """What the tracking page offers; the person's number and address are read to know which channels
    can work, and stay here."""
    person = _person_of(application_id)
    if person is None:
        return None
    preference = NotificationPreference.objects.filter(person=person).first()
    channel = preference.channel if preference else ""
    return MessageChoice(
        token=choice_token(application_id),
        consent=bool(preference and preference.consent),
        channel=channel,
        channel_label=str(Channel(channel).label) if channel else "",
        channels=available_channels(person),
    )
