"""No input makes the API answer 500: malformed JSON, wrong types, unknown statuses, huge numbers,
missing fields, text the database cannot store. And nothing is written when the input is refused."""

from __future__ import annotations

import pytest

from loket import testing
from loket.applications.lifecycle import Status
from loket.applications.models import Application, BlankMovement
from loket.applications.tests.apiclient import Api
from loket.people.models import Person

pytestmark = pytest.mark.django_db

HUGE = 10**30
REGISTRATION = {
    "service_type": "new",
    "nik": "1671165705900001",
    "kk_number": "1671160101200001",
    "full_name": "Dewi",
    "birth_date": "1990-05-17",
    "sex": "F",
    "address": "Jl. Srimulya",
}


@pytest.fixture
def app(office, operator):
    return testing.make_application(office=office, actor=operator)


@pytest.fixture
def head_api(head):
    return Api(head)


@pytest.mark.parametrize(
    "raw",
    [
        "{",
        "not json",
        '{"to_status": ',
        "\x00",
        '{"note": "\\ud800"}',
        "[]",
        '"x"',
        "null",
        "1e999",
        "[" * 5000,
    ],
)
def test_malformed_or_non_object_bodies_are_4xx(head_api, app, raw):
    response = head_api.post(f"applications/{app.pk}/transitions", raw=raw)

    assert 400 <= response.status_code < 500, response.content
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED


def test_a_body_that_is_not_utf8_is_4xx(head_api, app):
    response = head_api.post(f"applications/{app.pk}/transitions", raw=b"\xff\xfe{}")

    assert 400 <= response.status_code < 500


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"to_status": "issued"},
        {"to_status": "teleported", "expected_status": "submitted"},
        {"to_status": "cancelled", "expected_status": "nowhere", "note": "x"},
        {"to_status": 7, "expected_status": "submitted"},
        {"to_status": ["cancelled"], "expected_status": "submitted"},
        {"to_status": "cancelled", "expected_status": "submitted", "note": {"text": "x"}},
        {"to_status": "cancelled", "expected_status": "submitted", "note": "x" * 2001},
        {"to_status": "cancelled", "expected_status": "submitted", "note": "a\x00b"},
        {"to_status": "cancelled", "expected_status": "submitted", "note": "\ud83d"},
    ],
)
def test_bad_transition_bodies_are_422(head_api, app, body):
    response = head_api.post(f"applications/{app.pk}/transitions", body)

    assert response.status_code == 422
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("service_type", "passport"),
        ("birth_date", "1990-02-30"),
        ("birth_date", HUGE),
        ("sex", "X"),
        ("nik", 1671165705900001),
        ("nik", "1" * 33),
        ("full_name", None),
        ("full_name", "x" * 121),
        ("full_name", "Dewi\x00"),
        ("address", "\udfff"),
        ("channel", "fax"),
        ("fulfilled", "kk"),
        ("fulfilled", ["kk"] * 21),
        ("station_id", "loket 1"),
        ("office_id", 1.5),
    ],
)
def test_bad_registration_fields_are_422_and_write_nothing(operator, field, value):
    response = Api(operator).post("applications/", {**REGISTRATION, field: value})

    assert response.status_code == 422, response.content
    assert not Person.objects.exists()


@pytest.mark.parametrize("missing", ["nik", "birth_date", "service_type", "address"])
def test_missing_registration_fields_are_422(operator, missing):
    body = {key: value for key, value in REGISTRATION.items() if key != missing}

    assert Api(operator).post("applications/", body).status_code == 422


@pytest.mark.parametrize(
    ("field", "value"),
    [("nik", "abcdefghijklmnop"), ("nik", "1671169905900001"), ("kk_number", "12"), ("phone", "12345")],
)
def test_registration_values_the_service_refuses_are_400_with_the_field(operator, field, value):
    response = Api(operator).post("applications/", {**REGISTRATION, field: value})

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Person.objects.exists()


@pytest.mark.parametrize("office_id", [HUGE, 2**63, -1, 0])
def test_huge_or_negative_office_ids_are_404_or_422(operator, office_id):
    response = Api(operator).post("applications/", {**REGISTRATION, "office_id": office_id})
    listed = Api(operator).get("applications/", {"office_id": office_id})

    assert response.status_code in (404, 422)
    assert listed.status_code in (404, 422)


@pytest.mark.parametrize("application_id", [str(HUGE), str(2**63), "0", "-1", "abc", "1.5"])
def test_huge_or_malformed_ids_in_the_path_are_404(operator, application_id):
    assert Api(operator).get(f"applications/{application_id}").status_code == 404


def test_huge_station_id_is_refused_without_a_blank_used(office, operator, app):
    from loket.applications.tests.apiclient import advance

    app = advance(app, office, Status.PRINT_READY)

    response = Api(operator).post(f"applications/{app.pk}/print", {"station_id": HUGE})

    assert response.status_code in (400, 422)
    assert not BlankMovement.objects.filter(application=app).exists()


@pytest.mark.parametrize("delta", [HUGE, -HUGE, 1_000_001, "ten", None])
def test_corrections_with_impossible_deltas_are_422(head_api, delta):
    response = head_api.post("applications/blank-stock/corrections", {"delta": delta, "note": "hitung"})

    assert response.status_code == 422


def test_correction_without_a_note_is_refused(head_api):
    assert head_api.post("applications/blank-stock/corrections", {"delta": 1}).status_code == 422
    response = head_api.post("applications/blank-stock/corrections", {"delta": 1, "note": "   "})
    assert response.status_code == 400 and response.json()["code"] == "note_required"


@pytest.mark.parametrize(
    "body",
    [{}, {"query": None}, {"query": 5}, {"query": "x" * 121}, {"query": "a\x00b"}, {"query": "\ud800"}],
)
def test_bad_search_bodies_are_422(operator, body):
    assert Api(operator).post("applications/search", body).status_code == 422


@pytest.mark.parametrize("query", ["", "   ", "%", "_", "'; DROP TABLE people_person; --", "ü" * 120])
def test_odd_search_text_finds_nothing_and_breaks_nothing(operator, app, query):
    response = Api(operator).post("applications/search", {"query": query})

    assert response.status_code == 200
    assert Application.objects.count() == 1


@pytest.mark.parametrize("status", ["teleported", "", "SUBMITTED"])
def test_unknown_status_filter_is_422(operator, status):
    assert Api(operator).get("applications/", {"status": status}).status_code == 422


@pytest.mark.parametrize("params", [{"limit": "many"}, {"offset": str(HUGE)}, {"limit": str(HUGE)}])
def test_bad_pagination_is_422(operator, params):
    assert Api(operator).get("applications/overdue", params).status_code == 422


def test_a_form_encoded_post_is_4xx(head_api, app):
    response = head_api.client.post(
        f"/api/applications/{app.pk}/transitions", {"to_status": "cancelled", "expected_status": "submitted"}
    )

    assert 400 <= response.status_code < 500


def test_an_unknown_method_is_405(operator, app):
    assert Api(operator).client.delete(f"/api/applications/{app.pk}").status_code == 405
