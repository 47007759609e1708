"""``loket sync backfill``: applications waiting for the centre without a packet get one, and the
worker brings them their outcome from the real centre (the `make run` sequence after `loket demo`)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from loket import testing
from loket.applications.lifecycle import Source, Status
from loket.applications.models import Application
from loket.applications.services import application_transition
from loket.offices.models import Role
from loket.sync.models import Packet, PacketState
from loket.sync.tests.conftest import drain

pytestmark = pytest.mark.django_db


@pytest.fixture
def untracked(capture, office):
    """untracked(status) -> an application moved to ``status`` by staff, with no packet at all
    (the way `loket demo` writes its history, or an office that typed statuses in from SIAK)."""
    head = testing.make_staff(role=Role.HEAD, office=office)
    path = (Status.SENT_FOR_ENROLLMENT, Status.RECEIVED_AT_CENTRAL, Status.ADJUDICATION)

    def make(status: Status) -> Application:
        app = capture()
        Packet.objects.filter(application=app).delete()
        for step in path[: path.index(status) + 1]:
            app = application_transition(application=app, to_status=step, actor=head)
        return app

    return make


def _backfill() -> str:
    out = io.StringIO()
    call_command("sync", "backfill", stdout=out)
    return out.getvalue()


def test_applications_waiting_for_the_centre_without_a_packet_get_their_outcome_through_the_worker(
    central, worker, untracked
):
    waiting = (Status.SENT_FOR_ENROLLMENT, Status.RECEIVED_AT_CENTRAL, Status.ADJUDICATION)
    apps = {status: untracked(status) for status in waiting}

    assert "3 packet(s) written" in _backfill()
    assert Packet.objects.filter(state=PacketState.PENDING).count() == 3
    drain(worker)

    for status, app in apps.items():
        app.refresh_from_db()
        assert app.status == Status.PRINT_READY, status
        assert Packet.objects.get(application=app).state == PacketState.COMPLETED
    # The worker walks on from where each one was: no step is written twice.
    sent = apps[Status.SENT_FOR_ENROLLMENT]
    assert list(sent.events.filter(source=Source.SYNC).values_list("to_status", flat=True)) == [
        Status.RECEIVED_AT_CENTRAL,
        Status.PRINT_READY,
    ]
    for app in (apps[Status.RECEIVED_AT_CENTRAL], apps[Status.ADJUDICATION]):
        assert list(app.events.filter(source=Source.SYNC).values_list("to_status", flat=True)) == [
            Status.PRINT_READY
        ]


def test_a_backfilled_packet_says_when_the_biometrics_were_recorded(untracked):
    with time_machine.travel(timezone.now() - dt.timedelta(days=3)):
        app = untracked(Status.RECEIVED_AT_CENTRAL)
    captured = app.events.get(to_status=Status.BIOMETRICS_CAPTURED).at

    _backfill()

    packet = Packet.objects.get(application=app)
    assert dt.datetime.fromisoformat(packet.payload["captured_at"]) == captured
    assert packet.created_at - captured > dt.timedelta(days=2)


def test_backfill_leaves_applications_whose_packet_was_refused_or_answered_and_runs_once(
    capture, untracked, head
):
    refused, answered = capture(), capture()
    for app in (refused, answered):
        for step in (Status.SENT_FOR_ENROLLMENT, Status.RECEIVED_AT_CENTRAL):
            app = application_transition(application=app, to_status=step, actor=head)
    now = timezone.now()
    Packet.objects.filter(application=refused).update(
        state=PacketState.FAILED, failed_at=now, failure_reason="invalid: person.nik"
    )
    Packet.objects.filter(application=answered).update(state=PacketState.COMPLETED, delivered_at=now)
    missing = untracked(Status.RECEIVED_AT_CENTRAL)
    done = untracked(Status.RECEIVED_AT_CENTRAL)
    Application.objects.filter(pk=done.pk).update(status=Status.PRINT_READY)

    assert "1 packet(s) written" in _backfill()

    assert Packet.objects.filter(application=missing, state=PacketState.PENDING).count() == 1
    assert (
        Packet.objects.filter(application__in=[refused, answered, done], state=PacketState.PENDING).count()
        == 0
    )
    assert "0 packet(s) written" in _backfill()
