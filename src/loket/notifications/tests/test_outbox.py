"""The outbox: retries through an outage without losing or doubling a message; transient and
permanent failures; claims that keep two workers from sending the same message."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.utils import timezone

from loket import testing
from loket.applications.lifecycle import Status
from loket.notifications import outbox
from loket.notifications.models import Kind, OutboxMessage, OutboxStatus
from loket.notifications.services import outbox_message_retry
from loket.portal.tests.helpers import advance

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(office, consenting):
    """A "card ready" SMS waiting in the outbox."""
    app = advance(testing.make_application(office=office, person=consenting), Status.READY_FOR_PICKUP)
    message = OutboxMessage.objects.get(application=app, kind=Kind.READY_FOR_PICKUP)
    assert message.status == OutboxStatus.PENDING
    return message


def _after_backoff(message):
    message.refresh_from_db()
    return message.next_attempt_at + dt.timedelta(seconds=1)


def test_a_message_queued_during_a_gateway_outage_is_delivered_once_after_it(gateway, queued):
    gateway.stop()  # the outage: nothing listens on the gateway's port

    assert outbox.process_one() == "retry"
    queued.refresh_from_db()
    assert queued.status == OutboxStatus.PENDING
    assert queued.attempts == 1
    assert "unreachable" in queued.last_error

    gateway.start()
    assert outbox.process_one() is None  # not due again before its backoff
    with time_machine.travel(_after_backoff(queued)):
        assert outbox.process_one() == "sent"
        assert outbox.process_one() is None

    queued.refresh_from_db()
    assert queued.status == OutboxStatus.SENT and queued.sent_at is not None
    assert len(gateway.received) == 1
    assert gateway.received[0]["form"]["to"] == ["6281234567890"]
    assert gateway.received[0]["form"]["userkey"] == ["test-key"]


def test_the_backoff_doubles_and_is_capped_at_an_hour():
    assert [outbox.backoff(n).total_seconds() for n in (1, 2, 3, 7, 20)] == [60, 120, 240, 3600, 3600]


def test_a_gateway_error_5xx_is_retried_and_a_rejected_message_400_is_not(gateway, queued):
    gateway.status = 503
    assert outbox.process_one() == "retry"

    gateway.status = 400
    with time_machine.travel(_after_backoff(queued)):
        assert outbox.process_one() == "failed"

    queued.refresh_from_db()
    assert queued.status == OutboxStatus.FAILED
    assert "HTTP 400" in queued.last_error
    assert outbox.process_one() is None  # a permanent failure stops the retries at once


def test_a_wrong_key_401_is_retried_so_fixing_the_key_loses_no_message(gateway, queued):
    gateway.status = 401

    assert outbox.process_one() == "retry"


def test_a_200_without_the_confirmation_text_is_not_taken_as_sent(gateway, queued, monkeypatch):
    monkeypatch.setenv("LOKET_SMS_OK_TEXT", '"status":true')
    gateway.answer = '{"status":false,"reason":"device offline"}'

    assert outbox.process_one() == "retry"


def test_a_gateway_that_hangs_times_out_and_is_retried(gateway, queued, monkeypatch):
    monkeypatch.setenv("LOKET_SMS_TIMEOUT", "1")
    gateway.delay = 1.5

    assert outbox.process_one() == "retry"
    queued.refresh_from_db()
    assert "timed out" in queued.last_error


def test_retries_stop_when_the_message_is_too_old_and_an_administrator_can_resend(gateway, queued):
    gateway.stop()
    with time_machine.travel(queued.give_up_at - dt.timedelta(seconds=30)):
        assert outbox.process_one() == "failed"
    queued.refresh_from_db()
    assert queued.status == OutboxStatus.FAILED

    gateway.start()
    admin = testing.make_staff(role="system_admin")
    outbox_message_retry(actor=admin, message=queued)
    assert outbox.process_one() == "sent"
    assert len(gateway.received) == 1


def test_a_message_no_worker_sent_before_its_give_up_time_is_failed_not_sent_late(gateway, queued):
    with time_machine.travel(queued.give_up_at + dt.timedelta(seconds=1)):
        assert outbox.process_one() == "failed"
    queued.refresh_from_db()
    assert queued.status == OutboxStatus.FAILED and queued.attempts == 1
    assert gateway.received == []


def test_a_claimed_message_is_not_claimed_by_a_second_worker(gateway, queued):
    first = outbox.claim_one()
    second = outbox.claim_one()

    assert first is not None and first.pk == queued.pk
    assert second is None


def test_a_claim_abandoned_by_a_dead_worker_is_taken_over_and_the_dead_worker_cannot_finish(gateway, queued):
    dead = outbox.claim_one()
    later = timezone.now() + dt.timedelta(minutes=10)

    with time_machine.travel(later):
        assert outbox.process_one() == "sent"
        assert outbox.deliver(dead) == "sent"  # the late worker's send is not recorded over the new one

    queued.refresh_from_db()
    assert queued.status == OutboxStatus.SENT and queued.attempts == 2
    assert len(gateway.received) == 2  # at least once when a worker dies mid-send: the documented cost


def test_json_gateways_get_json_escaped_values_and_the_key_in_a_header(gateway, queued, monkeypatch):
    monkeypatch.setenv("LOKET_SMS_BODY", '{"target": "{to}", "message": "{message}"}')
    monkeypatch.setenv("LOKET_SMS_AUTH_HEADER", "Authorization: {key}")

    assert outbox.process_one() == "sent"

    request = gateway.received[0]
    assert request["headers"]["Authorization"] == "test-key"
    body = json.loads(request["body"])
    assert body["target"] == "6281234567890"
    assert queued.body.split("\n")[0] in body["message"]


def test_get_gateways_get_the_values_percent_encoded_in_the_url(gateway, queued, monkeypatch):
    monkeypatch.setenv("LOKET_SMS_URL", gateway.url + "/send?key={key}&to={to}&text={message}")
    monkeypatch.setenv("LOKET_SMS_METHOD", "GET")

    assert outbox.process_one() == "sent"

    request = gateway.received[0]
    assert request["method"] == "GET"
    assert request["query"]["text"] == [queued.body]


def test_without_a_gateway_the_demo_file_receives_the_message_with_the_number_masked(queued, demo_file):
    assert outbox.process_one() == "sent"

    text = demo_file.read_text()
    assert queued.body in text
    assert "6281234567890" not in text
    assert "6281" in text


def test_error_texts_keep_no_phone_numbers(gateway, queued):
    gateway.status = 400
    gateway.answer = '{"error":"invalid number 6281234567890"}'

    outbox.process_one()

    queued.refresh_from_db()
    assert "6281234567890" not in queued.last_error


def test_no_log_line_carries_the_number_the_text_or_the_key(gateway, queued, monkeypatch, caplog):
    monkeypatch.setenv("LOKET_SMS_URL", gateway.url + "/send?key={key}&to={to}&text={message}")
    monkeypatch.setenv("LOKET_SMS_METHOD", "GET")
    gateway.status = 503
    caplog.set_level("DEBUG")

    outbox.process_one()

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert logged  # the retry is logged ...
    assert "6281234567890" not in logged and "test-key" not in logged  # ... without what it carried


def test_finished_messages_are_deleted_after_the_keeping_period_pending_ones_never(queued, demo_file):
    outbox.process_one()
    pending = OutboxMessage.objects.create(
        kind=Kind.OVERDUE,
        channel="sms",
        destination="6280000000000",
        body="x",
        dedupe_key="still-pending",
        give_up_at=timezone.now() + dt.timedelta(days=400),
    )

    with time_machine.travel(timezone.now() + dt.timedelta(days=89)):
        assert outbox.outbox_prune() == 0
    with time_machine.travel(timezone.now() + dt.timedelta(days=91)):
        assert outbox.outbox_prune() == 1

    assert list(OutboxMessage.objects.all()) == [pending]
