"""The office against the real central registry process, faults switched on while it runs."""

from __future__ import annotations

import uuid

import httpx
import pytest

from loket import testing
from loket.applications.lifecycle import Source, Status
from loket.applications.services import application_transition
from loket.offices.models import Role
from loket.sync.models import Link, LinkState, Packet, PacketState
from loket.sync.reconcile import reconcile
from loket.sync.tests.conftest import drain, make_worker, run_until

pytestmark = pytest.mark.django_db


def _statuses(apps):
    return {app.pk: type(app).objects.get(pk=app.pk).status for app in apps}


def _enrol_at_centre_directly(central, nik: str) -> None:
    """Another office enrolled this NIK before (the centre's own record of it)."""
    packet = dict(Packet.objects.order_by("-created_at").first().payload)
    packet.update(packet_id=str(uuid.uuid4()), office_code="zona-1")
    packet["person"] = {**packet["person"], "nik": nik}
    response = httpx.post(
        f"{central.url}/api/v1/packets",
        json={"packets": [packet]},
        headers={"Authorization": "Bearer test-key-of-zona-1"},
        timeout=5,
    )
    assert response.json()["results"][0]["status"] == "accepted"


def test_a_captured_application_reaches_print_ready_through_the_centre(central, worker, capture):
    app = capture()

    drain(worker)

    app.refresh_from_db()
    packet = Packet.objects.get(application=app)
    assert app.status == Status.PRINT_READY
    assert packet.state == PacketState.COMPLETED
    assert list(app.events.filter(source=Source.SYNC).values_list("to_status", flat=True)) == [
        Status.SENT_FOR_ENROLLMENT,
        Status.RECEIVED_AT_CENTRAL,
        Status.PRINT_READY,
    ]
    assert Link.current().state == LinkState.ONLINE


def test_a_nik_the_centre_already_enrolled_comes_back_as_duplicate_record(central, worker, capture):
    person = testing.make_person()
    capture()  # a packet to copy the shape from
    _enrol_at_centre_directly(central, person.nik)
    app = capture(person=person)

    drain(worker)

    app.refresh_from_db()
    assert app.status == Status.DUPLICATE_RECORD
    assert "already has a biometric record" in app.events.get(to_status=Status.DUPLICATE_RECORD).note


def test_a_failed_enrollment_recorded_again_goes_through_on_its_new_packet(
    centre_faults, worker, capture, office
):
    centre_faults.config(failed_rate=1)
    app = capture()
    drain(worker)
    app.refresh_from_db()
    assert app.status == Status.ENROLLMENT_FAILED

    centre_faults.config(failed_rate=0)
    recorder = testing.make_staff(role=Role.RECORDING_OFFICER, office=office)
    application_transition(
        application=app, to_status=Status.BIOMETRICS_CAPTURED, actor=recorder, note="again"
    )
    drain(worker)

    app.refresh_from_db()
    assert app.status == Status.PRINT_READY
    assert [p.state for p in Packet.objects.filter(application=app).order_by("created_at")] == [
        PacketState.COMPLETED,
        PacketState.COMPLETED,
    ]


def test_with_errors_drops_and_timeouts_every_packet_is_at_the_centre_once_and_every_outcome_applied(
    centre_faults, office_key, capture
):
    central = centre_faults
    before = central.stats()
    central.faults(error_rate=0.3, drop_rate=0.05, timeout_rate=0.05, hang_seconds=1.5, latency_ms="0-30")
    # One packet a request: 40 sends at a 40% fault rate make a run without an injected error
    # (0.7**40) or without a retry (0.6**40) a one-in-a-million event, not a flaky test.
    worker = make_worker(central.url, batch_size=1, breaker_failures=50)
    apps = [capture() for _ in range(40)]

    run_until(worker, lambda: all(s == Status.PRINT_READY for s in _statuses(apps).values()), within=120)

    central.faults(clear=True)
    after = central.stats()
    assert after["unique_packets"] - before["unique_packets"] == 40
    assert after["faults_injected"]["error"] > before["faults_injected"]["error"]
    ours = {str(p) for p in Packet.objects.values_list("pk", flat=True)}
    report = reconcile(client=worker.client)
    assert [d for d in report["differences"] if d["packet_id"] in ours] == []
    assert Packet.objects.filter(state=PacketState.COMPLETED).count() == 40
    assert max(Packet.objects.values_list("attempts", flat=True)) >= 2  # some were tried again


