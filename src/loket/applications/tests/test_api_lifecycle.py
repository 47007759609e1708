"""Registering, the requirement checklist and lifecycle transitions through the API. Each refusal
is the service's, with its code and its message in the caller's language."""

from __future__ import annotations

import datetime as dt

import pytest

from loket import testing
from loket.applications.lifecycle import CLOSED_STATUSES, TRANSITIONS, Source, Status
from loket.applications.models import Application
from loket.applications.services.lifecycle import STALE_STATUS, USE_DEDICATED_ACTION
from loket.applications.tests.apiclient import Api, advance, message_in
from loket.offices.access import ROLE_NOT_ALLOWED
from loket.offices.models import Role, StationKind
from loket.people.models import Person

pytestmark = pytest.mark.django_db

BIRTH = dt.date(1990, 5, 17)


def _registration(**changes):
    body = {
        "service_type": "new",
        "nik": testing.nik_for(birth_date=BIRTH, sex="F", serial=4242),
        "kk_number": "1671160101200001",
        "full_name": "  Dewi   Lestari ",
        "birth_date": BIRTH.isoformat(),
        "sex": "F",
        "address": "Jl. Srimulya No. 3",
        "phone": "0812-3456-7890",
        "fulfilled": ["age_or_married", "kk"],
    }
    body.update(changes)
    return body


@pytest.fixture
def app(office, operator):
    return testing.make_application(office=office, actor=operator)


# Registration ------------------------------------------------------------------------------------


def test_register_creates_the_person_and_the_application(office, operator):
    response = Api(operator).post("applications/", _registration())

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "submitted" and body["person"]["full_name"] == "Dewi Lestari"
    assert body["person"]["phone"] == "081234567890"
    assert Application.objects.get(pk=body["id"]).office == office


def test_register_at_a_counter_of_the_office(office, operator):
    counter = office.stations.get(kind=StationKind.REGISTRATION)

    response = Api(operator).post("applications/", _registration(station_id=counter.pk))

    assert response.status_code == 201
    assert Application.objects.get().registered_at == counter


def test_register_with_a_station_of_another_office_writes_nothing(operator, other_office):
    station = other_office.stations.first()

    response = Api(operator).post("applications/", _registration(station_id=station.pk))

    assert response.status_code == 400 and response.json()["code"] == "station_other_office"
    assert not Person.objects.exists()


def test_register_with_a_nik_that_does_not_match_the_birth_date_names_the_field(operator):
    response = Api(operator).post("applications/", _registration(birth_date="1991-05-17"))

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and list(body["errors"]) == ["birth_date"]
    assert not Person.objects.exists() and not Application.objects.exists()


def test_register_a_second_open_application_of_the_same_service_is_409(operator):
    Api(operator).post("applications/", _registration())

    response = Api(operator).post("applications/", _registration())

    assert response.status_code == 409 and response.json()["code"] == "open_application_exists"
    assert Application.objects.count() == 1


def test_register_with_an_unknown_village_is_400(operator):
    response = Api(operator).post("applications/", _registration(village_code="16.71.16.9999"))

    assert response.status_code == 400 and response.json()["code"] == "unknown_village"


def test_register_for_another_office_is_404(operator, other_office):
    response = Api(operator).post("applications/", _registration(office_id=other_office.pk))

    assert response.status_code == 404
    assert not Person.objects.exists()


@pytest.mark.parametrize("role", [Role.RECORDING_OFFICER, Role.SYSTEM_ADMIN])
def test_register_by_a_role_that_may_not_is_403(office, role):
    user = testing.make_staff(role=role, office=office if role == Role.RECORDING_OFFICER else None)

    response = Api(user).post("applications/", _registration(office_id=office.pk))

    assert response.status_code == 403
    assert response.json()["message"] == message_in(ROLE_NOT_ALLOWED, role=user.get_role_display())


def test_register_without_an_office_for_the_city_admin_asks_for_one(city_admin):
    response = Api(city_admin).post("applications/", _registration())

    assert response.status_code == 400 and response.json()["code"] == "office_required"


# Checklist and transitions -----------------------------------------------------------------------


def test_requirements_set_ticks_the_checklist(office, operator):
    app = testing.make_application(office=office, actor=operator, fulfilled=False)

    response = Api(operator).put(f"applications/{app.pk}/requirements", {"fulfilled": ["kk"]})

    assert response.status_code == 200
    assert {r["code"]: r["fulfilled"] for r in response.json()["requirements"]} == {
        "age_or_married": False,
        "kk": True,
    }


def test_requirements_set_with_an_unknown_code_is_400(operator, app):
    response = Api(operator).put(f"applications/{app.pk}/requirements", {"fulfilled": ["passport"]})

    assert response.status_code == 400 and response.json()["code"] == "unknown_requirement"


def test_transition_moves_the_application_and_adds_an_event(operator, app):
    response = Api(operator).post(
        f"applications/{app.pk}/transitions",
        {"to_status": "documents_verified", "expected_status": "submitted"},
    )

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "documents_verified"
    assert [e["to_status"] for e in body["events"]] == ["submitted", "documents_verified"]


