"""Consent and channel, recorded with who and when; refused when the citizen cannot be reached."""

from __future__ import annotations

import pytest

from loket import testing
from loket.core.errors import NotPermitted, ServiceError
from loket.notifications.models import Channel, ConsentEvent, ConsentSource, NotificationPreference
from loket.notifications.services import NO_EMAIL, NO_PHONE, destination_for, notification_preference_set

pytestmark = pytest.mark.django_db


def test_consent_is_recorded_with_who_and_when(citizen, operator):
    notification_preference_set(actor=operator, person=citizen, channel=Channel.WHATSAPP, consent=True)
    notification_preference_set(actor=operator, person=citizen, channel=Channel.WHATSAPP, consent=False)

    preference = NotificationPreference.objects.get(person=citizen)
    assert preference.consent is False
    events = list(ConsentEvent.objects.filter(person=citizen))
    assert [e.consent for e in events] == [True, False]
    assert all(e.recorded_by == operator and e.source == ConsentSource.COUNTER for e in events)


def test_sms_without_a_phone_number_is_refused(operator):
    person = testing.make_person(phone="")

    with pytest.raises(ServiceError) as refused:
        notification_preference_set(actor=operator, person=person, channel=Channel.SMS, consent=True)

    assert refused.value.message == str(NO_PHONE)
    assert not NotificationPreference.objects.filter(person=person).exists()


def test_email_without_an_address_is_refused(operator):
    person = testing.make_person(email="")

    with pytest.raises(ServiceError) as refused:
        notification_preference_set(actor=operator, person=person, channel=Channel.EMAIL, consent=True)

    assert refused.value.message == str(NO_EMAIL)


def test_a_role_without_access_to_personal_data_cannot_record_consent(citizen, sysadmin):
    with pytest.raises(NotPermitted):
        notification_preference_set(actor=sysadmin, person=citizen, channel=Channel.SMS, consent=True)


def test_an_unknown_channel_is_refused(citizen, operator):
    with pytest.raises(ServiceError):
        notification_preference_set(actor=operator, person=citizen, channel="pigeon", consent=True)


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        ("081234567890", "6281234567890"),
        ("+6281234567890", "6281234567890"),
        ("6281234567890", "6281234567890"),
    ],
)
def test_phone_numbers_are_given_to_gateways_as_62(phone, expected):
    person = testing.make_person(phone=phone)

    assert destination_for(person, Channel.SMS) == expected
