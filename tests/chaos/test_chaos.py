"""Chaos: 2,000 applications captured while the centre fails 30% of requests, answers late, drops
connections, goes fully down for a while, and the sync worker is killed (SIGKILL) mid-batch again
and again (and once stopped cleanly with SIGTERM, mid-batch too). Afterwards every packet is at the
centre exactly once and every application has its outcome.

Every party is a real process: the centre (gunicorn, its own SQLite database), the office's
registrations (``driver.py capture``), the workers (``loket worker``). The office's database is
a SQLite file (one worker), or with DATABASE_URL set a PostgreSQL database of its own (three
workers at once).
"""

from __future__ import annotations

import json
import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from loket.central.harness import LOKET, CentralProcess

pytestmark = pytest.mark.slow

APPLICATIONS = 2000
KILLS = 4
OFFICE = "chaos-office"
DRIVER = Path(__file__).with_name("driver.py")
OUTCOMES = {"print_ready", "duplicate_record", "enrollment_failed"}
# The worker tuned for a test that must finish in minutes: short timeouts, leases and backoff.
FAST_SYNC = {
    "LOKET_SYNC_TIMEOUT": "1.0",
    "LOKET_SYNC_BATCH_SIZE": "50",
    "LOKET_SYNC_LEASE_SECONDS": "4",
    "LOKET_SYNC_BACKOFF_BASE": "0.2",
    "LOKET_SYNC_BACKOFF_CAP": "3",
    "LOKET_SYNC_BREAKER_FAILURES": "5",
    "LOKET_SYNC_BREAKER_OPEN_SECONDS": "1",
    "LOKET_SYNC_BREAKER_MAX_OPEN_SECONDS": "2",
    "LOKET_SYNC_POLL_SECONDS": "1",
    "LOKET_SYNC_IDLE_SECONDS": "0.2",
}


