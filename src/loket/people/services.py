"""Writes for citizens' records."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction

from loket.offices.access import PERSONAL_DATA_ROLES, require_role
from loket.people.models import Person
from loket.people.nik import compact

if TYPE_CHECKING:
    from loket.offices.models import Region, Staff

# The fields a registration form may set; identity fields included because a data-change
# application exists precisely to correct them.
PERSON_FIELDS = (
    "kk_number",
    "full_name",
    "birth_place",
    "birth_date",
    "sex",
    "address",
    "village",
    "phone",
    "email",
)


@transaction.atomic
def person_register(
    *,
    actor: Staff,
    nik: str,
    kk_number: str,
    full_name: str,
    birth_date: dt.date,
    sex: str,
    address: str,
    birth_place: str = "",
    village: Region | None = None,
    phone: str = "",
    email: str = "",
) -> Person:
    """Create the person with this NIK, or bring the existing record up to date.

    Validates everything (NIK format, NIK against date of birth and sex, phone ...) before saving;
    raises django's ValidationError with one message per field and writes nothing on bad input.
    """
    require_role(actor, PERSONAL_DATA_ROLES)
    number = compact(nik)
    person = Person.objects.select_for_update().filter(nik=number).first() or Person(nik=number)
    values = {
        "kk_number": compact(kk_number),
        "full_name": " ".join(full_name.split()),
        "birth_place": birth_place.strip(),
        "birth_date": birth_date,
        "sex": sex,
        "address": address.strip(),
        "village": village,
        "phone": phone.replace(" ", "").replace("-", ""),
        "email": email.strip(),
    }
    for field, value in values.items():
        setattr(person, field, value)
    person.full_clean(validate_unique=person.pk is None)
    person.save()
    return person
