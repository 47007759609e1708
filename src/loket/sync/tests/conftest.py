"""Fixtures of the sync tests: a real central registry process (one per test session, its own
temporary database), the office's key, captured applications and a fast worker."""

from __future__ import annotations

import random
import time

import pytest

from loket import testing
from loket.applications.lifecycle import Status
from loket.applications.services import application_transition
from loket.central.harness import CentralProcess
from loket.offices.models import Role
from loket.sync.client import CentralClient
from loket.sync.delivery import SyncConfig, SyncWorker
from loket.sync.services import central_key_set

OFFICE_CODE = "zona-8"  # the code of the `office` fixture in the root conftest
OFFICE_KEY = "test-key-of-zona-8"
# Fast enough for tests: short timeouts, tiny backoff, a breaker that opens after 3 failures.
FAST = SyncConfig(
    timeout=1.0,
    batch_size=50,
    lease=30.0,
    backoff_base=0.01,
    backoff_cap=0.05,
    breaker_failures=3,
    breaker_open=0.2,
    breaker_max_open=0.2,
    poll=0.0,
    idle=0.05,
)


@pytest.fixture(scope="session")
def central(tmp_path_factory):
    with CentralProcess(tmp_path_factory.mktemp("central"), workers=1, threads=8) as process:
        process.add_office(OFFICE_CODE, OFFICE_KEY)
        process.add_office("zona-1", "test-key-of-zona-1")
        process.config(delay=0, failed_rate=0)
        yield process


@pytest.fixture
def centre_faults(central):
    """The centre, with every fault switched off again after the test."""
    yield central
    central.faults(clear=True)
    central.config(delay=0, failed_rate=0)


@pytest.fixture
def office_key(office):
    return central_key_set(office=office, key=OFFICE_KEY)


def make_worker(url: str, **overrides) -> SyncWorker:
    config = SyncConfig(**{**FAST.__dict__, **overrides})
    return SyncWorker(client=CentralClient(url, timeout=config.timeout), config=config, rng=random.Random(4))


@pytest.fixture
def worker(central, office_key):
    worker = make_worker(central.url)
    yield worker
    worker.close()


@pytest.fixture
def capture(office):
    """capture() -> an application of ``office`` at biometrics captured (its packet written)."""
    operator = testing.make_staff(role=Role.OPERATOR, office=office)
    recorder = testing.make_staff(role=Role.RECORDING_OFFICER, office=office)

    def make(**kwargs):
        app = testing.make_application(office=office, actor=operator, **kwargs)
        app = application_transition(application=app, to_status=Status.DOCUMENTS_VERIFIED, actor=operator)
        return application_transition(application=app, to_status=Status.BIOMETRICS_CAPTURED, actor=recorder)

    return make


def run_until(worker: SyncWorker, done, *, within: float = 60.0) -> None:
    """Run the worker until ``done()`` holds (real time passes: backoff and the breaker wait)."""
    deadline = time.monotonic() + within
    while not done():
        if time.monotonic() > deadline:
            raise AssertionError("the worker did not get there in time")
        if not worker.run_once():
            time.sleep(0.05)


def drain(worker: SyncWorker, *, rounds: int = 50) -> None:
    """Run the worker until a round finds nothing to do."""
    for _ in range(rounds):
        if not worker.run_once():
            return
    raise AssertionError(f"the worker still had work after {rounds} rounds")
