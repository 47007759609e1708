"""The office side of the chaos test, run as its own process (the worker and the test are others):

    python driver.py setup OFFICE_CODE          create the office and its staff; print its central key
    python driver.py capture OFFICE_CODE COUNT [FIRST]  register COUNT citizens (NIK serials from FIRST)
                                                and record their biometrics
    python driver.py verify OFFICE_CODE         print the applications' statuses and the packets' states

The database comes from the environment (LOKET_DATA_DIR for SQLite, or DATABASE_URL), as for `loket`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
django.setup()

from django.db.models import Count  # noqa: E402

from loket import testing  # noqa: E402
from loket.applications.lifecycle import Status  # noqa: E402
from loket.applications.models import Application, ApplicationEvent  # noqa: E402
from loket.applications.services import application_transition  # noqa: E402
from loket.offices.models import Office, Role, Staff  # noqa: E402
from loket.sync.models import Packet  # noqa: E402
from loket.sync.services import central_key_ensure  # noqa: E402

BIRTH_DATE = dt.date(1990, 5, 17)


def setup(code: str) -> None:
    office = testing.make_office(code=code, name="UPT Chaos")
    testing.make_staff(role=Role.OPERATOR, office=office, username=f"{code}-operator")
    testing.make_staff(role=Role.RECORDING_OFFICER, office=office, username=f"{code}-recorder")
    print(central_key_ensure(office=office))


def capture(code: str, count: int, first: int = 1) -> None:
    office = Office.objects.get(code=code)
    operator = Staff.objects.get(username=f"{code}-operator")
    recorder = Staff.objects.get(username=f"{code}-recorder")
    for n in range(1, count + 1):
        nik = testing.nik_for(birth_date=BIRTH_DATE, serial=first + n - 1)
        person = testing.make_person(nik=nik, birth_date=BIRTH_DATE)
        app = testing.make_application(office=office, actor=operator, person=person)
        app = application_transition(application=app, to_status=Status.DOCUMENTS_VERIFIED, actor=operator)
        application_transition(application=app, to_status=Status.BIOMETRICS_CAPTURED, actor=recorder)
        if n % 100 == 0:
            print(f"captured {n}", flush=True)


def verify(code: str) -> None:
    apps = Application.objects.filter(office__code=code)
    packets = Packet.objects.filter(office__code=code)
    print(
        json.dumps(
            {
                "applications": apps.count(),
                "statuses": dict(apps.values_list("status").annotate(n=Count("id")).order_by()),
                "packets": packets.count(),
                "packet_states": dict(packets.values_list("state").annotate(n=Count("pk")).order_by()),
                "most_packets_per_application": max(
                    packets.values("application").annotate(n=Count("pk")).values_list("n", flat=True),
                    default=0,
                ),
                "sync_events": dict(
                    ApplicationEvent.objects.filter(application__office__code=code, source="sync")
                    .values_list("to_status")
                    .annotate(n=Count("id"))
                    .order_by()
                ),
            }
        )
    )


if __name__ == "__main__":
    action, office_code, *rest = sys.argv[1:]
    if action == "setup":
        setup(office_code)
    elif action == "capture":
        capture(office_code, *map(int, rest))
    else:
        verify(office_code)
