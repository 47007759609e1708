"""Several delivery workers at once: every message reaches the gateway exactly once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from loket import testing
from loket.notifications import outbox
from loket.notifications.models import Channel, Kind, OutboxMessage, OutboxStatus

WORKERS = 4
MESSAGES = 24


def _queue_messages(office):
    app = testing.make_application(office=office)
    now = timezone.now()
    OutboxMessage.objects.bulk_create(
        OutboxMessage(
            kind=Kind.READY_FOR_PICKUP,
            channel=Channel.SMS,
            application=app,
            destination=f"62812000{n:05d}",
            body=f"message {n}",
            dedupe_key=f"concurrency:{n}",
            give_up_at=now + timezone.timedelta(hours=1),
        )
        for n in range(MESSAGES)
    )


@pytest.mark.django_db(transaction=True)
def test_four_workers_deliver_every_message_exactly_once(gateway, office):
    if connection.vendor == "sqlite" and connection.creation.is_in_memory_db(
        connection.settings_dict["NAME"]
    ):
        # Shared-cache memory databases lock whole tables and ignore the busy timeout; the office's
        # file database (WAL, IMMEDIATE, 30 s timeout) does not. LOKET_TEST_SQLITE_NAME=/tmp/t.db runs it.
        pytest.skip("needs PostgreSQL or a file SQLite database")
    _queue_messages(office)
    errors: list[BaseException] = []
    start = threading.Barrier(WORKERS)

    def worker() -> None:
        try:
            start.wait()
            while outbox.process_one() is not None:
                pass
        except BaseException as exc:  # surfaced in the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    bodies = sorted(request["form"]["message"][0] for request in gateway.received)
    assert bodies == sorted(f"message {n}" for n in range(MESSAGES))
    assert OutboxMessage.objects.filter(status=OutboxStatus.SENT).count() == MESSAGES
