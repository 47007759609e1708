"""Late applications: one apology with a new date, again only when that date passes too."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from loket import testing
from loket.applications.lifecycle import Status
from loket.notifications.models import Kind, OutboxMessage, OverdueNotice
from loket.notifications.services import overdue_check
from loket.portal.tests.helpers import advance

pytestmark = pytest.mark.django_db


@pytest.fixture
def late(office, consenting):
    """Registered on a Monday; 5 working days later it is still at the centre."""
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)):
        app = testing.make_application(office=office, person=consenting)
        return advance(app, Status.RECEIVED_AT_CENTRAL)


def _apologies(app):
    return list(OutboxMessage.objects.filter(application=app, kind=Kind.OVERDUE).order_by("id"))


def test_nothing_happens_before_the_due_date(late):
    with time_machine.travel(late.due_at - dt.timedelta(hours=1)):
        assert overdue_check() == 0
    assert _apologies(late) == []


def test_a_late_application_gets_one_apology_with_a_new_date(late):
    with time_machine.travel(late.due_at + dt.timedelta(hours=1)):
        assert overdue_check() == 1
        assert overdue_check() == 0  # the worker runs every 15 minutes: still one apology

    [message] = _apologies(late)
    notice = OverdueNotice.objects.get(application=late)
    assert notice.new_due_at > late.due_at
    assert "maaf" in message.body.lower()
    assert str(notice.new_due_at.astimezone(dt.timezone(dt.timedelta(hours=7))).day) in message.body


def test_when_the_new_date_passes_too_the_office_apologises_again(late):
    with time_machine.travel(late.due_at + dt.timedelta(hours=1)):
        overdue_check()
    first = OverdueNotice.objects.get(application=late)

    with time_machine.travel(first.new_due_at + dt.timedelta(hours=1)):
        assert overdue_check() == 1

    assert [n.sequence for n in OverdueNotice.objects.filter(application=late)] == [1, 2]
    assert len(_apologies(late)) == 2


def test_no_apology_while_the_office_waits_for_the_citizens_documents(office, consenting):
    app = advance(
        testing.make_application(office=office, person=consenting, fulfilled=False),
        Status.DOCUMENTS_INCOMPLETE,
    )

    with time_machine.travel(app.due_at + dt.timedelta(days=3)):
        assert overdue_check() == 0


def test_a_completed_application_is_never_late(office, consenting):
    app = advance(testing.make_application(office=office, person=consenting), Status.READY_FOR_PICKUP)

    with time_machine.travel(app.due_at + dt.timedelta(days=3)):
        assert overdue_check() == 0


def test_the_new_date_is_recorded_without_consent_so_the_portal_can_show_it(office):
    app = advance(testing.make_application(office=office), Status.SENT_FOR_ENROLLMENT)

    with time_machine.travel(app.due_at + dt.timedelta(hours=1)):
        assert overdue_check() == 1

    assert OverdueNotice.objects.filter(application=app).exists()
    assert _apologies(app) == []
