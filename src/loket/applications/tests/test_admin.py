"""The admin: reference data is managed there; applications, their events, the stock and Sukets are only
looked at; citizens are not there at all."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse

from loket import testing
from loket.applications.lifecycle import Status
from loket.applications.models import Application, ApplicationEvent, BlankMovement, Suket
from loket.applications.services import suket_issue
from loket.core.models import Counter
from loket.offices.models import OpeningHours, Region, Role, Staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return Staff.objects.create_superuser(
        username="root", email="root@example.org", password=testing.PASSWORD, role=Role.SYSTEM_ADMIN
    )


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def application(office, operator):
    app = testing.make_application(
        office=office, actor=operator, person=testing.make_person(full_name="Siti Aminah")
    )
    Application.objects.filter(pk=app.pk).update(status=Status.SENT_FOR_ENROLLMENT)
    suket_issue(application=app, actor=operator)
    app.refresh_from_db()
    return app


def _url(model, view="changelist", *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_admin_page_loads_for_a_superuser(admin_client, office, application, operator):
    event = application.events.first()
    pages = [
        _url(Region), _url(Region, "change", "16.71"), _url(Region, "add"),
        _url(type(office)), _url(type(office), "change", office.pk), _url(type(office), "add"),
        _url(Staff), _url(Staff, "change", operator.pk), _url(Staff, "add"),
        _url(Application), _url(Application, "change", application.pk),
        _url(ApplicationEvent), _url(ApplicationEvent, "change", event.pk),
        _url(BlankMovement), _url(Suket), _url(Counter),
        reverse("admin:applications_blankstock_changelist"),
        reverse("admin:index"),
    ]  # fmt: skip
    for page in pages:
        response = admin_client.get(page)
        assert response.status_code == 200, page


def test_the_office_page_edits_hours_closures_standards_and_stations(admin_client, office):
    page = admin_client.get(_url(type(office), "change", office.pk)).content.decode()
    for prefix in ("opening_hours", "closures", "service_standards", "stations"):
        assert f'name="{prefix}-TOTAL_FORMS"' in page, prefix


def test_the_application_list_shows_no_name_or_nik(admin_client, application):
    page = admin_client.get(_url(Application)).content.decode()
    assert application.display_receipt in page
    assert "Siti Aminah" not in page
    assert application.person.nik not in page
    detail = admin_client.get(_url(Application, "change", application.pk)).content.decode()
    assert "Siti Aminah" not in detail and application.person.nik not in detail


def test_an_application_is_found_by_its_receipt_however_it_is_typed(admin_client, application):
    typed = application.display_receipt.lower().replace("-", " ")
    response = admin_client.get(_url(Application), {"q": typed})
    assert list(response.context["cl"].result_list) == [application]


def test_the_status_cannot_be_changed_through_the_admin(admin_client, application):
    response = admin_client.post(
        _url(Application, "change", application.pk), {"status": Status.ISSUED, "receipt_number": "X"}
    )
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == Status.SENT_FOR_ENROLLMENT
    assert (
        'name="status"' not in admin_client.get(_url(Application, "change", application.pk)).content.decode()
    )


def test_applications_cannot_be_added_or_deleted_in_the_admin(admin_client, application):
    assert admin_client.get(_url(Application, "add")).status_code == 403
    assert admin_client.post(_url(Application, "delete", application.pk), {"post": "yes"}).status_code == 403
    changelist = admin_client.post(
        _url(Application), {"action": "delete_selected", "_selected_action": [application.pk], "post": "yes"}
    )
    assert changelist.status_code in (200, 302)
    assert Application.objects.filter(pk=application.pk).exists()


def test_events_cannot_be_added_changed_or_deleted(admin_client, application):
    event = application.events.first()
    count = ApplicationEvent.objects.count()
    assert admin_client.get(_url(ApplicationEvent, "add")).status_code == 403
    assert admin_client.post(_url(ApplicationEvent, "add"), {"to_status": Status.ISSUED}).status_code == 403
    assert (
        admin_client.post(_url(ApplicationEvent, "change", event.pk), {"note": "rewritten"}).status_code
        == 403
    )
    assert admin_client.post(_url(ApplicationEvent, "delete", event.pk), {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert event.note == "" and ApplicationEvent.objects.count() == count


def test_the_events_inline_offers_no_adding_changing_or_deleting(admin_client, application):
    response = admin_client.get(_url(Application, "change", application.pk))
    inlines = {inline.formset.prefix: inline for inline in response.context["inline_admin_formsets"]}
    events = inlines["events"]
    assert not (events.has_add_permission or events.has_change_permission or events.has_delete_permission)
    assert "events-0-DELETE" not in response.content.decode()


@pytest.mark.parametrize("model", [BlankMovement, Suket, Counter])
def test_stock_movements_sukets_and_counters_are_read_only(admin_client, application, model):
    obj = model.objects.first()
    assert admin_client.get(_url(model, "add")).status_code == 403
    assert admin_client.post(_url(model, "change", obj.pk), {}).status_code == 403
    assert admin_client.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()


def test_citizens_are_not_in_the_admin(admin_client, application):
    with pytest.raises(NoReverseMatch):
        reverse("admin:people_person_changelist")
    assert admin_client.get("/admin/people/person/").status_code == 404
    assert "people" not in [
        app["app_label"] for app in admin_client.get(reverse("admin:index")).context["app_list"]
    ]


def test_a_staff_member_with_an_office_bound_role_needs_an_office(admin_client, office):
    fields = {
        "username": "new-operator", "first_name": "Andi", "last_name": "Saputra", "email": "",
        "role": Role.OPERATOR, "usable_password": "true",
        "password1": "kata-sandi-panjang-2026", "password2": "kata-sandi-panjang-2026",
    }  # fmt: skip
    refused = admin_client.post(_url(Staff, "add"), {**fields, "office": ""})
    assert refused.status_code == 200
    assert "office" in refused.context["adminform"].form.errors
    assert not Staff.objects.filter(username="new-operator").exists()

    created = admin_client.post(_url(Staff, "add"), {**fields, "office": office.pk})
    assert created.status_code == 302
    staff = Staff.objects.get(username="new-operator")
    assert (staff.role, staff.office, staff.check_password("kata-sandi-panjang-2026")) == (
        Role.OPERATOR,
        office,
        True,
    )


def test_a_city_administrator_may_be_created_without_an_office(admin_client):
    response = admin_client.post(
        _url(Staff, "add"),
        {
            "username": "kota", "role": Role.CITY_ADMIN, "office": "", "usable_password": "true",
            "password1": "kata-sandi-panjang-2026", "password2": "kata-sandi-panjang-2026",
        },
    )  # fmt: skip
    assert response.status_code == 302
    assert Staff.objects.get(username="kota").office is None


def _office_form(office, **hours):
    data = {
        "name": office.name, "code": office.code, "region": office.region_id, "is_active": "on",
        "address": office.address, "phone": "", "email": "", "timezone": office.timezone,
        "latitude": "", "longitude": "",
    }  # fmt: skip
    for prefix, rows in (
        ("opening_hours", [hours]),
        ("closures", []),
        ("service_standards", []),
        ("stations", []),
    ):
        data.update({f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": 0,
                     f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000})  # fmt: skip
        for i, row in enumerate(rows):
            data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


def test_opening_hours_that_close_before_they_open_are_refused_with_a_message_not_an_error(admin_client, db):
    office = testing.make_office()
    office.opening_hours.all().delete()
    response = admin_client.post(
        _url(type(office), "change", office.pk),
        _office_form(office, weekday=5, opens="12:00", closes="08:00"),
    )
    assert response.status_code == 200
    assert not OpeningHours.objects.filter(office=office).exists()


def test_opening_hours_can_be_added_to_an_office(admin_client, db):
    office = testing.make_office()
    office.opening_hours.all().delete()
    response = admin_client.post(
        _url(type(office), "change", office.pk),
        _office_form(office, weekday=5, opens="08:00", closes="12:00"),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert OpeningHours.objects.get(office=office).weekday == 5