def test_the_office_works_through_an_outage_and_catches_up(centre_faults, office_key, capture):
    central = centre_faults
    worker = make_worker(central.url, breaker_failures=3, breaker_open=0.3)
    central.faults(outage=True)
    first = [capture() for _ in range(5)]
    # One failed batch shows "degraded"; the breaker trips, and the link shows offline, once enough
    # calls have failed, which takes real time when the packets wait out their backoff.
    run_until(worker, lambda: Link.current().state == LinkState.OFFLINE, within=30)
    calls_during_outage = Packet.objects.filter(attempts__gt=0).count()

    during = [capture() for _ in range(5)]  # registration and recording go on
    assert Link.current().state == LinkState.OFFLINE
    assert Packet.objects.filter(state=PacketState.PENDING).count() == 10
    assert calls_during_outage <= 5

    central.faults(outage=False)
    apps = first + during
    run_until(worker, lambda: all(s == Status.PRINT_READY for s in _statuses(apps).values()))
    assert Link.current().state in (LinkState.ONLINE, LinkState.DEGRADED)
    assert Packet.objects.filter(state=PacketState.PENDING).count() == 0


def test_an_outcome_waits_for_the_centres_processing_delay(centre_faults, worker, capture):
    centre_faults.config(delay=1.0)
    app = capture()
    worker.deliver_batch()
    worker.apply_batch()
    assert worker.poll_batch() == 0  # asked, and no news yet
    app.refresh_from_db()
    assert app.status == Status.RECEIVED_AT_CENTRAL

    run_until(worker, lambda: type(app).objects.get(pk=app.pk).status == Status.PRINT_READY, within=20)


def test_the_centres_access_log_never_contains_personal_data(central, worker, capture):
    app = capture()
    drain(worker)
    log = central.log_path.read_text()
    assert "POST /api/v1/packets" in log
    for secret in (app.person.nik, app.person.full_name, app.person.kk_number):
        assert secret not in log


def test_reconcile_reports_an_outcome_that_staff_typed_in_differently(central, worker, capture, office):
    person = testing.make_person()
    capture()
    _enrol_at_centre_directly(central, person.nik)
    app = capture(person=person)
    head = testing.make_staff(role=Role.HEAD, office=office)
    for status in (Status.SENT_FOR_ENROLLMENT, Status.RECEIVED_AT_CENTRAL, Status.PRINT_READY):
        app = application_transition(application=app, to_status=status, actor=head)
    drain(worker)
    packet = Packet.objects.get(application=app)

    report = reconcile(client=worker.client)

    ours = [d for d in report["differences"] if d["packet_id"] == str(packet.pk)]
    assert [(d["kind"], d["application_status"], d["centre_state"]) for d in ours] == [
        ("status_differs", Status.PRINT_READY, "duplicate_record")
    ]


def test_reconcile_reports_a_packet_the_office_holds_as_delivered_but_the_centre_never_got(
    central, worker, capture
):
    app = capture()
    drain(worker)
    ghost = capture()
    Packet.objects.filter(application=ghost).update(
        state=PacketState.DELIVERED, delivered_at=app.submitted_at
    )

    report = reconcile(client=worker.client)

    kinds = {d["packet_id"]: d["kind"] for d in report["differences"]}
    assert kinds[str(Packet.objects.get(application=ghost).pk)] == "not_at_centre"
    assert str(Packet.objects.get(application=app).pk) not in kinds
