"""Who may see and do what: every role against its own office and another one."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from loket import testing
from loket.applications.models import Application
from loket.core.errors import NotPermitted
from loket.offices import access
from loket.offices.models import Role

pytestmark = pytest.mark.django_db

OFFICE_BOUND = [Role.OPERATOR, Role.RECORDING_OFFICER, Role.HEAD]
EVERY_OFFICE = [Role.CITY_ADMIN, Role.SYSTEM_ADMIN]


def _user(role, office):
    return testing.make_staff(role=role, office=office if role in OFFICE_BOUND else None)


@pytest.mark.parametrize("role", OFFICE_BOUND)
def test_office_bound_staff_reach_their_own_office_only(role, office, other_office):
    user = _user(role, office)
    assert access.can_access_office(user, office.pk)
    assert not access.can_access_office(user, other_office.pk)
    assert not access.can_access_office(user, None)
    access.require_office(user, office.pk)
    with pytest.raises(NotPermitted) as refused:
        access.require_office(user, other_office.pk)
    assert refused.value.code == "other_office"


@pytest.mark.parametrize("role", EVERY_OFFICE)
def test_city_and_system_administrators_reach_every_office(role, office, other_office):
    user = _user(role, office)
    assert access.can_access_office(user, office.pk)
    assert access.can_access_office(user, other_office.pk)
    assert access.sees_all_offices(user)


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.RECORDING_OFFICER, Role.HEAD, Role.CITY_ADMIN])
def test_roles_that_serve_citizens_see_personal_data(role, office):
    assert access.can_see_personal_data(_user(role, office))


def test_the_system_administrator_sees_no_personal_data(sysadmin):
    assert not access.can_see_personal_data(sysadmin)
    assert Role.SYSTEM_ADMIN not in access.PERSONAL_DATA_ROLES


def test_an_anonymous_or_inactive_user_has_no_role_and_reaches_nothing(office):
    testing.make_application(office=office)
    inactive = testing.make_staff(role=Role.HEAD, office=office)
    inactive.is_active = False
    for user in (AnonymousUser(), inactive, None):
        assert access.role_of(user) is None
        assert not access.can_access_office(user, office.pk)
        assert not access.can_see_personal_data(user)
        assert not access.visible_offices(user).exists()
        assert not access.scope_to_offices(Application.objects.all(), user).exists()
        with pytest.raises(NotPermitted) as refused:
            access.require(user, roles=access.PERSONAL_DATA_ROLES, office_id=office.pk)
        assert refused.value.code == "not_staff"


def test_require_role_names_the_role_that_was_refused(office):
    recorder = testing.make_staff(role=Role.RECORDING_OFFICER, office=office)
    with pytest.raises(NotPermitted) as refused:
        access.require_role(recorder, {Role.OPERATOR})
    assert refused.value.code == "role_not_allowed"
    assert str(recorder.get_role_display()) in refused.value.message


def test_require_checks_the_role_before_the_office(office, other_office):
    operator = testing.make_staff(role=Role.OPERATOR, office=office)
    with pytest.raises(NotPermitted) as refused:
        access.require(operator, roles={Role.HEAD}, office_id=other_office.pk)
    assert refused.value.code == "role_not_allowed"
    with pytest.raises(NotPermitted) as refused:
        access.require(operator, roles={Role.OPERATOR}, office_id=other_office.pk)
    assert refused.value.code == "other_office"


@pytest.mark.parametrize("role", OFFICE_BOUND)
def test_scope_to_offices_keeps_only_the_rows_of_the_users_office(role, office, other_office):
    mine = testing.make_application(office=office)
    testing.make_application(office=other_office)
    assert list(access.scope_to_offices(Application.objects.all(), _user(role, office))) == [mine]


@pytest.mark.parametrize("role", EVERY_OFFICE)
def test_scope_to_offices_keeps_every_office_for_administrators(role, office, other_office):
    testing.make_application(office=office)
    testing.make_application(office=other_office)
    assert access.scope_to_offices(Application.objects.all(), _user(role, office)).count() == 2


def test_visible_offices_are_the_own_office_or_every_active_one(office, other_office):
    closed = testing.make_office(is_active=False)
    assert list(access.visible_offices(testing.make_staff(role=Role.HEAD, office=office))) == [office]
    everything = set(access.visible_offices(testing.make_staff(role=Role.CITY_ADMIN)))
    assert everything == {office, other_office}
    assert closed not in everything


def test_searching_by_nik_or_name_needs_a_role_that_sees_personal_data(office, sysadmin, city_admin):
    from loket.applications.selectors import application_search

    person = testing.make_person(full_name="Budi Santoso")
    app = testing.make_application(office=office, person=person)
    assert not application_search(sysadmin, person.nik).exists()
    assert not application_search(sysadmin, "Budi Santoso").exists()
    assert list(application_search(city_admin, person.nik)) == [app]
    assert list(application_search(city_admin, "santoso budi")) == [app]
    assert list(application_search(sysadmin, app.display_receipt)) == [app]  # a receipt is not personal data


def test_a_name_of_ten_letters_is_found_by_name(office, city_admin):
    from loket.applications.selectors import application_search

    app = testing.make_application(office=office, person=testing.make_person(full_name="Siti Aminah"))
    assert list(application_search(city_admin, "Siti Aminah")) == [app]
