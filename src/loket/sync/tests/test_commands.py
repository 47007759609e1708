"""``loket sync status --json``, ``loket sync keys`` and ``loket sync retry``."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from loket.sync.models import CentralKey, Packet, PacketState

pytestmark = pytest.mark.django_db


def _run(*args: str, stdin: str = "") -> str:
    out = io.StringIO()
    if stdin:
        import sys

        old, sys.stdin = sys.stdin, io.StringIO(stdin)
        try:
            call_command(*args, stdout=out)
        finally:
            sys.stdin = old
    else:
        call_command(*args, stdout=out)
    return out.getvalue()


def test_status_json_counts_pending_delivered_failed_and_the_oldest_pending_age(capture):
    old, _new, done, bad = capture(), capture(), capture(), capture()
    now = timezone.now()
    Packet.objects.filter(application=old).update(created_at=now - dt.timedelta(seconds=600))
    Packet.objects.filter(application=done).update(state=PacketState.COMPLETED, delivered_at=now)
    Packet.objects.filter(application=bad).update(state=PacketState.FAILED, failed_at=now, failure_reason="x")

    figures = json.loads(_run("sync", "status", "--json"))

    assert figures["pending"] == 2
    assert figures["delivered"] == 1 and figures["completed"] == 1
    assert figures["failed"] == 1
    assert 600 <= figures["oldest_pending_age_seconds"] < 700
    assert figures["link"] == "unknown"


def test_keys_are_generated_once_and_exported_for_the_centre(office):
    first = _run("sync", "keys", "--ensure", "--export")
    second = _run("sync", "keys", "--ensure", "--export")
    code, key = first.split()
    assert code == office.code and len(key) >= 32
    assert first == second


def test_a_key_issued_by_the_centre_is_set_from_stdin(office):
    _run("sync", "keys", "--set", office.code, stdin="issued-by-the-centre\n")
    assert CentralKey.objects.get(office=office).key == "issued-by-the-centre"


def test_retry_all_failed_requeues_refused_packets_but_not_closed_ones(capture, head):
    refused, closed = capture(), capture()
    now = timezone.now()
    Packet.objects.filter(application=refused).update(
        state=PacketState.FAILED, failed_at=now, failure_reason="401"
    )
    Packet.objects.filter(application=closed).update(
        state=PacketState.FAILED, failed_at=now, failure_reason="gave up", closed_by=head
    )

    _run("sync", "retry", "--all-failed")

    assert Packet.objects.get(application=refused).state == PacketState.PENDING
    assert Packet.objects.get(application=closed).state == PacketState.FAILED


def test_backfill_writes_packets_for_captures_that_have_none_and_only_those(capture, office):
    from loket import testing
    from loket.applications.lifecycle import Status
    from loket.applications.models import Application

    with_packet = capture()
    without = capture()
    Packet.objects.filter(application=without).delete()  # recorded before the sync was installed
    Application.objects.filter(pk=testing.make_application(office=office).pk).update(
        status=Status.PRINT_READY
    )

    assert "1 packet(s) written" in _run("sync", "backfill")

    assert Packet.objects.filter(application=without, state=PacketState.PENDING).count() == 1
    assert Packet.objects.filter(application=with_packet).count() == 1
    assert Packet.objects.count() == 2
    assert "0 packet(s) written" in _run("sync", "backfill")
