"""``loket sync ...``: the office side of the sync, from the command line.

loket sync status [--json]            pending, delivered, failed, oldest pending age, link state
loket sync reconcile [--json]         compare the outbox with the centre's records, list every difference
loket sync backfill                   write the missing packets: applications captured, sent for
                                      enrollment, at the centre or in adjudication without one
loket sync retry --all-failed         send every packet the centre refused again (after fixing a key)
loket sync keys --ensure [--export]   give every active office a central key; --export prints
                                      "CODE KEY" lines for `loket central office import`
loket sync keys --set CODE            read the office's key (issued by the centre) from stdin
loket sync demo-outage                the office working through an outage and catching up
"""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from loket.offices.models import Office
from loket.sync.reconcile import reconcile
from loket.sync.selectors import sync_status
from loket.sync.services import central_key_ensure, central_key_set, packets_backfill, packets_retry_failed


class Command(BaseCommand):
    help = "Sync with the central registry: status, reconcile, keys, the outage demo."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        status = actions.add_parser("status")
        status.add_argument("--json", action="store_true")
        rec = actions.add_parser("reconcile")
        rec.add_argument("--json", action="store_true")
        actions.add_parser("backfill")
        retry = actions.add_parser("retry")
        retry.add_argument("--all-failed", action="store_true", required=True)
        keys = actions.add_parser("keys")
        keys.add_argument("--ensure", action="store_true")
        keys.add_argument("--export", action="store_true")
        keys.add_argument("--set", metavar="CODE")
        demo = actions.add_parser("demo-outage")
        demo.add_argument("--office", help="office code (default: the first active office)")
        demo.add_argument("--count", type=int, default=12, help="applications captured during the outage")
        demo.add_argument("--outage-seconds", type=float, default=20.0)

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "_" + options["action"].replace("-", "_"))(options)

    def _status(self, options: dict[str, Any]) -> None:
        figures = sync_status()
        if options["json"]:
            self.stdout.write(json.dumps(figures))
            return
        for name, value in figures.items():
            self.stdout.write(f"{name}: {value}")

    def _reconcile(self, options: dict[str, Any]) -> None:
        report = reconcile()
        if options["json"]:
            self.stdout.write(json.dumps(report))
        else:
            self.stdout.write(
                f"checked {report['checked_at_office']} packet(s) at the office, "
                f"{report['checked_at_centre']} at the centre"
            )
            for difference in report["differences"]:
                self.stdout.write(" ".join(f"{k}={v}" for k, v in difference.items()))
            for error in report["errors"]:
                self.stderr.write(f"error: {error}")
            self.stdout.write(f"{len(report['differences'])} difference(s)")
        if report["errors"]:
            raise CommandError("the centre could not be asked about every office")

    def _backfill(self, options: dict[str, Any]) -> None:
        self.stdout.write(f"{packets_backfill()} packet(s) written")

    def _retry(self, options: dict[str, Any]) -> None:
        self.stdout.write(f"{packets_retry_failed()} packet(s) back in the queue")

    def _keys(self, options: dict[str, Any]) -> None:
        if options["set"]:
            office = Office.objects.filter(code=options["set"]).first()
            if office is None:
                raise CommandError(f"no office with code {options['set']!r}")
            central_key_set(office=office, key=sys.stdin.readline())
            self.stdout.write(f"key of {office.code} set")
            return
        if not options["ensure"]:
            raise CommandError("use --ensure (with --export to print the keys) or --set CODE")
        for office in Office.objects.filter(is_active=True).order_by("code"):
            key = central_key_ensure(office=office)
            if options["export"]:
                self.stdout.write(f"{office.code} {key}")

    def _demo_outage(self, options: dict[str, Any]) -> None:
        from loket.sync.demo import demo_outage

        demo_outage(
            office_code=options["office"],
            count=options["count"],
            outage_seconds=options["outage_seconds"],
            out=self.stdout,
        )
