"""The worker against a scripted in-memory centre: retries, failures, the breaker, claims and
outcomes that meet an application staff already moved."""

from __future__ import annotations

import datetime as dt
import logging
import random

import httpx
import pytest
from django.utils import timezone

from loket import testing
from loket.applications.lifecycle import Source, Status
from loket.applications.services import application_transition
from loket.core.errors import Conflict
from loket.offices.models import Role
from loket.sync import outcomes
from loket.sync.delivery import SyncWorker
from loket.sync.models import Link, LinkState, Packet, PacketState
from loket.sync.services import central_key_set
from loket.sync.tests.conftest import FAST
from loket.sync.tests.fakes import FakeCentre

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre(office):
    central_key_set(office=office, key="k")
    return FakeCentre(key="k")


def _worker(centre: FakeCentre, **overrides) -> SyncWorker:
    config = FAST.__class__(**{**FAST.__dict__, **overrides})
    return SyncWorker(client=centre.client(), config=config, rng=random.Random(1))


def _due_now():
    Packet.objects.update(next_try_at=timezone.now() - dt.timedelta(seconds=1))


def test_a_transient_failure_counts_an_attempt_and_schedules_a_later_try(centre, capture):
    app = capture()
    centre.script = [503]
    before = timezone.now()

    _worker(centre, backoff_base=10, backoff_cap=100).deliver_batch()

    packet = Packet.objects.get(application=app)
    assert packet.state == PacketState.PENDING
    assert packet.attempts == 1
    assert packet.last_error == "server_error (HTTP 503)"
    assert before + dt.timedelta(seconds=5) <= packet.next_try_at <= timezone.now() + dt.timedelta(seconds=10)
    assert packet.claimed_by == "" and packet.claimed_until is None
    app.refresh_from_db()
    assert app.status == Status.BIOMETRICS_CAPTURED


def test_backoff_grows_with_every_failed_attempt_of_a_packet(centre, capture):
    capture()
    worker = _worker(centre, backoff_base=10, backoff_cap=10_000, breaker_failures=100)
    waits = []
    for _ in range(4):
        centre.script = [httpx.ReadTimeout("slow")]
        _due_now()
        start = timezone.now()
        worker.deliver_batch()
        waits.append((Packet.objects.get().next_try_at - start).total_seconds())
    assert Packet.objects.get().attempts == 4
    assert [w > 0 for w in waits] == [True] * 4
    assert waits[3] > waits[0] * 3  # 80 s ceiling against 10 s, each with at least half


def test_a_refused_key_fails_the_packets_for_good_without_opening_the_breaker(centre, capture, office):
    apps = [capture() for _ in range(3)]
    central_key_set(office=office, key="wrong")
    worker = _worker(centre)

    worker.deliver_batch()

    assert set(Packet.objects.values_list("state", flat=True)) == {PacketState.FAILED}
    assert Packet.objects.get(application=apps[0]).failure_reason == "unauthorized (HTTP 401)"
    assert worker.breaker.allow()
    assert worker.deliver_batch() == 0  # nothing is retried by itself


def test_a_packet_the_centre_rejects_fails_alone_and_the_rest_of_the_batch_is_delivered(centre, capture):
    good, bad = capture(), capture()
    centre.reject.add(str(Packet.objects.get(application=bad).pk))

    _worker(centre).deliver_batch()

    assert Packet.objects.get(application=good).state == PacketState.DELIVERED
    rejected = Packet.objects.get(application=bad)
    assert rejected.state == PacketState.FAILED
    assert rejected.failure_reason == "invalid: person.nik: bad"


def test_an_outage_opens_the_breaker_and_then_costs_no_calls_and_no_attempts(centre, capture):
    for _ in range(3):
        capture()
    centre.down = True
    worker = _worker(centre, breaker_failures=3, breaker_open=3600, batch_size=1)
    for _ in range(3):
        _due_now()
        worker.deliver_batch()
    calls, attempts = len(centre.calls), sum(Packet.objects.values_list("attempts", flat=True))
    assert calls == 3

    for _ in range(20):
        _due_now()
        worker.run_once()

    assert len(centre.calls) == calls
    assert sum(Packet.objects.values_list("attempts", flat=True)) == attempts
    assert Link.current().state == LinkState.OFFLINE
    assert Link.current().breaker_open_until > timezone.now()


def test_after_the_open_period_one_trial_call_resumes_delivery(centre, capture):
    apps = [capture() for _ in range(3)]
    centre.down = True
    worker = _worker(centre, breaker_failures=1, breaker_open=0.0)
    worker.deliver_batch()
    centre.down = False
    _due_now()

    worker.run_once()

    assert all(Packet.objects.get(application=a).state != PacketState.PENDING for a in apps)
    assert Link.current().state != LinkState.OFFLINE
    assert Link.current().last_success_at is not None


