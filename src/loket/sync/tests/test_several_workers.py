"""Several workers at once on PostgreSQL: claims make sure no two send the same packet."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from loket.sync.models import Packet, PacketState
from loket.sync.services import central_key_set
from loket.sync.tests.fakes import FakeCentre
from loket.sync.tests.test_worker import _worker

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="several workers need PostgreSQL"),
]


class CountingCentre(FakeCentre):
    def __init__(self) -> None:
        super().__init__(key="k")
        self.per_packet: Counter[str] = Counter()
        self.lock = threading.Lock()

    def _receive(self, packet):
        with self.lock:
            self.per_packet[packet["packet_id"]] += 1
            return super()._receive(packet)


def _run_workers(centre: CountingCentre, n: int) -> list[BaseException]:
    start = threading.Barrier(n)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            worker = _worker(centre, batch_size=7)
            start.wait()
            while worker.deliver_batch():
                pass
        except BaseException as exc:  # reported by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def test_four_workers_deliver_every_packet_exactly_once(office, capture):
    central_key_set(office=office, key="k")
    for _ in range(120):
        capture()
    centre = CountingCentre()

    errors = _run_workers(centre, 4)

    assert errors == []
    assert Packet.objects.filter(state=PacketState.DELIVERED).count() == 120
    assert len(centre.per_packet) == 120
    assert set(centre.per_packet.values()) == {1}


def test_concurrent_claims_never_overlap(office, capture):
    for _ in range(60):
        capture()
    centre = CountingCentre()
    claimed: list[list[str]] = []
    start = threading.Barrier(6)

    def claim() -> None:
        try:
            worker = _worker(centre)
            start.wait()
            while batch := worker._claim(Packet.objects.filter(state=PacketState.PENDING, claimed_by=""), 4):
                claimed.append([str(p.pk) for p in batch])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    everything = [pk for batch in claimed for pk in batch]
    assert len(everything) == 60 == len(set(everything))
