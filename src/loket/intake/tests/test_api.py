from __future__ import annotations

import datetime as dt

import pytest

from loket import testing
from loket.intake.models import Ticket, TicketStatus
from loket.intake.services import ticket_issue
from loket.intake.tests.conftest import MONDAY
from loket.offices.models import Role


@pytest.fixture
def api(client, operator):
    client.force_login(operator)
    return client


def test_a_station_is_driven_through_the_api(api, office, service_new, counter, recording, clock):
    ticket_issue(office=office, service=service_new)
    ticket_issue(office=office, service=service_new, priority_reason="disabled")
    queue = api.get(f"/api/intake/stations/{counter.pk}/queue").json()
    assert [t["number"] for t in queue["waiting"]] == ["A-002", "A-001"]
    answer = api.post(f"/api/intake/stations/{counter.pk}/call-next")
    assert answer.status_code == 200 and answer.json()["active"]["number"] == "A-002"
    api.post(f"/api/intake/stations/{counter.pk}/start")
    moved = api.post(
        f"/api/intake/stations/{counter.pk}/transfer",
        {"to_kind": "recording"},
        content_type="application/json",
    )
    assert moved.json()["active"] is None
    called = api.post(
        f"/api/intake/stations/{counter.pk}/call-number", {"number": "A-001"}, content_type="application/json"
    )
    assert called.json()["active"]["number"] == "A-001"


def test_a_refusal_is_a_json_error_in_the_users_language(api, office, intake, counter, clock):
    answer = api.post(f"/api/intake/stations/{counter.pk}/call-next", HTTP_ACCEPT_LANGUAGE="id")
    assert answer.status_code == 400
    assert answer.json()["code"] == "nobody_waiting"


def test_an_unknown_action_is_rejected(api, office, intake, counter, clock):
    assert api.post(f"/api/intake/stations/{counter.pk}/explode").status_code in (404, 422)


def test_the_api_needs_staff_of_the_office(client, office, other_office, counter, clock):
    assert client.get(f"/api/intake/stations/{counter.pk}/queue").status_code == 401
    client.force_login(testing.make_staff(role=Role.OPERATOR, office=other_office))
    assert client.get(f"/api/intake/stations/{counter.pk}/queue").status_code == 404
    assert client.post(f"/api/intake/stations/{counter.pk}/call-next").status_code == 404
    assert not Ticket.objects.filter(status=TicketStatus.CALLED).exists()


def test_a_ticket_progress_is_public_by_token(client, office, service_new, clock):
    ticket_issue(office=office, service=service_new)
    second = ticket_issue(office=office, service=service_new)
    body = client.get(f"/api/intake/tickets/{second.token}").json()
    assert body["number"] == "A-002" and body["people_ahead"] == 1 and body["wait"]["rough"] is True
    assert client.get("/api/intake/tickets/unknown").status_code == 404


def test_free_slots_are_public_and_only_within_the_horizon(client, office, intake, clock):
    tuesday = (MONDAY + dt.timedelta(days=1)).isoformat()
    slots = client.get(f"/api/intake/offices/{office.code}/slots", {"date": tuesday}).json()
    assert len(slots) == 14 and slots[0]["free"] == 1
    far = client.get(f"/api/intake/offices/{office.code}/slots", {"date": "2030-01-07"}).json()
    assert far == []
