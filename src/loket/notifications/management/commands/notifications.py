"""``loket notifications run``: the delivery worker (``make run`` starts it from the Procfile).

    loket notifications run             deliver the outbox, and every 15 minutes look for late
                                        applications to apologise for, bookings to remind of or
                                        booked on a day since closed, and delete messages
                                        finished long ago; every round, tell citizens who
                                        booked that their turn is near; until SIGTERM/SIGINT
    loket notifications deliver         deliver what is due once, then exit
    loket notifications check-overdue   queue the apologies for late applications once, then exit
    loket notifications check-bookings  queue the booking reminders and closed-day notices once

Several workers may run at once: each message is claimed before it is sent (see ``outbox.py``).
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections
from django.utils import timezone

from loket.notifications import conf
from loket.notifications.bookings import booking_messages_check
from loket.notifications.outbox import deliver_due, outbox_prune, process_one
from loket.notifications.services import overdue_check
from loket.notifications.turn_near import turn_near_check

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Deliver queued messages to citizens and apologise for late applications."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        run = actions.add_parser("run", help="keep delivering until stopped")
        run.add_argument("--once", action="store_true", help="one round, then exit (for tests)")
        actions.add_parser("deliver", help="deliver what is due, then exit")
        actions.add_parser("check-overdue", help="queue apologies for late applications, then exit")
        actions.add_parser("check-bookings", help="queue booking reminders and closed-day notices, then exit")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "deliver":
            self.stdout.write(str(deliver_due(limit=10_000)))
        elif action == "check-overdue":
            self.stdout.write(f"{overdue_check()} apologies queued")
        elif action == "check-bookings":
            self.stdout.write(f"{booking_messages_check()} booking messages queued")
        else:
            self.run(once=options["once"])

    def run(self, *, once: bool = False) -> None:
        self.stopping = False
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self._stop)
        self.stdout.write("notifications worker started")
        next_checks = timezone.now()
        while not self.stopping:
            close_old_connections()
            try:
                if timezone.now() >= next_checks:
                    self._periodic_checks()
                    next_checks = timezone.now() + dt.timedelta(minutes=conf.overdue_check_minutes())
                self._round()
            except DatabaseError:
                # A busy or briefly unreachable database (SQLite locked by a long write, PostgreSQL
                # restarting) must not end the worker, and with it every process honcho runs: the
                # next round tries again, and nothing was half-written (each message is atomic).
                logger.exception("notifications round failed; trying again in %s s", conf.idle_seconds())
            if once:
                break
            self._sleep(conf.idle_seconds())
        self.stdout.write("notifications worker stopped")

    def _periodic_checks(self) -> None:
        queued = overdue_check()
        about_bookings = booking_messages_check()
        outbox_prune()
        if queued:
            self.stdout.write(f"{queued} apologies for late applications queued")
        if about_bookings:
            self.stdout.write(f"{about_bookings} booking reminders and notices queued")

    def _round(self) -> None:
        # Every round, not every 15 minutes: "your turn is near" is worth something for minutes.
        turn_near_check()
        # Deliver until nothing is due; a stop request is honoured between two messages.
        while not self.stopping and process_one() is not None:
            pass

    def _sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(0.2)

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        self.stopping = True
