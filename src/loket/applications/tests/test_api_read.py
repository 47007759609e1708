"""Reading through the API: detail, lists, worklists, search, overdue, and who sees what."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from loket import testing
from loket.applications.lifecycle import Status
from loket.applications.tests.apiclient import Api, advance, message_in
from loket.offices.access import NOT_YOUR_OFFICE
from loket.offices.models import Role, ServiceType
from loket.people.nik import mask

pytestmark = pytest.mark.django_db

# A Wednesday morning in Palembang, far from any holiday.
MONDAY = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@pytest.fixture
def app(office, operator):
    return testing.make_application(office=office, actor=operator)


def test_detail_has_person_checklist_due_date_timeline_and_actions(operator, app):
    body = Api(operator).get(f"applications/{app.pk}").json()

    assert body["receipt_number"] == app.display_receipt
    assert (body["status"], body["status_label"]) == ("submitted", "Submitted")
    assert body["person"]["nik"] == app.person.nik and body["person"]["address"] == app.person.address
    assert [r["code"] for r in body["requirements"]] == ["age_or_married", "kk"]
    assert all(r["fulfilled"] for r in body["requirements"])
    assert [(e["from_status"], e["to_status"]) for e in body["events"]] == [(None, "submitted")]
    assert body["events"][0]["actor"] == str(operator)
    assert {a["to_status"] for a in body["actions"]} == {
        "documents_verified",
        "documents_incomplete",
        "cancelled",
    }
    assert body["due"]["due_at"] and body["due"]["overdue"] is False
    assert body["office"]["code"] == "zona-8"


def test_detail_counts_working_days_left_on_the_office_calendar(office, operator):
    with time_machine.travel(MONDAY, tick=False):
        app = testing.make_application(office=office, actor=operator)
        due = Api(operator).get(f"applications/{app.pk}").json()["due"]

    # Five working days after Monday 3 March 2025: due Monday 10 March, five working days away.
    assert due["working_days_left"] == 5
    assert dt.datetime.fromisoformat(due["due_at"]).date() == dt.date(2025, 3, 10)


def test_detail_of_another_offices_application_is_404(other_office, app):
    stranger = testing.make_staff(role=Role.HEAD, office=other_office)

    response = Api(stranger).get(f"applications/{app.pk}")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_missing_application_is_404(operator):
    assert Api(operator).get("applications/987654").status_code == 404


def test_the_system_admin_gets_the_masked_nik_and_no_address_or_phone(sysadmin, app):
    body = Api(sysadmin).get(f"applications/{app.pk}").json()
    listed = Api(sysadmin).get("applications/").json()["items"][0]

    person = body["person"]
    assert person["nik"] == mask(app.person.nik) and person["nik_masked"] is True
    for field in (
        "kk_number",
        "birth_date",
        "birth_place",
        "address",
        "phone",
        "email",
        "sex",
        "village_code",
    ):
        assert person[field] is None, field
    assert body["nik"] == listed["nik"] == mask(app.person.nik)
    assert app.person.nik not in str(body) + str(listed)
    assert body["actions"] == []


def test_answers_with_personal_data_are_never_cached(operator, app):
    response = Api(operator).get(f"applications/{app.pk}")

    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_the_city_admin_sees_personal_data_of_every_office(city_admin, app):
    body = Api(city_admin).get(f"applications/{app.pk}").json()

    assert body["person"]["nik"] == app.person.nik


def test_list_is_scoped_to_the_callers_office(office, other_office, operator, app):
    testing.make_application(office=other_office)

    body = Api(operator).get("applications/").json()

    assert body["count"] == 1
    assert [item["id"] for item in body["items"]] == [app.pk]


def test_list_filtered_by_status_is_the_worklist_by_due_date(office, operator):
    first = testing.make_application(office=office, actor=operator)
    second = testing.make_application(office=office, actor=operator)
    advance(second, office, Status.DOCUMENTS_VERIFIED)

    body = Api(operator).get("applications/", {"status": "submitted"}).json()

    assert [item["id"] for item in body["items"]] == [first.pk]


def test_list_paginates_with_limit_and_offset(office, operator):
    apps = [testing.make_application(office=office, actor=operator) for _ in range(5)]

    body = Api(operator).get("applications/", {"limit": 2, "offset": 1}).json()

    assert body["count"] == 5 and (body["limit"], body["offset"]) == (2, 1)
    newest_first = [a.pk for a in reversed(apps)]
    assert [item["id"] for item in body["items"]] == newest_first[1:3]


@pytest.mark.parametrize("params", [{"limit": 101}, {"limit": 0}, {"offset": -1}, {"offset": 10**6}])
def test_list_refuses_pages_beyond_the_maximum(operator, params):
    assert Api(operator).get("applications/", params).status_code == 422


def test_list_filtered_by_an_office_the_caller_cannot_see_is_404(operator, other_office):
    assert Api(operator).get("applications/", {"office_id": other_office.pk}).status_code == 404


def test_city_admin_lists_one_office_with_office_id(city_admin, office, other_office, app):
    testing.make_application(office=other_office)

    everything = Api(city_admin).get("applications/").json()
    one = Api(city_admin).get("applications/", {"office_id": office.pk}).json()

    assert everything["count"] == 2
    assert [item["id"] for item in one["items"]] == [app.pk]


def test_list_makes_the_same_few_queries_for_3_or_30_applications(
    office, operator, django_assert_max_num_queries
):
    api = Api(operator)
    person_apps = [testing.make_application(office=office, actor=operator) for _ in range(3)]
    with django_assert_max_num_queries(4):  # session, user, count, page
        assert len(api.get("applications/").json()["items"]) == len(person_apps)
    for _ in range(27):
        testing.make_application(office=office, actor=operator)
    with django_assert_max_num_queries(4):
        assert len(api.get("applications/", {"limit": 30}).json()["items"]) == 30


def test_detail_makes_the_same_few_queries_however_long_the_history(
    office, operator, django_assert_max_num_queries
):
    app = advance(testing.make_application(office=office, actor=operator), office, Status.PRINT_READY)
    api = Api(operator)

    # session, user, application, events with actors, requirements, sukets, opening hours, closures
    with django_assert_max_num_queries(8):
        body = api.get(f"applications/{app.pk}").json()
    assert len(body["events"]) == 6 and len({e["actor"] for e in body["events"]}) == 6


def test_worklists_count_open_applications_per_status(office, operator, app):
    advance(testing.make_application(office=office, actor=operator), office, Status.BIOMETRICS_CAPTURED)

    counts = {row["status"]: row["count"] for row in Api(operator).get("applications/worklists").json()}

    assert counts["submitted"] == 1 and counts["biometrics_captured"] == 1 and counts["print_ready"] == 0
    assert "issued" not in counts


def test_overdue_lists_only_applications_past_their_due_date(office, operator):
    with time_machine.travel(MONDAY, tick=False):
        late = testing.make_application(office=office, actor=operator)
    with time_machine.travel(MONDAY + dt.timedelta(days=7), tick=False):
        testing.make_application(office=office, actor=operator)
    with time_machine.travel(MONDAY + dt.timedelta(days=8), tick=False):
        body = Api(operator).get("applications/overdue").json()

    assert [item["id"] for item in body["items"]] == [late.pk]
    assert body["items"][0]["overdue"] is True


def test_search_by_receipt_number_in_any_format(operator, app):
    typed = app.receipt_number.lower().replace("0", "o")

    body = Api(operator).post("applications/search", {"query": typed}).json()

    assert [item["id"] for item in body["items"]] == [app.pk]


def test_search_by_nik_in_the_body(operator, app):
    body = Api(operator).post("applications/search", {"query": app.person.nik}).json()

    assert body["count"] == 1 and body["items"][0]["nik"] == app.person.nik


def test_search_by_name_words_in_any_order(office, operator):
    app = testing.make_application(
        office=office, actor=operator, person=testing.make_person(full_name="Siti Nurhaliza Binti Ahmad")
    )

    body = Api(operator).post("applications/search", {"query": "ahmad siti"}).json()

    assert [item["id"] for item in body["items"]] == [app.pk]


def test_search_never_reads_a_nik_from_the_query_string(operator, app):
    response = Api(operator).get("applications/search", {"query": app.person.nik})

    assert response.status_code == 405


def test_search_by_nik_finds_nothing_for_the_system_admin(sysadmin, app):
    by_nik = Api(sysadmin).post("applications/search", {"query": app.person.nik}).json()
    by_receipt = Api(sysadmin).post("applications/search", {"query": app.receipt_number}).json()

    assert by_nik["count"] == 0
    assert by_receipt["count"] == 1 and by_receipt["items"][0]["nik"] == mask(app.person.nik)


def test_search_does_not_reach_another_office(other_office, app):
    stranger = testing.make_staff(role=Role.OPERATOR, office=other_office)

    body = Api(stranger).post("applications/search", {"query": app.receipt_number}).json()

    assert body["count"] == 0


def test_service_types_list_their_requirements(operator):
    body = Api(operator).get("applications/service-types").json()

    by_code = {row["code"]: row for row in body}
    assert set(by_code) == set(ServiceType.values)
    assert [r["code"] for r in by_code["lost"]["requirements"]] == ["police_report", "kk"]


def test_labels_follow_accept_language(operator, app):
    english = Api(operator, language="en").get(f"applications/{app.pk}").json()
    indonesian = Api(operator, language="id").get(f"applications/{app.pk}").json()

    assert english["service_label"] == "New card"
    assert indonesian["service_label"]  # a label in Indonesian once the catalogue has it


def test_timestamps_are_aware_iso_8601(operator, app):
    body = Api(operator).get(f"applications/{app.pk}").json()

    submitted = dt.datetime.fromisoformat(body["submitted_at"])
    assert submitted.tzinfo is not None
    assert abs(submitted - app.submitted_at) < dt.timedelta(seconds=1)
    assert submitted <= timezone.now()


def test_not_your_office_message_is_not_leaked_by_reads(other_office, app):
    # A stranger learns nothing from a read: 404, not the service's "belongs to another office".
    stranger = testing.make_staff(role=Role.OPERATOR, office=other_office)

    response = Api(stranger).get(f"applications/{app.pk}")

    assert response.status_code == 404
    assert message_in(NOT_YOUR_OFFICE) not in response.content.decode()
