"""Benchmark: requests per second of the display board's update endpoint, on PostgreSQL.

    .venv/bin/python bench/display_board.py [--clients 50] [--seconds 15] [--database-url postgres://...]

Same harness as ``bench/intake_tickets.py`` (new PostgreSQL database, gunicorn as the Procfile
serves it, a trivial Django view as the baseline, 50 concurrent keep-alive clients). The office
has a realistic morning queue: 40 tickets waiting, 3 counters each serving one, a dozen calls.

- figure: ``GET /queue/board/<office>/state/?v=<current version>``, what every waiting-room TV
  asks every second while nothing changes (the answer is ``{"v": ...}`` after one small query);
- also reported: the same endpoint when the version has moved (the whole board: stations, next
  numbers, recent calls, wait estimates), i.e. the cost right after a call.

The last line printed is one JSON object with figure, baseline and ratio.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from intake_tickets import (
    close_connections,
    free_port,
    load,
    main,
    make_office,
    start_server,
    stop_server,
)

WAITING = 40
COUNTERS = 3


def morning_queue(office: Any) -> None:
    """Tickets issued, some served and finished, one called at each counter."""
    from django.db import transaction
    from django.utils import timezone

    from loket import testing
    from loket.intake.hours import office_today
    from loket.intake.models import QueueService
    from loket.intake.services import ticket_call_next, ticket_finish, ticket_start
    from loket.intake.services.tickets import ticket_create
    from loket.offices.models import Role, Station, StationKind

    operator = testing.make_staff(role=Role.OPERATOR, office=office)
    for number in range(2, COUNTERS + 1):
        Station.objects.create(
            office=office, kind=StationKind.REGISTRATION, number=10 + number, name=f"Loket {10 + number}"
        )
    services = list(QueueService.objects.filter(office=office, first_stage=StationKind.REGISTRATION))
    now, day = timezone.now(), office_today(office)
    for i in range(WAITING + 12 + COUNTERS):
        with transaction.atomic():
            ticket_create(
                office=office,
                service=services[i % len(services)],
                day=day,
                now=now,
                sort_at=now,
                priority_reason="elderly" if i % 9 == 0 else "",
                booking=None,
            )
    counters = list(Station.objects.filter(office=office, kind=StationKind.REGISTRATION))
    for _round in range(4):
        for counter in counters:
            ticket_call_next(actor=operator, station=counter)
            ticket_start(actor=operator, station=counter)
            ticket_finish(actor=operator, station=counter)
    for counter in counters:
        ticket_call_next(actor=operator, station=counter)


def run(args: argparse.Namespace) -> dict[str, Any]:
    from loket.intake.selectors.board import board_version

    office = make_office()
    morning_queue(office)
    version = board_version(office.pk)
    close_connections()
    port = free_port()
    server = start_server(args.env, port)
    try:
        state = f"/queue/board/{office.pk}/state/"
        baseline = load(port, "get", {"path": "/bench/trivial/"}, clients=args.clients, seconds=args.seconds)
        figure = load(
            port, "get", {"path": f"{state}?v={version}"}, clients=args.clients, seconds=args.seconds
        )
        full = load(port, "get", {"path": f"{state}?v=0"}, clients=args.clients, seconds=args.seconds)
    finally:
        stop_server(server)
    return {
        "benchmark": "display_board",
        "unit": "requests per second of the board's update endpoint, board unchanged (PostgreSQL)",
        "figure": figure["per_second"],
        "baseline": baseline["per_second"],
        "ratio": round(figure["per_second"] / baseline["per_second"], 3),
        "baseline_unit": "requests per second of a trivial Django view, same server, same clients",
        "changed_board_figure": full["per_second"],
        "changed_board_ratio": round(full["per_second"] / baseline["per_second"], 3),
        "errors": {
            "baseline": baseline["errors"],
            "figure": figure["errors"],
            "changed_board": full["errors"],
        },
        "clients": args.clients,
        "seconds": args.seconds,
        "server": "gunicorn gthread 2 workers x 4 threads",
        "cpus": os.cpu_count(),
        "queue": {"waiting": WAITING, "counters": COUNTERS},
    }


if __name__ == "__main__":
    main(run, suffix="board")
