"""The packet is written in the transaction that captures the biometrics, and only then."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from django.db import transaction

from loket import testing
from loket.applications.lifecycle import Status
from loket.applications.services import application_transition
from loket.offices.models import Role
from loket.sync.models import Packet, PacketState
from loket.sync.services import SUPERSEDED, WITHDRAWN

pytestmark = pytest.mark.django_db


def test_capturing_biometrics_writes_one_pending_packet_with_the_citizens_data(capture):
    person = testing.make_person(birth_date=dt.date(1988, 3, 9), sex="F", full_name="Siti Aminah")
    app = capture(person=person)

    packet = Packet.objects.get(application=app)
    assert packet.state == PacketState.PENDING and packet.attempts == 0
    payload = packet.payload
    assert payload["packet_id"] == str(packet.pk)
    assert payload["receipt_number"] == app.receipt_number
    assert payload["office_code"] == app.office.code
    assert payload["person"] == {
        "nik": person.nik,
        "kk_number": person.kk_number,
        "full_name": "Siti Aminah",
        "birth_place": "",
        "birth_date": "1988-03-09",
        "sex": "F",
        "address": person.address,
    }
    assert len(payload["biometrics"]["references"]["files"]) == 14
    assert base64.b64decode(payload["biometrics"]["photo"]["data"]).startswith(b"\x89PNG")


def test_no_packet_is_written_before_the_capture(office):
    app = testing.make_application(office=office)
    application_transition(
        application=app, to_status=Status.DOCUMENTS_VERIFIED, actor=testing.make_staff(office=office)
    )
    assert not Packet.objects.exists()


def test_a_capture_that_rolls_back_leaves_no_packet(office):
    app = testing.make_application(office=office)
    app = application_transition(
        application=app, to_status=Status.DOCUMENTS_VERIFIED, actor=testing.make_staff(office=office)
    )
    recorder = testing.make_staff(role=Role.RECORDING_OFFICER, office=office)

    with pytest.raises(RuntimeError), transaction.atomic():
        application_transition(application=app, to_status=Status.BIOMETRICS_CAPTURED, actor=recorder)
        raise RuntimeError("the recording station crashed before the commit")

    app.refresh_from_db()
    assert app.status == Status.DOCUMENTS_VERIFIED
    assert not Packet.objects.exists()


def _fail_enrollment(app, office):
    head = testing.make_staff(role=Role.HEAD, office=office)
    app = application_transition(application=app, to_status=Status.SENT_FOR_ENROLLMENT, actor=head)
    return application_transition(
        application=app, to_status=Status.ENROLLMENT_FAILED, actor=head, note="SIAK: EFAC"
    )


def test_recording_again_after_a_failed_enrollment_writes_a_new_packet(office, capture):
    app = capture()
    first = Packet.objects.get(application=app)
    app = _fail_enrollment(app, office)
    recorder = testing.make_staff(role=Role.RECORDING_OFFICER, office=office)

    application_transition(
        application=app, to_status=Status.BIOMETRICS_CAPTURED, actor=recorder, note="again"
    )

    packets = Packet.objects.filter(application=app).order_by("created_at")
    assert packets.count() == 2
    newest = packets.last()
    assert newest.pk != first.pk and newest.state == PacketState.PENDING
    assert newest.payload["packet_id"] != first.payload["packet_id"]
    first.refresh_from_db()
    assert first.state == PacketState.FAILED and first.failure_reason == SUPERSEDED


def test_cancelling_an_application_withdraws_its_unsent_packet(office, capture, operator):
    app = capture()
    application_transition(
        application=app, to_status=Status.CANCELLED, actor=operator, note="citizen moved away"
    )

    packet = Packet.objects.get(application=app)
    assert packet.state == PacketState.FAILED and packet.failure_reason == WITHDRAWN


def test_a_packet_never_shows_personal_data_in_its_text(capture):
    app = capture()
    packet = Packet.objects.get(application=app)
    assert app.person.nik not in str(packet) and app.person.full_name not in str(packet)
