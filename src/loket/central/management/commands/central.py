"""``loket central ...``: run and steer the reference central registry.

loket central migrate                      create/upgrade the centre's own database
loket central serve [--bind HOST:PORT]     the API server (gunicorn)
loket central office add CODE [--key KEY]  allow an office (a key is generated and printed if none given)
loket central office import                "CODE KEY" lines on stdin (from `loket sync keys --export`)
loket central office list
loket central faults --error-rate 0.3 --latency-ms 50-400 --timeout-rate 0.02 --drop-rate 0.02
                     --hang-seconds 30 --outage on|off     (or --clear); takes effect on a running server
loket central config --delay SECONDS --failed-rate RATE   processing delay and share of failed enrollments
loket central stats [--json]
"""

from __future__ import annotations

import json
import os
import sys
from argparse import ArgumentParser, ArgumentTypeError
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from loket.central.auth import new_key
from loket.central.faults import parse_latency, parse_rate
from loket.central.models import Behaviour, CentralOffice
from loket.central.selectors import behaviour_summary, stats
from loket.central.services import behaviour_set, office_register

FAULTS_OFF = {
    "error_rate": 0.0,
    "latency_min_ms": 0,
    "latency_max_ms": 0,
    "timeout_rate": 0.0,
    "drop_rate": 0.0,
}


def _rate(text: str) -> float:
    try:
        return parse_rate(text)
    except ValueError as exc:
        raise ArgumentTypeError(str(exc)) from None


def _latency(text: str) -> tuple[int, int]:
    try:
        return parse_latency(text)
    except ValueError as exc:
        raise ArgumentTypeError(str(exc)) from None


def _on_off(text: str) -> bool:
    if text.lower() in ("on", "1", "true", "yes"):
        return True
    if text.lower() in ("off", "0", "false", "no"):
        return False
    raise ArgumentTypeError("use on or off")


class Command(BaseCommand):
    help = "Run and steer the reference central registry (see `loket central --help`)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        serve = actions.add_parser("serve", help="run the API server")
        # The centre's own settings (mypy knows only the office's, hence the ignores).
        serve.add_argument("--bind", default=settings.CENTRAL_BIND)  # type: ignore[misc]
        serve.add_argument("--workers", type=int, default=settings.CENTRAL_WORKERS)  # type: ignore[misc]
        serve.add_argument("--threads", type=int, default=settings.CENTRAL_THREADS)  # type: ignore[misc]
        actions.add_parser("migrate", help="create or upgrade the centre's database")
        office = actions.add_parser("office", help="offices allowed to send packets")
        office_actions = office.add_subparsers(dest="office_action", required=True)
        add = office_actions.add_parser("add")
        add.add_argument("code")
        add.add_argument("--key", help="the office's key; '-' reads it from stdin; generated if left out")
        office_actions.add_parser("import", help="read 'CODE KEY' lines from stdin")
        office_actions.add_parser("list")
        faults = actions.add_parser("faults", help="inject faults into a running centre")
        faults.add_argument("--error-rate", type=_rate)
        faults.add_argument("--latency-ms", type=_latency, help="MS or MIN-MAX")
        faults.add_argument("--timeout-rate", type=_rate)
        faults.add_argument("--hang-seconds", type=float, help="how long a timed-out request is held")
        faults.add_argument("--drop-rate", type=_rate)
        faults.add_argument("--outage", type=_on_off, help="on or off")
        faults.add_argument("--clear", action="store_true", help="every fault off (outage too)")
        config = actions.add_parser("config", help="processing delay and outcome mix")
        config.add_argument("--delay", type=float, help="seconds before an outcome is visible")
        config.add_argument("--failed-rate", type=_rate, help="share of packets whose enrollment fails")
        stats_parser = actions.add_parser("stats", help="packets received, unique, duplicate deliveries")
        stats_parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        getattr(self, f"_{action}")(options)

    def _serve(self, options: dict[str, Any]) -> None:
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "loket.central.wsgi:application",
            "--bind",
            options["bind"],
            "--workers",
            str(options["workers"]),
            "--threads",
            str(options["threads"]),
            "--worker-class",
            "gthread",
            "--graceful-timeout",
            "5",
            # Several servers run side by side (the office's, tests): none needs the control socket.
            "--no-control-socket",
            # Request lines only: packets travel in POST bodies, never in URLs.
            "--access-logfile",
            "-",
        ]
        os.environ["DJANGO_SETTINGS_MODULE"] = "loket.central.settings"
        sys.stdout.flush()
        os.execv(sys.executable, argv)  # noqa: S606 - replaces this process with the server

    def _migrate(self, options: dict[str, Any]) -> None:
        call_command("migrate", interactive=False, verbosity=max(options["verbosity"] - 1, 0))

    def _office(self, options: dict[str, Any]) -> None:
        if options["office_action"] == "list":
            for office in CentralOffice.objects.all():
                self.stdout.write(f"{office.code}\t{'active' if office.is_active else 'disabled'}")
            return
        if options["office_action"] == "import":
            count = 0
            for line in sys.stdin:
                if not line.strip():
                    continue
                code, _space, key = line.strip().partition(" ")
                if not key.strip():
                    raise CommandError("each line is 'CODE KEY'")
                office_register(code=code, key=key.strip())
                count += 1
            self.stdout.write(f"{count} office key(s) registered.")
            return
        key = options["key"]
        if key == "-":
            key = sys.stdin.readline().strip()
        generated = not key
        office = office_register(code=options["code"], key=key or (key := new_key()))
        self.stdout.write(f"{office.code} {key}" if generated else f"{office.code} registered.")

    def _faults(self, options: dict[str, Any]) -> None:
        changes: dict[str, Any] = dict(FAULTS_OFF, outage=False) if options["clear"] else {}
        for name in ("error_rate", "timeout_rate", "drop_rate", "hang_seconds", "outage"):
            if options[name] is not None:
                changes[name] = options[name]
        if options["latency_ms"] is not None:
            changes["latency_min_ms"], changes["latency_max_ms"] = options["latency_ms"]
        self._change(changes)

    def _config(self, options: dict[str, Any]) -> None:
        changes: dict[str, Any] = {}
        if options["delay"] is not None:
            if options["delay"] < 0:
                raise CommandError("the delay cannot be negative")
            changes["processing_delay_seconds"] = options["delay"]
        if options["failed_rate"] is not None:
            changes["failed_rate"] = options["failed_rate"]
        self._change(changes)

    def _change(self, changes: dict[str, Any]) -> None:
        behaviour = behaviour_set(**changes) if changes else Behaviour.current()
        self.stdout.write(json.dumps(behaviour_summary(behaviour)))

    def _stats(self, options: dict[str, Any]) -> None:
        figures = stats()
        if options["json"]:
            self.stdout.write(json.dumps(figures))
            return
        for name, value in figures.items():
            self.stdout.write(f"{name}: {value}")
