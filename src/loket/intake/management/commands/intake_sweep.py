"""``loket intake_sweep``: mark bookings whose check-in window has closed as no-shows, close
tickets left open on past days, and let the booking slots still to come follow the registration
counters in service (``slots_follow_counters``). Runs as a long-lived worker (every minute) or once
(``--once``, e.g. from cron). Several can run at once: each row is claimed with SKIP LOCKED, and a
slot's capacity is set by one conditional UPDATE."""

from __future__ import annotations

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand

from loket.intake.services import booking_expire_one, slots_follow_counters, ticket_close_day_one
from loket.offices.models import Office


def process_one() -> bool:
    """Do one piece of work; False when there was nothing to do."""
    return booking_expire_one() is not None or ticket_close_day_one() is not None


def follow_counters() -> int:
    """Slots changed to follow the counters, in every active office."""
    return sum(slots_follow_counters(office) for office in Office.objects.filter(is_active=True))


class Command(BaseCommand):
    help = (
        "Mark missed bookings as no-shows, close tickets left open on past days, and let the booking "
        "slots still to come follow the counters in service."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Sweep until nothing is left, then stop.")
        parser.add_argument("--interval", type=float, default=60.0, help="Seconds to sleep when idle.")

    def handle(self, *args: Any, once: bool = False, interval: float = 60.0, **options: Any) -> None:
        self.stopping = False
        if not once:
            signal.signal(signal.SIGTERM, self._stop)
            signal.signal(signal.SIGINT, self._stop)
        done = resized = 0
        while not self.stopping:
            if process_one():
                done += 1
                continue
            resized += follow_counters()
            if once:
                break
            self._sleep(interval)
        if options.get("verbosity", 1) > 0:
            self.stdout.write(f"intake_sweep: {done} record(s) closed, {resized} slot(s) resized")

    def _stop(self, *_args: object) -> None:
        self.stopping = True

    def _sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(min(1.0, deadline - time.monotonic()))
