"""The citizen's own choice about messages, from the tracking page: stop them, or start them."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import signing

from loket import testing
from loket.notifications.models import ConsentEvent, ConsentSource, NotificationPreference
from loket.notifications.services import notification_preference_set
from loket.offices.models import Role
from loket.portal.message_choice import TOKEN_SALT, choice_token
from loket.portal.services import CHANNEL_NOT_OFFERED, CHOICE_EXPIRED

pytestmark = pytest.mark.django_db

BIRTH = dt.date(1990, 5, 17)
PHONE = "081299887766"
EMAIL = "siti@example.org"


@pytest.fixture
def person(db):
    return testing.make_person(birth_date=BIRTH, phone=PHONE, email="")


@pytest.fixture
def application(office, person):
    return testing.make_application(office=office, person=person)


def _consent(person, channel="whatsapp"):
    operator = testing.make_staff(role=Role.OPERATOR, office=person.applications.first().office)
    notification_preference_set(actor=operator, person=person, channel=channel, consent=True)


def _tracked_page(client, application):
    response = client.post(
        "/lacak/", {"receipt": application.receipt_number, "birth_date": BIRTH.isoformat()}
    )
    assert response.status_code == 200
    return response.content.decode()


def _token(page: str) -> str:
    marker = 'name="token" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


def test_a_citizen_who_agreed_can_stop_messages_and_it_is_kept_as_a_portal_consent_event(
    client, application, person
):
    _consent(person)
    page = _tracked_page(client, application)
    assert "WhatsApp" in page and 'value="stop"' in page

    response = client.post("/lacak/pesan/", {"token": _token(page), "action": "stop"})

    assert response.status_code == 200
    preference = NotificationPreference.objects.get(person=person)
    assert preference.consent is False and preference.channel == "whatsapp"
    last = ConsentEvent.objects.filter(person=person).last()
    assert (last.consent, last.source, last.recorded_by) == (False, ConsentSource.PORTAL, None)


def test_a_citizen_can_start_messages_by_a_channel_their_record_allows(client, application, person):
    page = _tracked_page(client, application)
    assert 'value="sms"' in page and 'value="whatsapp"' in page
    assert 'value="email"' not in page  # no email address on record

    response = client.post("/lacak/pesan/", {"token": _token(page), "action": "start", "channel": "sms"})

    assert response.status_code == 200
    preference = NotificationPreference.objects.get(person=person)
    assert (preference.consent, preference.channel) == (True, "sms")


def test_a_channel_without_a_destination_is_refused_and_nothing_is_written(client, application, person):
    token = _token(_tracked_page(client, application))

    response = client.post("/lacak/pesan/", {"token": token, "action": "start", "channel": "email"})

    assert response.status_code == 400
    assert str(CHANNEL_NOT_OFFERED) in response.content.decode()
    assert not NotificationPreference.objects.filter(person=person).exists()
    assert not ConsentEvent.objects.filter(person=person).exists()


def test_an_expired_or_forged_token_changes_nothing(client, application, person):
    _consent(person)
    # Far older than the token's half hour.
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        old = choice_token(application.pk)
    forged = signing.dumps({"a": application.pk}, salt="another-salt")
    events = ConsentEvent.objects.count()

    for token in (old, forged, "", "x" * 40):
        response = client.post("/lacak/pesan/", {"token": token, "action": "stop"})
        assert response.status_code == 400
        assert str(CHOICE_EXPIRED) in response.content.decode()

    assert NotificationPreference.objects.get(person=person).consent is True
    assert ConsentEvent.objects.count() == events


def test_the_choice_shows_channel_names_only_never_the_number_or_address(client, office):
    person = testing.make_person(birth_date=BIRTH, phone=PHONE, email=EMAIL)
    application = testing.make_application(office=office, person=person)

    page = _tracked_page(client, application)

    assert 'value="email"' in page
    for secret in (PHONE, "6281299887766", EMAIL, person.nik):
        assert secret not in page


def test_the_token_names_the_application_and_nothing_personal(application):
    value = signing.loads(choice_token(application.pk), salt=TOKEN_SALT)
    assert value == {"a": application.pk}


def test_an_unknown_action_is_refused(client, application):
    token = _token(_tracked_page(client, application))
    response = client.post("/lacak/pesan/", {"token": token, "action": "delete"})
    assert response.status_code == 400
    assert not NotificationPreference.objects.exists()


def test_the_choice_needs_a_post(client):
    assert client.get("/lacak/pesan/").status_code == 405
