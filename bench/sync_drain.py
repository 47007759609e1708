"""Benchmark: draining a backlog of 10,000 enrollment packets into the central registry.

After an outage the office holds a backlog; how fast does the worker empty it, compared with what
the centre itself can take? In one run:

1. baseline: the same packets, in the same batches, posted straight to a fresh centre by a plain
   HTTP client, one batch after another (the centre's own ingestion ceiling for one sender);
2. faults off: the sync worker (``SyncWorker``, the code of ``loket worker``, default settings)
   drains the backlog from the office's outbox into another fresh centre;
3. 30% errors: the same into a third centre that fails 30% of requests (500/502/503/429).

The figure is packets per second until the backlog is empty (every packet acknowledged by the
centre); the ratio is the figure over the baseline. The office database is SQLite in a temporary
folder (or ``--database-url``); the centres use SQLite too. The backlog is written with bulk
inserts (setup is not measured); the worker then goes through its normal claims and updates.
Also reported: the seconds until every application had followed its packet (two lifecycle
transitions each, which the worker applies after, and between, the deliveries).

    .venv/bin/python bench/sync_drain.py [--packets 10000] [--batch-size 100]

The last line of output is one JSON object with figure, baseline and ratio for both cases.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx


def _configure(data_dir: Path, database_url: str, batch_size: int) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "loket.settings"
    os.environ["LOKET_DATA_DIR"] = str(data_dir)
    os.environ["LOKET_SYNC_BATCH_SIZE"] = str(batch_size)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()


def _backlog(count: int, *, office_code: str, hold: bool) -> list[dict[str, Any]]:
    """``count`` applications at biometrics captured, each with its outbox packet (bulk written).
    With ``hold`` the packets are not due yet (the second case's backlog waits its turn)."""
    from django.utils import timezone

    from loket import testing
    from loket.applications.lifecycle import Status
    from loket.applications.models import Application
    from loket.applications.receipts import new_receipt
    from loket.people.models import Person
    from loket.sync.models import Packet
    from loket.sync.packets import packet_payload

    office = testing.make_office(code=office_code)
    now = timezone.now()
    first_day = dt.date(1980, 1, 1) + dt.timedelta(days=400 if hold else 0)
    people = Person.objects.bulk_create(
        Person(
            nik=testing.nik_for(birth_date=first_day + dt.timedelta(days=n // 9000), serial=n % 9000 + 1),
            kk_number="1671160101200001",
            full_name=f"Warga {office_code} {n}",
            birth_date=first_day + dt.timedelta(days=n // 9000),
            sex="M",
            address="Jl. Lebung Gajah No. 1",
        )
        for n in range(count)
    )
    apps = Application.objects.bulk_create(
        Application(
            office=office,
            person=person,
            service_type="new",
            receipt_number=new_receipt(),
            status=Status.BIOMETRICS_CAPTURED,
            due_at=now + dt.timedelta(days=7),
        )
        for person in people
    )
    later = now + dt.timedelta(days=3650)
    packets = []
    for app in Application.objects.filter(pk__in=[a.pk for a in apps]).select_related("person", "office"):
        packet = Packet(application=app, office=office, next_try_at=later if hold else now)
        packet.payload = packet_payload(packet_id=packet.id, application=app)
        packets.append(packet)
    Packet.objects.bulk_create(packets, batch_size=1000)
    return [p.payload for p in packets]


def _baseline(centre_url: str, key: str, payloads: list[dict[str, Any]], batch_size: int) -> float:
    started = time.perf_counter()
    with httpx.Client(base_url=centre_url, timeout=60, headers={"Authorization": f"Bearer {key}"}) as client:
        for start in range(0, len(payloads), batch_size):
            response = client.post("/api/v1/packets", json={"packets": payloads[start : start + batch_size]})
            response.raise_for_status()
    return time.perf_counter() - started


def _drain(centre_url: str, office_code: str, *, catch_up: bool) -> tuple[float, float | None, int]:
    """Seconds until the office's backlog is empty (every packet acknowledged by the centre), seconds
    until every application has followed (sent for enrollment, received at central), the rounds."""
    from django.conf import settings
    from django.utils import timezone

    from loket.sync.delivery import SyncWorker
    from loket.sync.models import Packet, PacketState

    settings.LOKET_CENTRAL_URL = centre_url
    backlog = Packet.objects.filter(office__code=office_code, state=PacketState.PENDING)
    backlog.update(next_try_at=timezone.now())
    worker = SyncWorker()
    rounds = 0
    started = time.perf_counter()
    while backlog.exists():
        rounds += 1
        if not worker.run_once():
            time.sleep(worker.nap_seconds())
    elapsed = time.perf_counter() - started
    caught_up = None
    if catch_up:
        while worker.apply_batch():
            rounds += 1
        caught_up = time.perf_counter() - started
    worker.release_claims()
    worker.close()
    # Done with this centre: the next case's centre must not be asked about these packets.
    Packet.objects.filter(office__code=office_code).update(
        next_try_at=timezone.now() + dt.timedelta(days=3650)
    )
    return elapsed, caught_up, rounds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--packets", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--database-url", default="", help="the office's database (default: SQLite)")
    parser.add_argument("--error-rate", type=float, default=0.3)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from loket.central.harness import CentralProcess

    with tempfile.TemporaryDirectory(prefix="sync-drain-") as tmp:
        root = Path(tmp)
        _configure(root / "office", args.database_url, args.batch_size)
        from django.core.management import call_command

        from loket.sync.services import central_key_ensure

        call_command("migrate", verbosity=0, interactive=False)
        print(f"writing two backlogs of {args.packets} packets ...", flush=True)
        payloads = _backlog(args.packets, office_code="drain-a", hold=False)
        _backlog(args.packets, office_code="drain-b", hold=True)
        from loket.offices.models import Office

        keys = {office.code: central_key_ensure(office=office) for office in Office.objects.all()}

        def centre(name: str, **faults: Any) -> CentralProcess:
            process = CentralProcess(root / name, workers=2, threads=4).start()
            for code, key in keys.items():
                process.add_office(code, key)
            process.config(delay=3600, failed_rate=0)  # outcomes are not what is measured
            if faults:
                process.faults(**faults)
            return process

        with centre("centre-baseline") as direct:
            baseline_seconds = _baseline(direct.url, keys["drain-a"], payloads, args.batch_size)
        baseline = args.packets / baseline_seconds
        print(f"baseline: {baseline:,.0f} packets/s posted straight to the centre", flush=True)

        results: dict[str, dict[str, Any]] = {}
        cases = (("faults_off", "drain-a", {}), ("errors_30", "drain-b", {"error_rate": args.error_rate}))
        for case, office_code, faults in cases:
            with centre(f"centre-{case}", **faults) as target:
                seconds, caught_up, rounds = _drain(target.url, office_code, catch_up=case == "faults_off")
                stats = target.stats()
            assert stats["unique_packets"] == args.packets, stats
            figure = args.packets / seconds
            results[case] = {
                "figure": round(figure, 1),
                "baseline": round(baseline, 1),
                "ratio": round(figure / baseline, 3),
                "seconds": round(seconds, 2),
                "applications_caught_up_seconds": round(caught_up, 2) if caught_up else None,
                "worker_rounds": rounds,
                "duplicate_deliveries": stats["duplicate_deliveries"],
                "faults_injected": stats["faults_injected"]["error"],
            }
            print(
                f"{case}: {figure:,.0f} packets/s in {seconds:.1f} s, ratio {figure / baseline:.2f}",
                flush=True,
            )

    print(
        json.dumps(
            {
                "benchmark": "sync_drain",
                "unit": "packets/s",
                "packets": args.packets,
                "batch_size": args.batch_size,
                "figure": results["faults_off"]["figure"],
                "baseline": round(baseline, 1),
                "ratio": results["faults_off"]["ratio"],
                **results,
            }
        )
    )


if __name__ == "__main__":
    main()
