"""Two print stations, two OS processes, one database: the last blank is printed once, a card is
printed once, and gap-free numbers stay gap-free.

The processes wait at a barrier (a file the test creates once both are ready) so they really start
together; several rounds make the race real. PostgreSQL only: SQLite serialises every writer on the
whole database, so there is no race to test (CI runs this in its PostgreSQL pass).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from loket import testing
from loket.applications.lifecycle import Status
from loket.applications.models import Application, BlankMovement, BlankMovementKind
from loket.applications.selectors import blank_stock
from loket.applications.services import blank_stock_receive
from loket.offices.models import Role, StationKind

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL (row locks between processes); runs in CI's PostgreSQL pass",
    ),
]

WORKER = Path(__file__).with_name("worker.py")
ROUNDS = 6
WAIT_LIMIT = 120


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _spawn(spec: dict[str, Any], tmp_path: Path) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "loket.settings",
        "DATABASE_URL": _database_url(),  # the test database, where this test's rows are committed
        "LOKET_DATA_DIR": str(tmp_path / "data"),
        "LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen(
        [sys.executable, str(WORKER), json.dumps(spec)], env=env, stderr=subprocess.PIPE, text=True
    )


def _wait_for(paths: list[Path], workers: list[subprocess.Popen[str]]) -> None:
    deadline = time.monotonic() + WAIT_LIMIT
    while not all(path.exists() for path in paths):
        for worker in workers:
            if worker.poll() not in (None, 0):
                raise AssertionError(f"worker failed: {worker.stderr.read() if worker.stderr else ''}")
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {[p.name for p in paths if not p.exists()]}")
        time.sleep(0.005)


def _race(tmp_path: Path, specs: list[dict[str, Any]], rounds: int, before_round=None) -> list[list[dict]]:
    """Run the workers through ``rounds`` barriers; the results of each round, one per worker."""
    folder = tmp_path / "barrier"
    folder.mkdir()
    workers = [
        _spawn({**spec, "folder": str(folder), "name": f"w{i}"}, tmp_path) for i, spec in enumerate(specs)
    ]
    names = [f"w{i}" for i in range(len(specs))]
    results = []
    try:
        for number in range(rounds):
            _wait_for([folder / f"ready-{number}-{name}" for name in names], workers)
            if before_round:
                before_round(number)
            (folder / f"go-{number}").touch()
            files = [folder / f"result-{number}-{name}.json" for name in names]
            _wait_for(files, workers)
            results.append([json.loads(path.read_text()) for path in files])
        for worker in workers:
            assert worker.wait(timeout=WAIT_LIMIT) == 0, worker.stderr.read() if worker.stderr else ""
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
    return results


def _overlapped(outcomes: list[dict[str, Any]]) -> bool:
    (start_a, end_a), (start_b, end_b) = (o.pop("during") for o in outcomes)
    return start_a < end_b and start_b < end_a


def _print_ready(office) -> Application:
    app = testing.make_application(office=office)
    Application.objects.filter(pk=app.pk).update(status=Status.PRINT_READY)
    return app


def test_two_stations_racing_for_the_last_blank_print_exactly_one_card(tmp_path):
    office = testing.make_office(blanks=1)
    head = testing.make_staff(role=Role.HEAD, office=office)
    station = office.stations.get(kind=StationKind.PRINT)
    pairs = [(_print_ready(office), _print_ready(office)) for _ in range(ROUNDS)]
    specs = [
        {
            "mode": "print",
            "actor": head.pk,
            "station": station.pk,
            "applications": [pair[i].pk for pair in pairs],
        }
        for i in (0, 1)
    ]

    def one_blank(number: int) -> None:
        if number:  # round 0 starts with the office's single blank
            blank_stock_receive(office=office, actor=head, quantity=1)
        assert blank_stock(office) == 1

    rounds = _race(tmp_path, specs, ROUNDS, before_round=one_blank)

    assert any([_overlapped(outcomes) for outcomes in rounds]), "the processes never ran at the same time"
    for number, outcomes in enumerate(rounds):
        printed = [o for o in outcomes if o["printed"]]
        refused = [o for o in outcomes if not o["printed"]]
        assert len(printed) == 1, (number, outcomes)
        assert refused == [{"printed": False, "code": "no_blanks"}], (number, outcomes)
        statuses = sorted(
            Application.objects.filter(pk__in=[p.pk for p in pairs[number]]).values_list("status", flat=True)
        )
        assert statuses == sorted([Status.PRINTED, Status.PRINT_READY])
    assert blank_stock(office) == 0
    prints = BlankMovement.objects.filter(office=office, kind=BlankMovementKind.PRINT)
    assert prints.count() == ROUNDS
    assert all(m.balance_after == 0 for m in prints)
    assert sum(BlankMovement.objects.filter(office=office).values_list("quantity", flat=True)) == 0


def test_two_stations_printing_the_same_application_print_it_once(tmp_path):
    office = testing.make_office(blanks=2 * ROUNDS)
    head = testing.make_staff(role=Role.HEAD, office=office)
    station = office.stations.get(kind=StationKind.PRINT)
    applications = [_print_ready(office) for _ in range(ROUNDS)]
    spec = {
        "mode": "print",
        "actor": head.pk,
        "station": station.pk,
        "applications": [a.pk for a in applications],
    }

    rounds = _race(tmp_path, [spec, spec], ROUNDS)

    assert any([_overlapped(outcomes) for outcomes in rounds]), "the processes never ran at the same time"
    for number, outcomes in enumerate(rounds):
        assert sorted(o["printed"] for o in outcomes) == [False, True], (number, outcomes)
        assert [o["code"] for o in outcomes if not o["printed"]] == ["not_print_ready"]
    assert set(Application.objects.filter(office=office).values_list("status", flat=True)) == {Status.PRINTED}
    assert blank_stock(office) == ROUNDS  # one blank used per application, never two
    for app in applications:
        assert app.events.filter(to_status=Status.PRINTED).count() == 1
        assert BlankMovement.objects.filter(application=app).count() == 1


def test_gap_free_numbers_stay_gap_free_across_processes(tmp_path):
    spec = {"mode": "numbers", "key": "suket:race:2026", "count": 40}
    ((first, second),) = _race(tmp_path, [spec, spec, spec][:2], 1)
    taken = first["numbers"] + second["numbers"]
    assert sorted(taken) == list(range(1, 81))
    assert first["numbers"] == sorted(first["numbers"])
