"""The demo offices, their staff and logins, `loket welcome`, and --reset."""

from __future__ import annotations

import datetime as dt
import io
import json
import stat

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from loket.core.models import Counter
from loket.demo import setup
from loket.intake.models import Ticket
from loket.offices.calendar import WorkingCalendar
from loket.offices.models import Office, Role, Staff
from loket.portal.models import Complaint


@pytest.fixture
def demo_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.LOKET_PUBLIC_URL = "http://loket.example:8000"
    return tmp_path


@pytest.mark.django_db
def test_setup_is_idempotent_and_keeps_the_passwords(demo_dir):
    offices = setup.ensure_offices(closures_around=dt.date(2024, 7, 31))
    first = setup.ensure_staff(offices)
    offices = setup.ensure_offices(closures_around=dt.date(2024, 7, 31))
    second = setup.ensure_staff(offices)
    assert first == second
    assert Office.objects.count() == 2
    office = Office.objects.get(code="zona-8")
    assert office.stations.count() == 5 and office.opening_hours.count() == 5
    assert office.closures.count() == 3
    assert sorted(office.served_regions.values_list("code", flat=True))[:2] == ["16.71.16", "16.71.16.1001"]
    assert Staff.objects.filter(office=office, role=Role.OPERATOR).count() == 2
    assert Staff.objects.filter(office=office, role=Role.RECORDING_OFFICER).count() == 2
    admin = Staff.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser and admin.role == Role.SYSTEM_ADMIN


@pytest.mark.django_db
def test_logins_are_random_private_and_work(demo_dir):
    logins = setup.ensure_staff(setup.ensure_offices(closures_around=dt.date(2024, 7, 31)))
    path = demo_dir / "demo-logins.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text())["logins"] == logins
    assert len({entry["password"] for entry in logins}) == len(logins) == len(setup.DEMO_USERNAMES)
    for entry in logins:
        assert Staff.objects.get(username=entry["username"]).check_password(entry["password"])


@pytest.mark.django_db
def test_friday_has_the_long_prayer_break_and_the_standard_counts_working_days(demo_dir):
    office = setup.ensure_offices(closures_around=dt.date(2024, 7, 31))["zona-8"]
    calendar = WorkingCalendar.for_office(office)
    friday = calendar.hours[4]
    assert (friday.break_start, friday.break_end) == (dt.time(11, 30), dt.time(13, 30))
    assert office.service_standards.get(service_type="new").amount == 5


@pytest.mark.django_db
def test_welcome_prints_the_address_and_every_login(demo_dir):
    logins = setup.ensure_staff(setup.ensure_offices(closures_around=dt.date(2024, 7, 31)))
    out = io.StringIO()
    call_command("welcome", stdout=out)
    text = out.getvalue()
    assert "loket is running at http://loket.example:8000/" in text
    assert "http://loket.example:8000/login/" in text
    assert "http://loket.example:8000/admin/" in text
    assert "http://loket.example:8000/api/docs" in text
    for entry in logins:
        line = next(line for line in text.splitlines() if line.strip().startswith(entry["username"] + " "))
        assert entry["password"] in line


@pytest.mark.django_db
def test_welcome_without_logins_says_how_to_get_them(demo_dir):
    out = io.StringIO()
    call_command("welcome", stdout=out)
    assert "loket demo" in out.getvalue()


@pytest.mark.django_db
def test_reset_removes_the_demo_but_not_other_offices(demo_dir):
    from loket import testing

    other = testing.make_office(code="kec-lain", name="UPT Lain")
    keeper = testing.make_application(office=other)
    call_command("demo", seed=1, applications=60, days=5, until=dt.date(2024, 7, 31), verbosity=0)
    first_offices = set(Office.objects.filter(code__in=["zona-8", "zona-1"]).values_list("pk", flat=True))
    call_command("demo", reset=True, seed=1, applications=60, days=5, until=dt.date(2024, 7, 31), verbosity=0)
    assert Office.objects.filter(code__in=["zona-8", "zona-1"]).count() == 2
    assert other.applications.get() == keeper
    assert keeper.person.applications.count() == 1
    # The rooms' rows of the removed offices went with them, their queue counters too.
    assert not Ticket.objects.filter(office_id__in=first_offices).exists()
    assert not Complaint.objects.filter(office_id__in=first_offices).exists()
    assert not Counter.objects.filter(key__regex=rf"^queue:({'|'.join(map(str, first_offices))}):").exists()


@pytest.mark.django_db
def test_reset_is_refused_in_production(demo_dir, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("demo", reset=True, verbosity=0)