@pytest.fixture
def office_env(tmp_path):
    """The environment of every office process: its own database, the centre's address, fast sync."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(FAST_SYNC, LOKET_DATA_DIR=str(tmp_path / "office"), LOG_LEVEL="INFO")
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        env.pop("DATABASE_URL", None)
        yield env
        return
    import psycopg

    name = f"loket_chaos_{uuid.uuid4().hex[:8]}"
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + name
    try:
        yield env
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(args: list[str], env: dict[str, str], timeout: float = 300) -> str:
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


class Worker:
    """A ``loket worker`` process; each "delivery: sending" line it logs (a batch in flight) puts it
    on the crew's queue, so the test can strike whichever worker is in the middle of a batch."""

    def __init__(self, env: dict[str, str], log: Path, senders: queue.Queue[Worker]) -> None:
        self.log = log.open("a")
        self.senders = senders
        self.process = subprocess.Popen(
            [*LOKET, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        threading.Thread(target=self._watch, daemon=True).start()

    def _watch(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.log.write(line)
            self.log.flush()
            if "delivery: sending" in line:
                self.senders.put(self)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)
        self.log.close()


class Crew:
    def __init__(self, env: dict[str, str], log: Path, size: int) -> None:
        self.env, self.log = env, log
        self.senders: queue.Queue[Worker] = queue.Queue()
        self.workers = [Worker(env, log, self.senders) for _ in range(size)]

    def next_sender(self) -> Worker | None:
        """The next worker to start sending a batch (None if none does within 90 s)."""
        while not self.senders.empty():
            self.senders.get_nowait()
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                worker = self.senders.get(timeout=1)
            except queue.Empty:
                continue
            if worker.process.poll() is None:
                return worker
        return None

    def strike(self, sig: int, rng: random.Random) -> tuple[bool, int]:
        """Send ``sig`` to a worker in the middle of a batch; whether one was caught mid-batch, and
        the struck worker's exit status. ``replace()`` starts a new worker in its place."""
        victim = self.next_sender()
        caught = victim is not None
        if victim is None:
            victim = self.workers[0]
        else:
            time.sleep(rng.uniform(0, 0.15))  # somewhere in the call, or in recording its answer
        victim.process.send_signal(sig)
        status = victim.process.wait(timeout=30)
        victim.stop()
        self.struck = self.workers.index(victim)
        return caught, status

    def replace(self) -> None:
        self.workers[self.struck] = Worker(self.env, self.log, self.senders)

    def stop(self) -> None:
        for worker in self.workers:
            worker.stop()


def _phase(started: float, text: str) -> None:
    print(f"{time.monotonic() - started:6.1f} s  {text}", flush=True)  # shown with -s


def _status(env: dict[str, str]) -> dict:
    return json.loads(_run([*LOKET, "sync", "status", "--json"], env))


def test_every_packet_reaches_the_centre_once_and_every_application_its_outcome(tmp_path, office_env):
    rng = random.Random(2024)
    postgres = "DATABASE_URL" in office_env
    started = time.monotonic()
    with CentralProcess(tmp_path / "centre", workers=2, threads=8) as centre:
        centre.config(delay=0.5, failed_rate=0.05)
        office_env["LOKET_CENTRAL_URL"] = centre.url
        _run([*LOKET, "migrate", "--noinput", "-v", "0"], office_env)
        key = _run([sys.executable, str(DRIVER), "setup", OFFICE], office_env).strip().splitlines()[-1]
        centre.add_office(OFFICE, key)
        centre.faults(
            error_rate=0.3, latency_ms="20-300", drop_rate=0.03, timeout_rate=0.02, hang_seconds=1.5
        )
        _phase(started, "centre and office ready; capturing with faults on")

        crew = Crew(office_env, tmp_path / "worker.log", 3 if postgres else 1)
        capture = subprocess.Popen(
            [sys.executable, str(DRIVER), "capture", OFFICE, str(APPLICATIONS)],
            env=office_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        caught_mid_batch = 0
        for kill in range(KILLS):
            time.sleep(rng.uniform(2, 6))
            if kill == 1:  # a full outage in the middle of it all
                centre.faults(outage=True)
                links = [_status(office_env)["link"] for _ in range(3)]
                centre.faults(outage=False)
                assert "offline" in links
            caught, _status_code = crew.strike(signal.SIGKILL, rng)
            caught_mid_batch += caught
            crew.replace()
        _phase(started, f"{KILLS} workers killed, outage over")
        # A clean stop in the middle of a batch: the call finishes, its answer is recorded, the
        # claims are given back (with one worker nothing may stay claimed).
        caught, exit_status = crew.strike(signal.SIGTERM, rng)
        assert caught and exit_status == 0
        if not postgres:
            assert _status(office_env)["in_flight"] == 0
        crew.replace()
        _out, err = capture.communicate(timeout=600)
        assert capture.returncode == 0, err[-3000:]
        _phase(started, f"{APPLICATIONS} applications captured")

        deadline = time.monotonic() + 300
        while (status := _status(office_env))["pending"] or status["awaiting_outcome"]:
            assert time.monotonic() < deadline, f"not drained: {status}"
            time.sleep(2)
        crew.stop()
        _phase(started, "backlog drained, every outcome applied")

        centre.faults(clear=True)
        stats = centre.stats()
        report = json.loads(_run([*LOKET, "sync", "reconcile", "--json"], office_env))
        office = json.loads(_run([sys.executable, str(DRIVER), "verify", OFFICE], office_env))

    assert caught_mid_batch == KILLS
    assert "claim(s) given back" in (tmp_path / "worker.log").read_text()
    # Every packet at the centre exactly once ...
    assert office["packets"] == office["applications"] == APPLICATIONS
    assert office["most_packets_per_application"] == 1
    assert stats["unique_packets"] == APPLICATIONS
    assert report["errors"] == [] and report["differences"] == []
    assert report["checked_at_office"] == report["checked_at_centre"] == APPLICATIONS
    # ... although many were delivered more than once, and the faults really happened.
    assert stats["packets_received"] == APPLICATIONS + stats["duplicate_deliveries"]
    assert stats["faults_injected"]["error"] > 0 and stats["faults_injected"]["outage"] > 0
    # Every application reached its outcome, through the lifecycle, once.
    assert set(office["statuses"]) <= OUTCOMES
    assert sum(office["statuses"].values()) == APPLICATIONS
    assert office["statuses"] == {k: v for k, v in stats["outcomes"].items() if v}
    assert office["packet_states"] == {"completed": APPLICATIONS}
    assert office["sync_events"]["sent_for_enrollment"] == APPLICATIONS
    assert office["sync_events"]["received_at_central"] == APPLICATIONS
