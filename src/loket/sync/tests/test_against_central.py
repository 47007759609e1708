"""The office against the real central registry process (integration)."""

from __future__ import annotations

import pytest

from loket.applications.lifecycle import Source, Status
from loket.sync.models import Packet, PacketState
from loket.sync.tests.conftest import drain

pytestmark = pytest.mark.django_db


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
