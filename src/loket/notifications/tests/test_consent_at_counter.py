"""Consent to messages is recorded at the counter, with the registration, or not at all."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from loket import testing
from loket.applications.models import Application
from loket.applications.services import application_register
from loket.applications.services.registration import ContactChoice
from loket.core.errors import ServiceError
from loket.notifications.models import ConsentEvent, NotificationPreference
from loket.people.models import Person

pytestmark = pytest.mark.django_db

BIRTH = dt.date(1995, 3, 8)


def _form(**overrides):
    data = {
        "service_type": "new",
        "channel": "walk_in",
        "fulfilled": ["age_or_married", "kk"],
        "nik": testing.nik_for(birth_date=BIRTH, sex="F", serial=41),
        "kk_number": "1671160101200001",
        "full_name": "Rina Marlina",
        "birth_place": "Palembang",
        "birth_date": BIRTH.isoformat(),
        "sex": "F",
        "address": "Jl. Sukamulya 2",
        "phone": "081298765432",
        "email": "",
    }
    data.update(overrides)
    return data


def test_it_records_the_channel_the_citizen_chose_at_the_counter(client, office, operator):
    client.force_login(operator)
    client.post(reverse("workspace:application_new"), _form(notify_channel="whatsapp", notify_language="en"))

    preference = NotificationPreference.objects.get(person__full_name="Rina Marlina")
    assert (preference.channel, preference.consent, preference.language) == ("whatsapp", True, "en")
    assert ConsentEvent.objects.filter(person=preference.person).count() == 1


def test_no_channel_chosen_means_no_consent_recorded(client, office, operator):
    client.force_login(operator)
    client.post(reverse("workspace:application_new"), _form())

    assert Application.objects.count() == 1
    assert not NotificationPreference.objects.exists()


def test_email_messages_without_an_address_are_refused_on_the_form_and_nothing_is_written(
    client, office, operator
):
    client.force_login(operator)
    response = client.post(reverse("workspace:application_new"), _form(notify_channel="email"))

    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not Person.objects.exists() and not Application.objects.exists()


def test_a_refused_consent_rolls_the_whole_registration_back(office, operator):
    # Through the service directly (an API client, say): the receiver's refusal undoes everything.
    with pytest.raises(ServiceError):
        application_register(
            actor=operator,
            office=office,
            service_type="new",
            nik=_form()["nik"],
            kk_number="1671160101200001",
            full_name="Rina Marlina",
            birth_date=BIRTH,
            sex="F",
            address="Jl. Sukamulya 2",
            phone="",
            fulfilled=["age_or_married", "kk"],
            contact=ContactChoice(channel="sms"),
        )
    assert not Person.objects.exists() and not Application.objects.exists()
