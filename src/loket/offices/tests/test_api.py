"""/api/offices/: the caller, the offices they may see, and their stations."""

from __future__ import annotations

import pytest

from loket import testing
from loket.applications.tests.apiclient import Api, basic_header
from loket.offices.models import Role

pytestmark = pytest.mark.django_db


def test_me_gives_role_office_and_what_the_caller_sees(operator, office):
    body = Api(operator).get("offices/me").json()

    assert body["username"] == operator.username
    assert (body["role"], body["role_label"]) == ("operator", "Counter operator")
    assert body["office"] == {"id": office.pk, "code": "zona-8", "name": "UPT Zona VIII"}
    assert (body["sees_all_offices"], body["sees_personal_data"]) == (False, True)
    assert body["language"] == "en"


def test_me_for_the_system_admin_has_no_office_and_no_personal_data(sysadmin):
    body = Api(sysadmin).get("offices/me").json()

    assert body["office"] is None
    assert (body["sees_all_offices"], body["sees_personal_data"]) == (True, False)


def test_me_speaks_indonesian_by_default(operator):
    body = Api(operator, language="").get("offices/me").json()

    assert body["language"] == "id"


def test_me_works_with_basic_auth(head):
    response = Api().get("offices/me", Authorization=basic_header(head.username))

    assert response.status_code == 200 and response.json()["role"] == "head"


def test_office_bound_staff_see_only_their_own_office(operator, office, other_office):
    body = Api(operator).get("offices/").json()

    assert body["count"] == 1
    assert [item["code"] for item in body["items"]] == ["zona-8"]


def test_the_city_admin_sees_every_active_office(city_admin, office, other_office):
    testing.make_office(code="tutup", is_active=False)

    body = Api(city_admin).get("offices/").json()

    assert sorted(item["code"] for item in body["items"]) == ["zona-1", "zona-8"]


def test_office_list_paginates(city_admin, office, other_office):
    body = Api(city_admin).get("offices/", {"limit": 1, "offset": 1}).json()

    assert body["count"] == 2 and len(body["items"]) == 1
    assert Api(city_admin).get("offices/", {"limit": 1000}).status_code == 422


def test_office_detail_has_hours_and_service_standards(operator, office):
    body = Api(operator).get(f"offices/{office.pk}").json()

    assert [h["weekday"] for h in body["opening_hours"]] == [0, 1, 2, 3, 4]
    assert body["opening_hours"][0]["opens"] == "08:00:00"
    standards = {st["service_type"]: (st["amount"], st["unit"]) for st in body["service_standards"]}
    assert standards["new"] == (5, "working_days")


def test_another_office_is_404(operator, other_office):
    api = Api(operator)

    assert api.get(f"offices/{other_office.pk}").status_code == 404
    assert api.get(f"offices/{other_office.pk}/stations").status_code == 404


def test_stations_of_the_office(operator, office):
    office.stations.filter(number=3).update(in_service=False, out_of_service_reason="Printer rusak")

    body = Api(operator).get(f"offices/{office.pk}/stations").json()

    assert [(s["number"], s["kind"]) for s in body] == [(1, "registration"), (2, "recording"), (3, "print")]
    assert (body[2]["in_service"], body[2]["out_of_service_reason"]) == (False, "Printer rusak")


def test_the_system_admin_sees_offices_and_stations(sysadmin, office):
    api = Api(sysadmin)

    assert api.get(f"offices/{office.pk}").status_code == 200
    assert len(api.get(f"offices/{office.pk}/stations").json()) == 3


def test_anonymous_callers_get_401(office):
    assert Api().get("offices/").status_code == 401
    assert Api().get(f"offices/{office.pk}/stations").status_code == 401


@pytest.mark.parametrize("office_id", [str(10**30), "0"])
def test_impossible_office_ids_are_404(operator, office_id):
    assert Api(operator).get(f"offices/{office_id}").status_code == 404


def test_recording_officer_sees_their_office(office):
    recorder = testing.make_staff(role=Role.RECORDING_OFFICER, office=office)

    assert Api(recorder).get("offices/").json()["count"] == 1
