"""Tracking: receipt and date of birth together, plain words, and nothing personal on the page."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from loket import testing
from loket.applications.lifecycle import Status
from loket.applications.receipts import format_receipt
from loket.notifications.services import overdue_check
from loket.portal.citizen_texts import CITIZEN_STATUS
from loket.portal.tests.helpers import advance
from loket.portal.views import NOT_FOUND

pytestmark = pytest.mark.django_db

BIRTH = dt.date(1990, 5, 17)
URL = "/lacak/"


@pytest.fixture
def person(db):
    return testing.make_person(
        birth_date=BIRTH,
        full_name="Siti Rahma Dewi",
        address="Jl. Lebung Gajah No. 12 RT 03",
        phone="081299887766",
        email="siti@example.org",
    )


@pytest.fixture
def application(office, person):
    return testing.make_application(office=office, person=person)


def _track(client, receipt, birth=BIRTH, address="10.0.0.1"):
    return client.post(URL, {"receipt": receipt, "birth_date": birth.isoformat()}, REMOTE_ADDR=address)


def test_it_shows_status_in_plain_words_with_receipt_and_birth_date(client, application):
    response = _track(client, application.receipt_number)

    assert response.status_code == 200
    page = response.content.decode()
    assert str(CITIZEN_STATUS[Status.SUBMITTED].explanation) in page
    assert format_receipt(application.receipt_number) in page
    assert "S. R. D." in page


def test_the_tracking_page_reveals_no_nik_name_address_phone_or_email(client, application, person):
    advance(application, Status.READY_FOR_PICKUP)

    page = _track(client, application.receipt_number).content.decode()

    assert str(CITIZEN_STATUS[Status.READY_FOR_PICKUP].title) in page
    for secret in (
        person.nik,
        person.masked_nik,
        person.kk_number,
        "Siti",
        "Rahma",
        "Lebung Gajah No. 12",
        "081299887766",
        "siti@example.org",
        "1990",
    ):
        assert secret not in page, secret


def test_the_receipt_is_accepted_in_any_format(client, application):
    sloppy = format_receipt(application.receipt_number).lower().replace("-", " ")

    response = _track(client, sloppy)

    assert str(CITIZEN_STATUS[Status.SUBMITTED].title) in response.content.decode()


def test_a_wrong_birth_date_looks_exactly_like_an_unknown_receipt(client, application):
    wrong_date = _track(client, application.receipt_number, birth=dt.date(1990, 5, 18)).content.decode()
    unknown = _track(client, "0000000000").content.decode()

    assert str(NOT_FOUND) in wrong_date
    assert str(NOT_FOUND) in unknown
    assert str(CITIZEN_STATUS[Status.SUBMITTED].title) not in wrong_date


def test_receipt_and_birth_date_are_never_read_from_the_url(client, application):
    response = client.get(URL, {"receipt": application.receipt_number, "birth_date": BIRTH.isoformat()})

    assert str(CITIZEN_STATUS[Status.SUBMITTED].title) not in response.content.decode()
    assert 'method="post"' in response.content.decode()


def test_missing_documents_are_listed_when_the_documents_are_incomplete(client, office, person):
    app = testing.make_application(office=office, person=person, fulfilled=False)
    advance(app, Status.DOCUMENTS_INCOMPLETE)

    page = _track(client, app.receipt_number).content.decode()

    assert "Kartu Keluarga" in page or "Family card" in page


def test_pickup_checklist_is_shown_when_the_card_is_ready(client, application):
    advance(application, Status.READY_FOR_PICKUP)

    response = _track(client, application.receipt_number)

    assert response.context["result"].pickup_checklist
    assert "surat kuasa" in response.content.decode() or "power of attorney" in response.content.decode()


def test_history_uses_citizen_words_not_staff_labels(client, application):
    advance(application, Status.RECEIVED_AT_CENTRAL)

    page = _track(client, application.receipt_number).content.decode()

    titles = [
        str(step.title) for step in _track(client, application.receipt_number).context["result"].history
    ]
    assert titles[-1] == str(CITIZEN_STATUS[Status.RECEIVED_AT_CENTRAL].title)
    assert "Received at central" not in page and "Diterima di pusat" not in page


def test_a_late_application_shows_the_apology_and_the_new_expected_date(client, application):
    with time_machine.travel(application.due_at + dt.timedelta(days=1)):
        overdue_check()
        result = _track(client, application.receipt_number).context["result"]

    assert result.revised_due_at is not None and result.revised_due_at > application.due_at


def test_the_tracking_page_is_never_cached(client, application):
    response = _track(client, application.receipt_number)

    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_a_form_error_is_shown_not_a_500(client):
    response = client.post(URL, {"receipt": "<script>", "birth_date": "31-02-1990"})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert "<script>" not in response.content.decode()


def test_tracking_refuses_a_post_without_csrf_token(application):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        URL, {"receipt": application.receipt_number, "birth_date": BIRTH.isoformat()}
    )

    assert response.status_code == 403


def test_reverse_names_resolve():
    assert reverse("portal:track") == URL