def test_staff_enter_a_central_outcome_by_hand(office, recorder, app):
    app = advance(app, office, Status.RECEIVED_AT_CENTRAL)

    response = Api(recorder).post(
        f"applications/{app.pk}/transitions",
        {"to_status": "duplicate_record", "expected_status": "received_at_central", "note": "DUP di SIAK"},
    )

    assert response.status_code == 200
    event = response.json()["events"][-1]
    assert (event["to_status"], event["source"], event["note"]) == (
        "duplicate_record",
        "staff",
        "DUP di SIAK",
    )


STAFF_STEPS = sorted(key for key, t in TRANSITIONS.items() if Source.STAFF in t.sources and not t.dedicated)


@pytest.mark.parametrize(("source", "target"), STAFF_STEPS, ids=lambda s: str(s))
def test_every_staff_step_of_the_lifecycle_is_reachable_through_the_api(office, source, target):
    transition = TRANSITIONS[(source, target)]
    service_type = sorted(transition.service_types)[0]
    app = testing.make_application(office=office, service_type=service_type)
    # Test set-up only: put the application straight into the step's starting status.
    Application.objects.filter(pk=app.pk).update(
        status=source, closed_at=app.submitted_at if source in CLOSED_STATUSES else None
    )
    role = Role.HEAD if Role.HEAD in transition.roles else Role.CITY_ADMIN
    actor = testing.make_staff(role=role, office=office if role == Role.HEAD else None)

    response = Api(actor).post(
        f"applications/{app.pk}/transitions",
        {"to_status": target, "expected_status": source, "note": "dicek di SIAK"},
    )

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == target
    assert response.json()["events"][-1]["actor"] == str(actor)


def test_an_ikd_activation_is_issued_without_a_pickup(office, operator):
    app = testing.make_application(office=office, actor=operator, service_type="ikd")
    api = Api(operator)
    api.post(
        f"applications/{app.pk}/transitions",
        {"to_status": "documents_verified", "expected_status": "submitted"},
    )

    response = api.post(
        f"applications/{app.pk}/transitions", {"to_status": "issued", "expected_status": "documents_verified"}
    )

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["pickup"]) == ("issued", None)
    assert response.json()["actions"] == []


def test_transition_from_a_status_the_caller_did_not_see_is_409(operator, app):
    response = Api(operator).post(
        f"applications/{app.pk}/transitions",
        {"to_status": "cancelled", "expected_status": "print_ready", "note": "x"},
    )

    assert response.status_code == 409
    assert response.json() == {
        "code": "stale_status",
        "message": message_in(STALE_STATUS, status="Submitted"),
    }
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED


def test_transition_by_a_role_that_may_not_is_403_in_the_callers_language(office, recorder, app):
    body = {"to_status": "documents_verified", "expected_status": "submitted"}

    english = Api(recorder, language="en").post(f"applications/{app.pk}/transitions", body)
    indonesian = Api(recorder, language="id").post(f"applications/{app.pk}/transitions", body)

    assert english.status_code == indonesian.status_code == 403
    role_en = message_in(Role.RECORDING_OFFICER.label)
    role_id = message_in(Role.RECORDING_OFFICER.label, "id")
    assert english.json()["message"] == message_in(ROLE_NOT_ALLOWED, role=role_en)
    assert indonesian.json()["message"] == message_in(ROLE_NOT_ALLOWED, "id", role=role_id)


def test_refusals_are_in_indonesian_by_default(operator, app):
    english = message_in(STALE_STATUS, status=message_in(Status.SUBMITTED.label))
    indonesian = message_in(STALE_STATUS, "id", status=message_in(Status.SUBMITTED.label, "id"))
    if indonesian == english:
        pytest.skip("the Indonesian catalogue does not translate this message yet")

    response = Api(operator, language="").post(
        f"applications/{app.pk}/transitions",
        {"to_status": "cancelled", "expected_status": "print_ready", "note": "x"},
    )

    assert response.status_code == 409
    assert response.json()["message"] == indonesian


def test_transition_of_another_offices_application_is_404(other_office, app):
    stranger = testing.make_staff(role=Role.HEAD, office=other_office)

    response = Api(stranger).post(
        f"applications/{app.pk}/transitions",
        {"to_status": "cancelled", "expected_status": "submitted", "note": "x"},
    )

    assert response.status_code == 404
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED


def test_transition_that_has_its_own_endpoint_is_refused(office, operator, app):
    app = advance(app, office, Status.PRINT_READY)

    response = Api(operator).post(
        f"applications/{app.pk}/transitions", {"to_status": "printed", "expected_status": "print_ready"}
    )

    assert response.status_code == 400
    assert response.json()["message"] == message_in(USE_DEDICATED_ACTION, action="Print card")


def test_the_city_admin_may_enter_central_outcomes_but_gets_403_elsewhere(office, city_admin, app):
    app = advance(app, office, Status.RECEIVED_AT_CENTRAL)
    api = Api(city_admin)

    outcome = api.post(
        f"applications/{app.pk}/transitions",
        {"to_status": "print_ready", "expected_status": "received_at_central"},
    )
    cancel = api.post(
        f"applications/{app.pk}/transitions",
        {"to_status": "cancelled", "expected_status": "print_ready", "note": "x"},
    )

    assert outcome.status_code == 200
    assert cancel.status_code == 403 and cancel.json()["code"] == "role_not_allowed"
