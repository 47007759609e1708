from __future__ import annotations

import pytest

from loket import testing
from loket.intake.tests.conftest import clock, counter, intake, service_new  # noqa: F401 - shared fixtures
from loket.notifications.models import Channel
from loket.notifications.services import notification_preference_set
from loket.notifications.tests.gateway import Gateway


@pytest.fixture
def gateway(monkeypatch, tmp_path):
    server = Gateway()
    server.start()
    monkeypatch.setenv("LOKET_SMS_URL", server.url + "/api/send")
    monkeypatch.setenv("LOKET_SMS_BODY", "userkey={key}&to={to}&message={message}")
    monkeypatch.setenv("LOKET_SMS_KEY", "test-key")
    monkeypatch.setenv("LOKET_SMS_TIMEOUT", "2")
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def demo_file(monkeypatch, tmp_path):
    path = tmp_path / "outbox.txt"
    monkeypatch.setenv("LOKET_NOTIFY_FILE", str(path))
    for name in ("LOKET_SMS_URL", "LOKET_WHATSAPP_URL"):
        monkeypatch.delenv(name, raising=False)
    return path


@pytest.fixture
def citizen(db):
    return testing.make_person(phone="081234567890", email="warga@example.org")


@pytest.fixture
def consenting(citizen, operator):
    """A citizen who agreed to SMS at the counter."""
    notification_preference_set(actor=operator, person=citizen, channel=Channel.SMS, consent=True)
    return citizen
