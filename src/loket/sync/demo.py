"""``loket sync demo-outage``: the office working through an outage and catching up.

With `make run` going (the centre and the worker running), in another terminal:

    .venv/bin/loket sync demo-outage

It switches the reference centre to a full outage, registers and records citizens at the demo
office while the link is down (the backlog grows, the banner on every staff page turns red),
restores the centre and watches the worker drain the backlog and bring back the outcomes.
"""

from __future__ import annotations

import datetime as dt
import random
import subprocess
import sys
import time
from io import TextIOBase

from django.core.management.base import CommandError

from loket.applications.lifecycle import CENTRAL_OUTCOMES, Status
from loket.applications.models import Application
from loket.applications.requirements import requirement_codes
from loket.applications.services import application_register, application_transition
from loket.offices.models import Office, Role, ServiceType, Staff
from loket.people.models import Person
from loket.sync.models import CentralKey
from loket.sync.selectors import sync_status

NAMES = [
    "Ahmad Fauzi",
    "Siti Rahmawati",
    "Budi Santoso",
    "Dewi Lestari",
    "Rudi Hartono",
    "Nur Aisyah",
    "Agus Salim",
    "Rina Marlina",
    "Hendra Gunawan",
    "Yuni Kartika",
    "Joko Susilo",
    "Sri Wahyuni",
]


def _centre(*args: str) -> None:
    """Steer the reference centre (it shares this machine's data folder under `make run`)."""
    done = subprocess.run(  # noqa: S603 - our own command, argument list
        [sys.executable, "-m", "loket", "central", "faults", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise CommandError(f"could not reach the centre's database: {done.stderr[-500:]}")


def _staff(office: Office, role: str) -> Staff:
    staff = (
        Staff.objects.filter(office=office, role__in=[role, Role.HEAD], is_active=True)
        .order_by("role")
        .first()
    )
    if staff is None:
        raise CommandError(f"{office.code} has no active {role} or head of office")
    return staff


def _new_citizen(rng: random.Random) -> dict[str, object]:
    while True:
        sex = rng.choice("MF")
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(16_000))
        day = birth.day + (40 if sex == "F" else 0)
        nik = f"167116{day:02d}{birth:%m%y}{rng.randrange(1, 10_000):04d}"
        if not Person.objects.filter(nik=nik).exists():
            break
    return {
        "nik": nik,
        "kk_number": f"1671160101{rng.randrange(10**6):06d}",
        "full_name": rng.choice(NAMES),
        "birth_date": birth,
        "sex": sex,
        "address": f"Jl. Lebung Gajah No. {rng.randrange(1, 200)}",
    }


def _capture(office: Office, operator: Staff, recorder: Staff, rng: random.Random) -> Application:
    app = application_register(
        actor=operator,
        office=office,
        service_type=ServiceType.NEW,
        fulfilled=requirement_codes(ServiceType.NEW),
        **_new_citizen(rng),  # type: ignore[arg-type]
    )
    app = application_transition(application=app, to_status=Status.DOCUMENTS_VERIFIED, actor=operator)
    return application_transition(application=app, to_status=Status.BIOMETRICS_CAPTURED, actor=recorder)


def _line(out: TextIOBase, text: str) -> None:
    status = sync_status()
    out.write(
        f"{time.strftime('%H:%M:%S')}  link {status['link']:<8} backlog {status['pending']:>4}  "
        f"oldest {status['oldest_pending_age_seconds']:>5.0f} s  {text}\n"
    )
    out.flush()


def demo_outage(*, office_code: str | None, count: int, outage_seconds: float, out: TextIOBase) -> None:
    office = (
        Office.objects.filter(code=office_code).first()
        if office_code
        else Office.objects.filter(is_active=True).order_by("pk").first()
    )
    if office is None:
        raise CommandError("no such office: run `loket demo` first, or give --office CODE")
    if not CentralKey.objects.filter(office=office).exists():
        raise CommandError(
            "the office has no central key: `loket sync keys --ensure --export | loket central office import`"
        )
    if not sync_status()["worker_running"]:
        out.write(
            "warning: no sync worker seen in the last two minutes; start `loket worker` (make run does)\n"
        )
    operator, recorder = _staff(office, Role.OPERATOR), _staff(office, Role.RECORDING_OFFICER)
    rng = random.Random()
    _line(out, f"before the outage ({office.name})")
    _centre("--outage", "on")
    started = time.monotonic()
    _line(out, "the centre is DOWN: the office keeps registering and recording")
    captured = []
    for _ in range(count):
        app = _capture(office, operator, recorder, rng)
        captured.append(app.pk)
        _line(out, f"recorded {app.display_receipt}: its packet waits in the outbox")
        time.sleep(max(0.0, outage_seconds / max(count, 1) - 0.2))
    while time.monotonic() - started < outage_seconds:
        time.sleep(2)
        _line(out, "still down")
    _centre("--outage", "off")
    _line(out, "the centre is BACK: the worker drains the backlog")
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        time.sleep(2)
        done = Application.objects.filter(pk__in=captured, status__in=CENTRAL_OUTCOMES).count()
        _line(out, f"{done}/{len(captured)} recorded during the outage have their outcome")
        if done == len(captured):
            break
    statuses = Application.objects.filter(pk__in=captured).values_list("status", flat=True)
    summary = ", ".join(f"{s}: {list(statuses).count(s)}" for s in sorted(set(statuses)))
    out.write(f"done: {summary}\n")
