"""Factories for tests: small functions that build valid records with sensible defaults.

Kept in the package (like ``django.test``) so every app's tests and the cross-app tests share them.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from loket.applications.models import Application, Channel
from loket.applications.services import application_submit
from loket.offices.models import (
    Office,
    OpeningHours,
    Region,
    RegionLevel,
    Role,
    ServiceStandard,
    ServiceType,
    Staff,
    StandardUnit,
    Station,
    StationKind,
)
from loket.people.models import Person

PASSWORD = "correct-horse-battery"  # noqa: S105 - test users only
_seq = itertools.count(1)


def region_kecamatan() -> Region:
    province, _ = Region.objects.get_or_create(
        code="16", defaults={"name": "Sumatera Selatan", "level": RegionLevel.PROVINCE}
    )
    city, _ = Region.objects.get_or_create(
        code="16.71", defaults={"name": "Kota Palembang", "level": RegionLevel.CITY, "parent": province}
    )
    district, _ = Region.objects.get_or_create(
        code="16.71.16", defaults={"name": "Sematang Borang", "level": RegionLevel.DISTRICT, "parent": city}
    )
    return district


def make_office(*, code: str | None = None, days: int = 5, blanks: int = 0, **fields: Any) -> Office:
    """An office open Monday-Friday 08:00-16:00 (break 12:00-13:00) with a standard of ``days``
    working days for every service, one station of each kind and ``blanks`` blank cards."""
    n = next(_seq)
    office = Office.objects.create(
        code=code or f"office-{n}",
        name=fields.pop("name", f"UPT Test {n}"),
        region=region_kecamatan(),
        address="Jl. Test",
        **fields,
    )
    for weekday in range(5):
        OpeningHours.objects.create(
            office=office,
            weekday=weekday,
            opens=dt.time(8),
            closes=dt.time(16),
            break_start=dt.time(12),
            break_end=dt.time(13),
        )
    for service in ServiceType.values:
        ServiceStandard.objects.create(
            office=office, service_type=service, amount=days, unit=StandardUnit.WORKING_DAYS
        )
    for number, kind in enumerate(StationKind.values, start=1):
        Station.objects.create(office=office, kind=kind, number=number, name=f"Loket {number}")
    if blanks:
        from loket.applications.services.printing import _move

        admin = make_staff(role=Role.HEAD, office=office)
        _move(office=office, kind="delivery", quantity=blanks, actor=admin)
    return office


def make_staff(
    *, role: str = Role.OPERATOR, office: Office | None = None, username: str | None = None
) -> Staff:
    n = next(_seq)
    return Staff.objects.create_user(
        username=username or f"{role}-{n}",
        password=PASSWORD,
        role=role,
        office=office,
        first_name=f"{role.replace('_', ' ').title()}",
        last_name=str(n),
    )


def nik_for(*, birth_date: dt.date, sex: str = "M", serial: int | None = None, region: str = "167116") -> str:
    day = birth_date.day + (40 if sex == "F" else 0)
    return f"{region}{day:02d}{birth_date:%m}{birth_date:%y}{(serial or next(_seq)) % 10000 or 1:04d}"


def make_person(*, birth_date: dt.date = dt.date(1990, 5, 17), sex: str = "M", **fields: Any) -> Person:
    nik = fields.pop("nik", None) or nik_for(birth_date=birth_date, sex=sex)
    defaults = {
        "kk_number": "1671160101200001",
        "full_name": f"Warga {next(_seq)}",
        "address": "Jl. Lebung Gajah No. 1",
        "phone": "081234567890",
    }
    defaults.update(fields)
    person = Person(nik=nik, birth_date=birth_date, sex=sex, **defaults)
    person.full_clean()
    person.save()
    return person


def make_application(
    *,
    office: Office,
    actor: Staff | None = None,
    service_type: str = ServiceType.NEW,
    person: Person | None = None,
    fulfilled: bool = True,
    channel: str = Channel.WALK_IN,
) -> Application:
    """A submitted application, with every requirement ticked unless ``fulfilled=False``."""
    from loket.applications.requirements import requirement_codes

    actor = actor or make_staff(role=Role.OPERATOR, office=office)
    return application_submit(
        actor=actor,
        office=office,
        person=person or make_person(),
        service_type=service_type,
        channel=channel,
        fulfilled=requirement_codes(service_type) if fulfilled else (),
    )
