"""Kiosk, ticket pages, display board: what citizens see, and what they cannot do."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from loket.intake.models import Ticket
from loket.intake.services import ticket_call_next, ticket_issue
from loket.intake.tests.conftest import CUTI_BERSAMA, at
from loket.intake.views.common import KIOSK_COOKIE, kiosk_cookie_value, public_url, qr_svg


@pytest.fixture
def kiosk_client(client, office):
    client.cookies[KIOSK_COOKIE] = kiosk_cookie_value(office.pk)
    return client


def test_the_kiosk_shows_every_service_with_its_queue(client, office, intake, clock):
    response = client.get(reverse("intake:kiosk", args=[office.code]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Perekaman" in page or "KTP" in page
    assert page.count('name="service"') == 7


def test_a_device_that_is_not_enrolled_cannot_issue_tickets(client, office, service_new, clock):
    response = client.post(reverse("intake:kiosk", args=[office.code]), {"service": service_new.pk})
    assert response.status_code == 403
    assert not Ticket.objects.exists()


def test_a_kiosk_of_another_office_cannot_issue_here(client, office, other_office, service_new, clock):
    client.cookies[KIOSK_COOKIE] = kiosk_cookie_value(other_office.pk)
    response = client.post(reverse("intake:kiosk", args=[office.code]), {"service": service_new.pk})
    assert response.status_code == 403


def test_a_forged_kiosk_cookie_is_ignored(client, office, service_new, clock):
    client.cookies[KIOSK_COOKIE] = f'{{"office": {office.pk}}}'
    response = client.post(reverse("intake:kiosk", args=[office.code]), {"service": service_new.pk})
    assert response.status_code == 403


def test_staff_enrol_the_kiosk_device(client, office, operator, service_new, clock):
    client.force_login(operator)
    response = client.post(reverse("intake:kiosk_enrol", args=[office.code]))
    assert response.status_code == 302 and KIOSK_COOKIE in response.cookies
    kiosk = Client()  # the staff member has gone: only the device cookie remains
    kiosk.cookies[KIOSK_COOKIE] = response.cookies[KIOSK_COOKIE].value
    kiosk.post(reverse("intake:kiosk", args=[office.code]), {"service": service_new.pk})
    assert Ticket.objects.count() == 1


def test_staff_of_another_office_cannot_enrol_a_kiosk(client, office, other_office, clock):
    from loket import testing
    from loket.offices.models import Role

    client.force_login(testing.make_staff(role=Role.OPERATOR, office=other_office))
    response = client.post(reverse("intake:kiosk_enrol", args=[office.code]))
    assert response.status_code == 403 and KIOSK_COOKIE not in response.cookies


def test_taking_a_ticket_leads_to_its_printable_slip(kiosk_client, office, service_new, clock):
    response = kiosk_client.post(
        reverse("intake:kiosk", args=[office.code]), {"service": service_new.pk, "priority": "pregnant"}
    )
    ticket = Ticket.objects.get()
    assert ticket.priority_reason == "pregnant"
    assert response.status_code == 302 and ticket.token in response["Location"]
    slip = kiosk_client.get(response["Location"]).content.decode()
    assert "A-001" in slip and "<svg" in slip and "@page" in slip
    assert qr_svg(public_url("intake:ticket", ticket.token), scale=3) in slip  # the QR leads to the live page


def test_the_kiosk_says_why_there_is_no_ticket_when_closed(kiosk_client, office, service_new, clock):
    clock.move_to(at(9, day=CUTI_BERSAMA))
    response = kiosk_client.post(reverse("intake:kiosk", args=[office.code]), {"service": service_new.pk})
    assert response.status_code == 400
    assert "Eid" in response.content.decode() or "Idul" in response.content.decode()
    assert not Ticket.objects.exists()


def test_the_kiosk_refuses_a_missing_or_foreign_service(kiosk_client, office, other_office, clock):
    from loket.intake.models import QueueService
    from loket.intake.services import intake_setup

    intake_setup(other_office)
    foreign = QueueService.objects.filter(office=other_office).first()
    for data in ({}, {"service": "x"}, {"service": foreign.pk}):
        response = kiosk_client.post(reverse("intake:kiosk", args=[office.code]), data)
        assert response.status_code == 400
    assert not Ticket.objects.exists()


def test_the_live_ticket_page_follows_the_ticket(client, office, service_new, operator, counter, clock):
    first = ticket_issue(office=office, service=service_new)
    second = ticket_issue(office=office, service=service_new)
    page = client.get(reverse("intake:ticket", args=[second.token])).content.decode()
    assert "A-002" in page and "1" in page
    ticket_call_next(actor=operator, station=counter)
    fragment = client.get(reverse("intake:ticket", args=[first.token]), HTTP_HX_REQUEST="true")
    assert counter.name in fragment.content.decode()
    assert "<html" not in fragment.content.decode()


def test_the_live_ticket_page_says_when_the_turn_is_near_and_marks_it_for_the_alert(
    client, office, service_new, operator, counter, clock
):
    tickets = [ticket_issue(office=office, service=service_new) for _ in range(5)]
    url = reverse("intake:ticket", args=[tickets[-1].token])

    four_ahead = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    ticket_call_next(actor=operator, station=counter)
    three_ahead = client.get(url, HTTP_HX_REQUEST="true").content.decode()

    assert "data-alert" not in four_ahead and "4 orang" in four_ahead
    assert 'data-alert="near-registration"' in three_ahead and "Giliran Anda sebentar lagi" in three_ahead
    page = client.get(url).content.decode()
    assert "intake/ticket.js" in page and "data-alerts-on" in page


def test_an_unknown_ticket_token_is_not_found(client, db):
    assert client.get(reverse("intake:ticket", args=["nope"])).status_code == 404


def test_the_board_shows_stations_next_numbers_and_hours(
    client, office, service_new, operator, counter, clock
):
    ticket_issue(office=office, service=service_new)
    ticket_issue(office=office, service=service_new)
    ticket_call_next(actor=operator, station=counter)
    page = client.get(reverse("intake:board", args=[office.code])).content.decode()
    assert "A-001" in page and "A-002" in page
    assert "08.00–16.00" in page and "12.00–13.00" in page


def test_a_new_ticket_changes_the_board_version(client, office, service_new, clock):
    url = reverse("intake:board_state", args=[office.pk])
    version = client.get(url).json()["v"]
    ticket_issue(office=office, service=service_new)
    state = client.get(url, {"v": version}).json()
    assert state["v"] != version and state["queues"][0]["next"] == ["A-001"]


def test_an_unchanged_board_costs_one_query(client, office, intake, clock):
    url = reverse("intake:board_state", args=[office.pk])
    version = client.get(url).json()["v"]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"v": version})
    assert response.json() == {"v": version}
    assert len(queries) == 1


def test_a_call_changes_the_board_state_with_the_spoken_text(
    client, office, service_new, operator, counter, clock
):
    url = reverse("intake:board_state", args=[office.pk])
    version = client.get(url).json()["v"]
    ticket_issue(office=office, service=service_new)
    ticket_call_next(actor=operator, station=counter)
    state = client.get(url, {"v": version}).json()
    assert state["v"] != version
    assert state["calls"][0]["number"] == "A-001"
    assert state["calls"][0]["text"] == "Nomor antrian A nol nol satu, silakan ke loket satu"
    assert {"name": counter.name, "serving": "A-001"}.items() <= state["stations"][0].items()
    assert "Cache-Control" in client.get(url).headers


def test_the_board_state_of_an_unknown_office_is_not_found(client, db):
    assert client.get(reverse("intake:board_state", args=[999999])).status_code == 404


def test_public_pages_carry_no_personal_data(client, office, service_new, clock):
    ticket = ticket_issue(office=office, service=service_new)
    pages = [
        client.get(reverse("intake:ticket", args=[ticket.token])).content.decode(),
        json.dumps(client.get(reverse("intake:board_state", args=[office.pk])).json()),
    ]
    for page in pages:
        assert "nik" not in page.lower()
