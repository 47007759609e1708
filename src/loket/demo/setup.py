"""The demo offices and their staff, set up through the models; running it again changes nothing.

Passwords are the one thing not derived from the seed: they are drawn with ``secrets`` when an
account is created and kept in ``DATA_DIR/demo-logins.json`` (mode 0600) for ``loket welcome``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q

from loket.offices.models import (
    Office,
    OfficeClosure,
    OpeningHours,
    Region,
    Role,
    ServiceStandard,
    ServiceType,
    Staff,
    StandardUnit,
    Station,
    StationKind,
)

REGIONS_FILE = Path(__file__).resolve().parent / "data" / "regions.json"
LOGINS_FILE_NAME = "demo-logins.json"
MAIN_OFFICE = "zona-8"
SECOND_OFFICE = "zona-1"

# Counters serve 08:00-15:30 Monday to Thursday and 08:00-16:00 on Friday, inside the civil
# servants' working day (07:30-16:00, Friday to 16:30); lunch 12:00-13:00, and on Friday a longer
# break 11:30-13:30 for the Friday prayer, as Palembang's public offices do.
MON_THU = (dt.time(8), dt.time(15, 30), dt.time(12), dt.time(13))
FRIDAY = (dt.time(8), dt.time(16), dt.time(11, 30), dt.time(13, 30))


@dataclass(frozen=True)
class OfficeSpec:
    code: str
    name: str
    region: str
    address: str
    phone: str
    stations: tuple[tuple[int, str, str], ...]
    staff: tuple[tuple[str, str, str, str], ...]  # username, role, first name, last name


OFFICES = (
    OfficeSpec(
        code=MAIN_OFFICE,
        name="UPT Zona VIII Sematang Borang",
        region="16.71.16",
        address="Jl. Sematang Borang, Kelurahan Srimulya, Kecamatan Sematang Borang, Kota Palembang",
        phone="0711-000008",
        stations=(
            (1, StationKind.REGISTRATION, "Loket 1 (Pendaftaran)"),
            (2, StationKind.REGISTRATION, "Loket 2 (Pendaftaran)"),
            (3, StationKind.RECORDING, "Loket 3 (Perekaman)"),
            (4, StationKind.RECORDING, "Loket 4 (Perekaman)"),
            (5, StationKind.PRINT, "Loket 5 (Cetak KTP-el)"),
        ),
        staff=(
            ("operator1", Role.OPERATOR, "Rina", "Anggraini"),
            ("operator2", Role.OPERATOR, "Dedi", "Kurniawan"),
            ("perekam1", Role.RECORDING_OFFICER, "Fajar", "Pratama"),
            ("perekam2", Role.RECORDING_OFFICER, "Nyimas", "Handayani"),
            ("kepala", Role.HEAD, "Kms. Hendra", "Saputra"),
        ),
    ),
    # A second, smaller office so that the separation between offices can be seen. Its area here is
    # illustrative: the demo does not claim which kecamatan the real Zona I serves.
    OfficeSpec(
        code=SECOND_OFFICE,
        name="UPT Zona I Ilir Barat I",
        region="16.71.04",
        address="Jl. Demang Lebar Daun, Kelurahan Lorok Pakjo, Kecamatan Ilir Barat I, Kota Palembang",
        phone="0711-000001",
        stations=(
            (1, StationKind.REGISTRATION, "Loket 1 (Pendaftaran)"),
            (2, StationKind.RECORDING, "Loket 2 (Perekaman)"),
            (3, StationKind.PRINT, "Loket 3 (Cetak KTP-el)"),
        ),
        staff=(
            ("operator.zona1", Role.OPERATOR, "Siti", "Rahmawati"),
            ("perekam.zona1", Role.RECORDING_OFFICER, "Ilham", "Siregar"),
            ("kepala.zona1", Role.HEAD, "Yusuf", "Effendi"),
        ),
    ),
)
# Accounts that belong to no office.
CITY_STAFF = (
    ("adminkota", Role.CITY_ADMIN, "Ratna", "Wulandari", False),
    ("admin", Role.SYSTEM_ADMIN, "Arif", "Hidayat", True),
)
DEMO_USERNAMES = tuple(s[0] for o in OFFICES for s in o.staff) + tuple(s[0] for s in CITY_STAFF)

# Office days off on top of national holidays, placed relative to the end of the history.
CLOSURES = (
    (-160, "Pemadaman listrik terjadwal PLN"),
    (-47, "Pemeliharaan jaringan dan server SIAK"),
    (12, "Rapat koordinasi dan bimtek di Disdukcapil Kota Palembang"),
)


def logins_path() -> Path:
    return Path(settings.DATA_DIR) / LOGINS_FILE_NAME


def read_logins() -> list[dict[str, str]]:
    path = logins_path()
    if not path.exists():
        return []
    return list(json.loads(path.read_text()).get("logins", []))


def _write_logins(logins: list[dict[str, str]]) -> None:
    path = logins_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    body = json.dumps({"note": "Demo accounts created by `loket demo`.", "logins": logins}, indent=2)
    # Created 0600 from the first byte: the passwords are never readable by other users.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(body + "\n")
    path.chmod(0o600)


@transaction.atomic
def ensure_regions() -> None:
    for row in json.loads(REGIONS_FILE.read_text()):
        Region.objects.update_or_create(
            code=row["code"],
            defaults={"name": row["name"], "level": row["level"], "parent_id": row["parent"]},
        )


@transaction.atomic
def ensure_offices(*, closures_around: dt.date) -> dict[str, Office]:
    ensure_regions()
    offices = {}
    for spec in OFFICES:
        office, _created = Office.objects.get_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "region_id": spec.region,
                "address": spec.address,
                "phone": spec.phone,
                "timezone": "Asia/Jakarta",
            },
        )
        office.served_regions.add(*Region.objects.filter(Q(code=spec.region) | Q(parent_id=spec.region)))
        for weekday in range(5):
            opens, closes, break_start, break_end = FRIDAY if weekday == 4 else MON_THU
            OpeningHours.objects.get_or_create(
                office=office,
                weekday=weekday,
                defaults={
                    "opens": opens,
                    "closes": closes,
                    "break_start": break_start,
                    "break_end": break_end,
                },
            )
        for service in ServiceType.values:
            # Card services: the study office's "at most 5 days"; IKD is activated while the citizen waits.
            amount, unit = (
                (4, StandardUnit.WORKING_HOURS)
                if service == ServiceType.IKD
                else (5, StandardUnit.WORKING_DAYS)
            )
            ServiceStandard.objects.get_or_create(
                office=office, service_type=service, defaults={"amount": amount, "unit": unit}
            )
        for number, kind, name in spec.stations:
            Station.objects.get_or_create(office=office, number=number, defaults={"kind": kind, "name": name})
        if spec.code == MAIN_OFFICE and not office.closures.exists():
            for offset, reason in CLOSURES:
                day = closures_around + dt.timedelta(days=offset)
                day += dt.timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)
                OfficeClosure.objects.get_or_create(office=office, date=day, defaults={"reason": reason})
        offices[spec.code] = office
    return offices


def ensure_staff(offices: dict[str, Office]) -> list[dict[str, str]]:
    """Create the demo accounts that are missing; return every demo login with its password."""
    known = {entry["username"]: entry for entry in read_logins()}
    wanted: list[tuple[str, str, str, str, Office | None, bool]] = [
        (username, role, first, last, offices[spec.code], False)
        for spec in OFFICES
        for username, role, first, last in spec.staff
    ]
    wanted += [
        (username, role, first, last, None, admin) for username, role, first, last, admin in CITY_STAFF
    ]
    logins, new_passwords = [], {}
    for username, role, first, last, office, admin in wanted:
        user = Staff.objects.filter(username=username).first()
        entry = known.get(username)
        if user is None or entry is None:
            entry = {"username": username, "password": secrets.token_urlsafe(12)}
            new_passwords[username] = (user or Staff(username=username), entry["password"])
            _fill_user(
                new_passwords[username][0], role=role, first=first, last=last, office=office, admin=admin
            )
        logins.append({**entry, "role": str(role), "office": office.name if office else ""})
    # Hashing costs a good fraction of a second a password; the hash function lets other threads run.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        hashes = dict(
            zip(new_passwords, pool.map(make_password, [p for _u, p in new_passwords.values()]), strict=True)
        )
    for username, (user, _password) in new_passwords.items():
        user.password = hashes[username]
        user.save()
    _write_logins(logins)
    return logins


def _fill_user(user: Staff, *, role: str, first: str, last: str, office: Office | None, admin: bool) -> None:
    user.role, user.office, user.first_name, user.last_name = role, office, first, last
    user.email = f"{user.username}@demo.loket.invalid"
    user.is_staff = user.is_superuser = admin


def staff_ids(offices: dict[str, Office]) -> dict[str, dict[str, list[int]]]:
    """Per office code: role -> ids of the staff who can act there (the city administrator everywhere)."""
    city = list(
        Staff.objects.filter(username__in=DEMO_USERNAMES, role=Role.CITY_ADMIN).values_list("id", flat=True)
    )
    result: dict[str, dict[str, list[int]]] = {}
    for code, office in offices.items():
        by_role: dict[str, list[int]] = {Role.CITY_ADMIN.value: city}
        for user_id, role in (
            Staff.objects.filter(office=office, username__in=DEMO_USERNAMES)
            .order_by("username")
            .values_list("id", "role")
        ):
            by_role.setdefault(role, []).append(user_id)
        result[code] = by_role
    return result
