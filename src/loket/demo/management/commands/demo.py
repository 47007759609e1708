"""``loket demo``: the demo offices with a year of history. See ``loket demo --help``."""

from __future__ import annotations

import datetime as dt
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from loket.demo import setup
from loket.demo.generate import TZ, DemoError, Options, generate
from loket.demo.reset import ResetRefused, reset_demo
from loket.offices.models import Office


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--until wants a date as YYYY-MM-DD, not {text!r}.") from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 1:
        raise CommandError(f"Expected a whole number of at least 1, not {text!r}.")
    return value


class Command(BaseCommand):
    help = (
        "Create the demo offices (UPT Zona VIII Sematang Borang and a small UPT Zona I), their staff "
        "and a year of realistic history. The data is the same for the same --seed, --days, --until "
        "and --applications; the staff passwords are the exception: they are random (secrets), written "
        "to DATA_DIR/demo-logins.json (mode 0600) and shown by `loket welcome`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="Seed of the generator (default 1).")
        parser.add_argument(
            "--applications",
            type=_positive,
            metavar="N",
            help="Generate exactly N applications, spread over the --days of history with more per day "
            "(the weekly and hourly pattern kept); 2%% of them go to the second office.",
        )
        parser.add_argument(
            "--days", type=_positive, default=365, help="Length of the history in days (365)."
        )
        parser.add_argument(
            "--until",
            type=_date,
            metavar="YYYY-MM-DD",
            help="History up to the end of this day instead of up to now.",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if an office already exists (for `make run`)."
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo offices, their staff and history first (refused in production).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]
        if options["if_empty"] and Office.objects.exists():
            if verbosity >= 1:
                self.stdout.write("An office already exists: no demo data added.")
            return
        if options["reset"]:
            try:
                deleted = reset_demo()
            except ResetRefused as exc:
                raise CommandError(str(exc)) from None
            if verbosity >= 1:
                self.stdout.write(
                    "Removed the demo data: " + ", ".join(f"{v} {k}" for k, v in deleted.items())
                )
        started = time.monotonic()
        bar = tqdm(
            unit=" applications", file=sys.stderr, disable=verbosity == 0, mininterval=0.5, smoothing=0.1
        )

        def progress(total: int, done: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        try:
            summary = generate(
                Options(
                    seed=options["seed"],
                    days=options["days"],
                    until=options["until"],
                    applications=options["applications"],
                ),
                progress=progress,
            )
        except DemoError as exc:
            raise CommandError(str(exc)) from None
        finally:
            bar.close()
        if verbosity >= 1:
            rows = summary.rows
            local = summary.horizon.astimezone(TZ)
            self.stdout.write(
                f"Demo history up to {local:%Y-%m-%d %H:%M} (Asia/Jakarta): "
                f"{rows['application']:,} applications, "
                f"{rows['event']:,} events, {rows['person']:,} citizens, {rows['movement']:,} blank "
                f"movements, {rows['suket']:,} Sukets, {rows['pickup']:,} pickups; {summary.stockout_days} "
                f"days without blanks; {summary.survey_responses:,} survey responses; "
                f"{summary.consents:,} citizens' consent to messages, {summary.apologies:,} past apologies "
                f"for lateness; "
                + ", ".join(f"{count:,} {name}" for name, count in summary.rooms.items())
                + f" ({time.monotonic() - started:.1f} s)."
            )
            self.stdout.write(f"Staff logins: {setup.logins_path()} (see `loket welcome`).")