def test_a_claim_of_a_killed_worker_is_taken_over_once_its_lease_has_expired(centre, capture):
    app = capture()
    Packet.objects.update(claimed_by="dead-worker", claimed_until=timezone.now() + dt.timedelta(seconds=60))
    worker = _worker(centre)

    assert worker.deliver_batch() == 0  # a live claim is respected

    Packet.objects.update(claimed_until=timezone.now() - dt.timedelta(seconds=1))
    assert worker.deliver_batch() == 1
    assert Packet.objects.get(application=app).state == PacketState.DELIVERED


def test_a_stopping_worker_gives_back_what_it_claimed(centre, capture):
    capture()
    worker = _worker(centre)
    claimed = worker._claim(Packet.objects.all(), 10)
    assert claimed and Packet.objects.get().claimed_by == worker.name

    assert worker.release_claims() == 1
    assert Packet.objects.get().claimed_by == ""


def test_an_office_without_a_key_keeps_its_packets_waiting(centre, capture, other_office):
    worker = _worker(centre)
    operator = testing.make_staff(role=Role.OPERATOR, office=other_office)
    recorder = testing.make_staff(role=Role.RECORDING_OFFICER, office=other_office)
    app = testing.make_application(office=other_office, actor=operator)
    app = application_transition(application=app, to_status=Status.DOCUMENTS_VERIFIED, actor=operator)
    application_transition(application=app, to_status=Status.BIOMETRICS_CAPTURED, actor=recorder)

    worker.deliver_batch()

    packet = Packet.objects.get()
    assert packet.state == PacketState.PENDING and packet.last_error == "no_key"
    assert centre.calls == []


def _deliver_and_collect(worker: SyncWorker) -> None:
    worker.deliver_batch()
    for _ in range(3):
        worker.apply_batch()
        worker.poll_batch()


def test_the_outcome_is_applied_through_the_lifecycle_with_source_sync(centre, capture):
    app = capture()
    centre.outcome = "duplicate_record"

    _deliver_and_collect(_worker(centre))

    app.refresh_from_db()
    assert app.status == Status.DUPLICATE_RECORD
    event = app.events.get(to_status=Status.DUPLICATE_RECORD)
    assert event.source == Source.SYNC and event.actor is None
    assert "already has a biometric record" in event.note
    assert Packet.objects.get(application=app).state == PacketState.COMPLETED


def test_an_outcome_staff_already_typed_in_is_not_applied_twice(centre, capture, office):
    app = capture()
    head = testing.make_staff(role=Role.HEAD, office=office)
    for status in (Status.SENT_FOR_ENROLLMENT, Status.RECEIVED_AT_CENTRAL, Status.PRINT_READY):
        app = application_transition(application=app, to_status=status, actor=head)

    _deliver_and_collect(_worker(centre))

    app.refresh_from_db()
    assert app.status == Status.PRINT_READY
    assert app.events.filter(to_status=Status.PRINT_READY).count() == 1
    packet = Packet.objects.get(application=app)
    assert packet.state == PacketState.COMPLETED and packet.sync_note == ""


def test_an_outcome_that_disagrees_with_staff_changes_nothing_and_is_noted(centre, capture, office):
    app = capture()
    head = testing.make_staff(role=Role.HEAD, office=office)
    for status in (Status.SENT_FOR_ENROLLMENT, Status.RECEIVED_AT_CENTRAL, Status.PRINT_READY):
        app = application_transition(application=app, to_status=status, actor=head)
    centre.outcome = "enrollment_failed"

    _deliver_and_collect(_worker(centre))

    app.refresh_from_db()
    assert app.status == Status.PRINT_READY
    packet = Packet.objects.get(application=app)
    assert packet.state == PacketState.COMPLETED
    assert packet.sync_note == "application is print_ready; the centre says enrollment_failed"


def test_a_staff_change_at_the_same_moment_is_retried_not_crashed_on(centre, capture, monkeypatch):
    app = capture()
    real = outcomes.application_transition
    calls = {"n": 0}

    def busy_once(**kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise Conflict("someone else changed it", code="stale_status")
        return real(**kwargs)

    monkeypatch.setattr(outcomes, "application_transition", busy_once)
    _deliver_and_collect(_worker(centre))

    app.refresh_from_db()
    assert app.status == Status.PRINT_READY


def test_a_packet_the_centre_does_not_know_is_sent_again(centre, capture):
    app = capture()
    worker = _worker(centre)
    centre.outcome = "received"
    worker.deliver_batch()
    packet_id = str(Packet.objects.get(application=app).pk)
    centre.forget.add(packet_id)

    worker.poll_batch()

    packet = Packet.objects.get(application=app)
    assert packet.state == PacketState.PENDING and packet.last_error == "unknown_at_centre"
    centre.forget.clear()
    worker.deliver_batch()
    assert Packet.objects.get(application=app).state == PacketState.DELIVERED
    assert centre.deliveries == 2


def test_no_personal_data_reaches_the_logs(centre, capture, caplog):
    app = capture()
    centre.script = [503, httpx.ConnectError("refused")]
    centre.reject.add("nothing")
    worker = _worker(centre)
    with caplog.at_level(logging.DEBUG):
        for _ in range(6):
            _due_now()
            worker.run_once()
    person = app.person
    for secret in (person.nik, person.full_name, person.kk_number, person.address):
        assert secret not in caplog.text
