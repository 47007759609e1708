"""`loket demo` as a command: determinism (of the later rooms' data too), --applications, --if-empty,
a second run."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from loket.applications.models import Application, ApplicationEvent
from loket.intake.models import Booking, Ticket, Visit
from loket.notifications.models import NotificationPreference, OverdueNotice
from loket.offices.models import Staff
from loket.people.models import Person
from loket.portal.models import Complaint

UNTIL = dt.date(2024, 7, 31)


@pytest.fixture
def demo_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.mark.django_db
def test_same_seed_gives_the_same_data_and_another_seed_does_not(demo_dir):
    def snapshot():
        return (
            list(
                Person.objects.order_by("nik").values_list(
                    "nik", "full_name", "birth_date", "address", "phone"
                )
            ),
            list(
                Application.objects.order_by("receipt_number").values_list(
                    "receipt_number", "service_type", "status", "submitted_at", "due_at"
                )
            ),
            list(
                ApplicationEvent.objects.order_by("application__receipt_number", "at").values_list(
                    "application__receipt_number", "at", "to_status", "note"
                )
            ),
            _rooms(),
        )

    call_command("demo", seed=3, applications=300, days=15, until=UNTIL, verbosity=0)
    first = snapshot()
    call_command("demo", reset=True, seed=3, applications=300, days=15, until=UNTIL, verbosity=0)
    assert snapshot() == first
    call_command("demo", reset=True, seed=4, applications=300, days=15, until=UNTIL, verbosity=0)
    other = snapshot()
    assert other[0] != first[0] and other[1] != first[1] and other[3] != first[3]


def _rooms():
    """The later rooms' rows, without the bearer secrets (ticket tokens, booking and complaint codes),
    which are drawn like the live services draw them and so differ on every run."""
    return [
        list(model.objects.order_by(*order).values_list(*fields))
        for model, order, fields in (
            (NotificationPreference, ("person__nik",), ("person__nik", "channel", "language")),
            (OverdueNotice, ("application__receipt_number", "sequence"), ("sequence", "at", "new_due_at")),
            (
                Ticket,
                ("issued_at", "prefix"),
                ("day", "prefix", "number", "status", "issued_at", "finished_at"),
            ),
            (Visit, ("called_at", "ticket__prefix"), ("called_at", "ended_at", "outcome", "station__number")),
            (
                Booking,
                ("created_at", "slot__starts_at"),
                ("slot__starts_at", "status", "name", "checked_in_at"),
            ),
            (Complaint, ("received_at",), ("category", "status", "received_at", "answered_at")),
        )
    ]


@pytest.mark.django_db
def test_applications_option_gives_exactly_that_many(demo_dir):
    call_command("demo", seed=1, applications=457, days=10, until=UNTIL, verbosity=0)
    assert Application.objects.count() == 457
    assert ApplicationEvent.objects.count() > 457 * 3


@pytest.mark.django_db
def test_if_empty_does_nothing_once_an_office_exists(demo_dir):
    call_command("demo", seed=1, applications=50, days=5, until=UNTIL, verbosity=0)
    before = (Application.objects.count(), ApplicationEvent.objects.count(), Staff.objects.count())
    call_command("demo", if_empty=True, seed=2, applications=80, days=5, until=UNTIL, verbosity=0)
    assert (Application.objects.count(), ApplicationEvent.objects.count(), Staff.objects.count()) == before


@pytest.mark.django_db
def test_a_second_plain_run_refuses_rather_than_doubling_the_history(demo_dir):
    call_command("demo", seed=1, applications=50, days=5, until=UNTIL, verbosity=0)
    with pytest.raises(CommandError, match="--reset"):
        call_command("demo", seed=1, applications=50, days=5, until=UNTIL, verbosity=0)
    assert Application.objects.count() == 50
