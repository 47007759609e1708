"""The moments that matter queue a message in the transaction of the status change, and only for a
citizen who agreed."""

from __future__ import annotations

from importlib.util import find_spec

import pytest
from django.core import mail
from django.db import transaction

from loket import testing
from loket.applications.lifecycle import Status
from loket.applications.services import application_transition
from loket.notifications import outbox, receivers
from loket.notifications.models import Channel, Kind, OutboxMessage
from loket.notifications.services import notification_preference_set
from loket.portal.tests.helpers import advance, step

pytestmark = pytest.mark.django_db


def _messages(app):
    return list(OutboxMessage.objects.filter(application=app).order_by("id"))


def test_documents_incomplete_queues_a_message_naming_what_is_missing(office, consenting):
    app = testing.make_application(office=office, person=consenting, fulfilled=False)

    advance(app, Status.DOCUMENTS_INCOMPLETE)

    [message] = _messages(app)
    assert message.kind == Kind.DOCUMENTS_INCOMPLETE
    assert message.channel == Channel.SMS
    assert "Kartu Keluarga" in message.body or "KK" in message.body
    assert app.display_receipt in message.body


@pytest.mark.parametrize(
    ("target", "kind"),
    [(Status.READY_FOR_PICKUP, Kind.READY_FOR_PICKUP), (Status.DUPLICATE_RECORD, Kind.DUPLICATE_RECORD)],
)
def test_ready_for_pickup_and_duplicate_record_queue_their_message(office, consenting, target, kind):
    app = advance(testing.make_application(office=office, person=consenting), target)

    assert [m.kind for m in _messages(app)] == [kind]


def test_steps_that_need_nothing_from_the_citizen_send_nothing(office, consenting):
    app = advance(testing.make_application(office=office, person=consenting), Status.PRINT_READY)

    assert _messages(app) == []


def test_without_consent_nothing_is_queued(office):
    app = advance(testing.make_application(office=office), Status.READY_FOR_PICKUP)

    assert _messages(app) == []


def test_withdrawn_consent_stops_the_messages(office, consenting, operator):
    notification_preference_set(actor=operator, person=consenting, channel=Channel.SMS, consent=False)

    app = advance(testing.make_application(office=office, person=consenting), Status.READY_FOR_PICKUP)

    assert _messages(app) == []


def test_a_rolled_back_status_change_leaves_no_message(office, consenting):
    app = advance(testing.make_application(office=office, person=consenting), Status.PRINTED)

    with pytest.raises(RuntimeError), transaction.atomic():
        step(app, Status.READY_FOR_PICKUP)
        raise RuntimeError("the counter's transaction fails after the change")

    assert _messages(app) == []


def test_a_fault_in_the_notifications_never_blocks_the_status_change(office, consenting, monkeypatch):
    app = advance(testing.make_application(office=office, person=consenting), Status.PRINTED)

    def broken(**kwargs):
        raise ValueError("template store unavailable")

    monkeypatch.setattr(receivers, "notification_enqueue", broken)
    app = step(app, Status.READY_FOR_PICKUP)

    app.refresh_from_db()
    assert app.status == Status.READY_FOR_PICKUP
    assert _messages(app) == []


def test_the_same_event_never_queues_two_messages(office, consenting):
    app = advance(testing.make_application(office=office, person=consenting), Status.READY_FOR_PICKUP)
    event = app.events.latest("id")

    receivers.queue_for_event(application=app, event=event, kind=Kind.READY_FOR_PICKUP)

    assert len(_messages(app)) == 1


def test_email_is_sent_through_django_mail_in_the_chosen_language(office, citizen, operator):
    notification_preference_set(
        actor=operator, person=citizen, channel=Channel.EMAIL, consent=True, language="en"
    )
    app = advance(testing.make_application(office=office, person=citizen), Status.READY_FOR_PICKUP)

    assert outbox.process_one() == "sent"

    [email] = mail.outbox
    assert email.to == ["warga@example.org"]
    assert "ready" in email.subject.lower()
    assert app.display_receipt in email.body


def test_after_pickup_the_citizen_is_invited_to_the_survey_when_the_survey_room_offers_it(office, consenting):
    app = advance(testing.make_application(office=office, person=consenting), Status.ISSUED)

    survey = [m for m in _messages(app) if m.kind == Kind.SURVEY_INVITATION]
    if find_spec("loket.surveys.services") is None:  # the survey room is optional for this room
        assert survey == []
        return
    [invitation] = survey
    assert "/survey/" in invitation.body


def test_a_transition_by_a_status_outside_the_table_is_ignored(office, consenting):
    app = testing.make_application(office=office, person=consenting)

    application_transition(
        application=app,
        to_status=Status.DOCUMENTS_VERIFIED,
        actor=testing.make_staff(role="operator", office=office),
    )

    assert _messages(app) == []
