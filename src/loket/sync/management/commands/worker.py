"""``loket worker``: deliver enrollment packets to the centre and bring back the outcomes.

Runs until SIGTERM or SIGINT; then finishes the call in flight (each has a timeout), records
its answer, gives back every claim and exits. Several workers may run at once on PostgreSQL;
on SQLite only one (a lock file next to the database refuses a second).
"""

from __future__ import annotations

import fcntl
import logging
import signal
import threading
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from loket.sync.delivery import SyncWorker

logger = logging.getLogger("loket.sync.worker")


def _sqlite_lock() -> IO[str] | None:
    """On SQLite, hold an exclusive lock for the worker's life; None if another worker has it."""
    if connection.vendor != "sqlite":
        return None
    path = Path(str(settings.DATABASES["default"]["NAME"]) + ".sync-worker.lock")
    handle = path.open("w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise CommandError(
            "Another sync worker is running on this SQLite database; on SQLite run only one "
            "(use PostgreSQL for several)."
        ) from None
    return handle


class Command(BaseCommand):
    help = "Deliver enrollment packets to the central registry and apply its outcomes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="one round, then exit")

    def handle(self, *args: Any, **options: Any) -> None:
        lock = _sqlite_lock()
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        logging.getLogger("httpx").setLevel(logging.WARNING)  # a line per request drowns the worker's own
        worker = SyncWorker(stopping=stop)
        logger.info("sync worker %s started; centre at %s", worker.name, settings.LOKET_CENTRAL_URL)
        try:
            if options["once"]:
                worker.run_once()
                return
            while not stop.is_set():
                if not worker.run_once():
                    stop.wait(worker.nap_seconds())
        finally:
            released = worker.release_claims()
            worker.close()
            logger.info("sync worker %s stopped (%d claim(s) given back)", worker.name, released)
            if lock is not None:
                lock.close()
