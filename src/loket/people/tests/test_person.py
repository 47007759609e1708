"""A Person validates every field before it is saved, and says which field is wrong."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from loket import testing
from loket.people import nik
from loket.people.models import PHONE_FORMAT, Person
from loket.people.services import person_register

pytestmark = pytest.mark.django_db

BORN = dt.date(1990, 5, 17)


def _person(**fields) -> Person:
    values = {
        "nik": "1671161705900001",
        "kk_number": "1671160101200001",
        "full_name": "Budi Santoso",
        "birth_date": BORN,
        "sex": "M",
        "address": "Jl. Lebung Gajah No. 1",
        "phone": "081234567890",
    }
    values.update(fields)
    return Person(**values)


def _errors(person: Person) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        person.full_clean()
    return refused.value.message_dict


def test_a_complete_person_is_valid():
    _person().full_clean()


def test_a_malformed_nik_is_reported_on_the_nik_field_only():
    errors = _errors(_person(nik="1671169905900001"))
    assert list(errors) == ["nik"]
    assert errors["nik"] == [str(nik.NIK_DAY_FIELD)]


def test_a_nik_of_another_birth_date_is_reported_on_the_birth_date():
    errors = _errors(_person(birth_date=dt.date(1990, 5, 18)))
    assert list(errors) == ["birth_date"]


def test_a_nik_of_the_other_sex_is_reported_on_the_sex():
    errors = _errors(_person(sex="F"))
    assert errors == {"sex": [str(nik.NIK_SEX_MISMATCH)]}


def test_a_bad_kk_number_is_reported_on_the_kk_field():
    errors = _errors(_person(kk_number="12345"))
    assert errors == {"kk_number": [str(nik.KK_FORMAT)]}


@pytest.mark.parametrize("phone", ["12345", "0212345678", "+1 555 1234", "08123"])
def test_a_number_that_is_not_an_indonesian_mobile_is_reported_on_the_phone(phone):
    assert _errors(_person(phone=phone)) == {"phone": [str(PHONE_FORMAT)]}


@pytest.mark.parametrize("phone", ["081234567890", "+6281234567890", "6281234567890", ""])
def test_indonesian_mobile_numbers_and_no_number_are_accepted(phone):
    _person(phone=phone).full_clean()


def test_several_bad_fields_are_all_reported_at_once():
    errors = _errors(_person(kk_number="x", phone="1", full_name="", sex="X"))
    assert {"kk_number", "phone", "full_name", "sex"} <= set(errors)


def test_str_never_shows_the_nik():
    person = _person()
    assert str(person) == "Budi Santoso"
    assert person.masked_nik == "1671********0001"


def test_the_database_refuses_a_nik_that_is_not_16_digits_even_without_full_clean():
    with pytest.raises(IntegrityError):
        _person(nik="16711617059").save()


def test_person_register_writes_nothing_when_a_field_is_wrong(operator):
    with pytest.raises(ValidationError) as refused:
        person_register(
            actor=operator,
            nik="1671161705900001",
            kk_number="1671160101200001",
            full_name="Budi",
            birth_date=BORN,
            sex="F",
            address="Jl. A",
        )
    assert list(refused.value.message_dict) == ["sex"]
    assert not Person.objects.exists()


def test_person_register_updates_the_person_with_the_same_nik(operator):
    first = testing.make_person(birth_date=BORN)
    again = person_register(
        actor=operator,
        nik=first.nik,
        kk_number="1671160101200001",
        full_name="  Budi   Santoso ",
        birth_date=BORN,
        sex="M",
        address="Jl. Baru",
    )
    assert again.pk == first.pk
    assert (again.full_name, again.address) == ("Budi Santoso", "Jl. Baru")
