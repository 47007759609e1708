"""One competing process for the concurrency tests (started by them with ``python worker.py SPEC``).

SPEC is JSON: ``folder`` (where the barrier files live), ``name``, ``mode`` and its arguments. For
each round the worker loads what it needs, touches ``ready-<round>-<name>``, waits for ``go-<round>``
(the parent creates it once every worker is ready, so they all start at the same instant), does the
operation and writes ``result-<round>-<name>.json``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import django

django.setup()

from django.db import transaction  # noqa: E402

from loket.applications.models import Application  # noqa: E402
from loket.applications.services import card_print  # noqa: E402
from loket.core.errors import ServiceError  # noqa: E402
from loket.core.sequences import next_value  # noqa: E402
from loket.offices.models import Staff, Station  # noqa: E402

WAIT_LIMIT = 120  # seconds; a stuck parent must not leave workers behind forever


def wait_for(path: Path) -> None:
    deadline = time.monotonic() + WAIT_LIMIT
    while not path.exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {path.name}")
        time.sleep(0.0002)


def write_result(folder: Path, name: str, outcome: dict[str, Any]) -> None:
    partial = folder / f".{name}.tmp"
    partial.write_text(json.dumps(outcome))
    partial.rename(folder / name)  # atomic: the parent never reads half a result


def print_rounds(spec: dict[str, Any], folder: Path) -> None:
    actor = Staff.objects.get(pk=spec["actor"])
    station = Station.objects.get(pk=spec["station"])
    for number, application_id in enumerate(spec["applications"]):
        application = Application.objects.get(pk=application_id)
        (folder / f"ready-{number}-{spec['name']}").touch()
        wait_for(folder / f"go-{number}")
        started = time.time()
        try:
            card_print(application=application, actor=actor, station=station)
            outcome: dict[str, Any] = {"printed": True}
        except ServiceError as exc:
            outcome = {"printed": False, "code": exc.code}
        # When it ran, so the test can show the two calls really overlapped.
        outcome["during"] = [started, time.time()]
        write_result(folder, f"result-{number}-{spec['name']}.json", outcome)


def take_numbers(spec: dict[str, Any], folder: Path) -> None:
    (folder / f"ready-0-{spec['name']}").touch()
    wait_for(folder / "go-0")
    numbers = []
    for _ in range(spec["count"]):
        with transaction.atomic():
            numbers.append(next_value(spec["key"]))
    write_result(folder, f"result-0-{spec['name']}.json", {"numbers": numbers})


if __name__ == "__main__":
    spec = json.loads(sys.argv[1])
    {"print": print_rounds, "numbers": take_numbers}[spec["mode"]](spec, Path(spec["folder"]))
