"""The worker command: delivers and checks for late applications; the admin pages answer."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from loket import testing
from loket.applications.lifecycle import Status
from loket.notifications.management.commands import notifications as worker_command
from loket.notifications.models import Kind, OutboxMessage, OutboxStatus
from loket.portal.tests.helpers import advance

pytestmark = pytest.mark.django_db


def test_one_round_of_the_worker_apologises_for_late_work_and_delivers(
    office, consenting, demo_file, monkeypatch
):
    # Like Django's test client: the worker's per-round reconnect would close the test's transaction.
    monkeypatch.setattr(worker_command, "close_old_connections", lambda: None)
    app = advance(testing.make_application(office=office, person=consenting), Status.SENT_FOR_ENROLLMENT)

    with time_machine.travel(app.due_at + dt.timedelta(hours=2)):
        call_command("notifications", "run", "--once")

    message = OutboxMessage.objects.get(application=app, kind=Kind.OVERDUE)
    assert message.status == OutboxStatus.SENT
    assert message.body in demo_file.read_text()


def test_deliver_and_check_overdue_run_once(office, consenting, capsys):
    advance(testing.make_application(office=office, person=consenting), Status.READY_FOR_PICKUP)

    call_command("notifications", "check-overdue")
    call_command("notifications", "deliver")

    assert OutboxMessage.objects.get().status == OutboxStatus.SENT
    assert "'sent': 1" in capsys.readouterr().out


def test_the_admin_lists_messages_with_the_number_masked(client, office, consenting):
    advance(testing.make_application(office=office, person=consenting), Status.READY_FOR_PICKUP)
    admin = testing.make_staff(role="system_admin")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)

    page = client.get("/admin/notifications/outboxmessage/").content.decode()
    template_page = client.get("/admin/notifications/messagetemplate/").content.decode()

    assert "6281234567890" not in page
    assert "6281" in page
    assert "ready_for_pickup" in template_page or "siap" in template_page.lower()


def test_a_database_error_in_a_round_is_logged_and_the_worker_goes_on(monkeypatch, capsys, caplog, db):
    from django.db import OperationalError

    monkeypatch.setattr(worker_command, "close_old_connections", lambda: None)

    def locked() -> int:
        raise OperationalError("database is locked")

    monkeypatch.setattr(worker_command, "turn_near_check", locked)

    call_command("notifications", "run", "--once")

    assert "notifications worker stopped" in capsys.readouterr().out
    assert "notifications round failed" in caplog.text
