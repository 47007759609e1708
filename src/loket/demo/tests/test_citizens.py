"""The demo's citizens as the notification, portal and sync rooms see them: consent to messages,
apologies already made for past lateness, complaints, and packets for what waits for the centre."""

from __future__ import annotations

import datetime as dt
import io
import itertools

import pytest
import time_machine
from django.core.management import call_command

from loket.applications.lifecycle import Status
from loket.applications.models import Application
from loket.applications.services import application_transition
from loket.notifications.models import (
    Channel,
    ConsentEvent,
    NotificationPreference,
    OutboxMessage,
    OverdueNotice,
)
from loket.notifications.outbox import process_one
from loket.notifications.services import NO_APOLOGY_STATUSES, overdue_check
from loket.offices.calendar import WorkingCalendar
from loket.offices.models import Office, Role, ServiceStandard, Staff
from loket.people.models import Person
from loket.portal.models import Complaint, ComplaintCategory, ComplaintStatus
from loket.portal.services import NEXT_STEPS, complaint_deadline
from loket.sync.models import OPEN_STATES, Packet
from loket.sync.services import AWAITING_CENTRE

pytestmark = pytest.mark.django_db
CHECK = dt.timedelta(minutes=15)  # LOKET_NOTIFY_OVERDUE_MINUTES


def test_six_in_ten_citizens_agreed_to_messages_mostly_by_whatsapp(live_demo):
    people = Person.objects.count()
    preferences = NotificationPreference.objects.select_related("person")
    assert 0.5 * people < preferences.count() < 0.7 * people
    channels = [p.channel for p in preferences]
    whatsapp, sms, email = (channels.count(c) for c in (Channel.WHATSAPP, Channel.SMS, Channel.EMAIL))
    assert whatsapp > sms > email > 0
    for preference in preferences:
        assert preference.consent
        assert preference.person.email if preference.channel == Channel.EMAIL else preference.person.phone
    events = {e.person_id: e for e in ConsentEvent.objects.select_related("recorded_by")}
    assert set(events) == {p.person_id for p in preferences}
    for preference in preferences:
        event = events[preference.person_id]
        assert (event.channel, event.consent, event.source, event.at) == (
            preference.channel,
            True,
            "counter",
            preference.updated_at,
        )
        assert event.recorded_by.role == Role.OPERATOR


def test_the_notifiers_first_check_apologises_only_for_what_fell_due_since_its_last_check(live_demo):
    now = live_demo
    last_check = now - dt.timedelta(seconds=now.timestamp() % CHECK.total_seconds())
    promised = {
        n.application_id: n.new_due_at for n in OverdueNotice.objects.order_by("application_id", "sequence")
    }
    late = Application.objects.overdue(now).exclude(status__in=NO_APOLOGY_STATUSES)
    fresh = [a for a in late if last_check <= promised.get(a.pk, a.due_at) < now]
    assert late.count() > 20  # the history has plenty of late applications ...

    queued = overdue_check(now=now)

    assert queued == len(fresh) < 5  # ... already apologised for, as a running notifier would have


def test_past_apologies_come_at_the_checks_and_promise_the_standard_again(live_demo):
    notices = list(
        OverdueNotice.objects.select_related("application__office").order_by("application", "sequence")
    )
    assert len(notices) > 100
    calendars = {o.pk: WorkingCalendar.for_office(o) for o in Office.objects.all()}
    standards = {(s.office_id, s.service_type): (s.amount, s.unit) for s in ServiceStandard.objects.all()}
    for _application, chain in itertools.groupby(notices, key=lambda n: n.application_id):
        chain = list(chain)
        app = chain[0].application
        assert [n.sequence for n in chain] == list(range(1, len(chain) + 1))
        assert chain[0].previous_due_at == app.due_at
        for before, after in itertools.pairwise(chain):
            assert after.previous_due_at == before.new_due_at < after.at
        for notice in chain:
            assert notice.at.timestamp() % CHECK.total_seconds() == 0 and notice.previous_due_at < notice.at
            amount, unit = standards[(app.office_id, app.service_type)]
            assert notice.new_due_at == calendars[app.office_id].due_at(notice.at, amount=amount, unit=unit)
            assert app.completed_at is None or notice.at < app.completed_at
            assert notice.at < live_demo


def test_staff_moving_a_consenting_citizens_application_writes_to_the_demo_file(
    live_demo, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    app = Application.objects.filter(
        status=Status.RECEIVED_AT_CENTRAL,
        person__notification_preference__consent=True,
        person__notification_preference__channel=Channel.WHATSAPP,
    ).first()
    head = Staff.objects.get(office_id=app.office_id, role=Role.HEAD)

    with time_machine.travel(live_demo, tick=False):
        application_transition(application=app, to_status=Status.DUPLICATE_RECORD, actor=head)
        assert OutboxMessage.objects.filter(application=app, kind="duplicate_record").count() == 1
        assert process_one() == "sent"

    assert app.display_receipt in (tmp_path / "notifications-outbox.txt").read_text()


def test_complaints_cover_every_category_and_status_with_their_deadlines(live_demo):
    complaints = list(Complaint.objects.prefetch_related("events"))
    assert {c.category for c in complaints} == set(ComplaintCategory.values)
    assert {c.status for c in complaints} == set(ComplaintStatus.values)
    pungli = [c for c in complaints if c.category == ComplaintCategory.PUNGLI]
    assert len(pungli) == 1 and pungli[0].is_anonymous
    for complaint in complaints:
        assert complaint.respond_by == complaint_deadline(complaint.office, complaint.received_at)
        assert complaint.received_at < live_demo
        steps = list(complaint.events.all())
        assert (steps[0].from_status, steps[0].to_status, steps[0].actor_id) == ("", "received", None)
        for before, after in itertools.pairwise(steps):
            assert after.from_status == before.to_status and before.at < after.at < live_demo
            assert after.to_status in NEXT_STEPS[after.from_status]
            assert after.actor.role == Role.HEAD and after.actor.office_id == complaint.office_id
        assert steps[-1].to_status == complaint.status
        if complaint.status in (ComplaintStatus.ANSWERED, ComplaintStatus.CLOSED):
            assert complaint.response and complaint.answered_at
    assert len({c.tracking_code for c in complaints}) == len(complaints)


def test_after_the_backfill_everything_waiting_for_the_centre_has_a_packet(live_demo):
    waiting = Application.objects.filter(status__in=[Status.BIOMETRICS_CAPTURED, *AWAITING_CENTRE])
    assert waiting.filter(status=Status.SENT_FOR_ENROLLMENT).exists()
    assert waiting.filter(status=Status.RECEIVED_AT_CENTRAL).exists()

    call_command("sync", "backfill", stdout=io.StringIO())

    with_packet = Packet.objects.filter(state__in=OPEN_STATES).values_list("application_id", flat=True)
    assert set(waiting.values_list("pk", flat=True)) == set(with_packet)
