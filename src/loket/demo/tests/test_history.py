"""The generated history is one the system itself could have written.

One small history (20 days up to a fixed date, about 2,000 applications) is generated once for the
module and checked from every side; the tests that need their own runs make smaller ones.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings

from loket.applications.due_dates import compute_due_at
from loket.applications.lifecycle import CLOSED_STATUSES, COMPLETED_STATUSES, TRANSITIONS, Source, Status
from loket.applications.models import (
    Application,
    ApplicationEvent,
    ApplicationRequirement,
    BlankMovement,
    BlankStock,
    Pickup,
    Suket,
)
from loket.applications.requirements import requirement_codes
from loket.demo.reset import reset_demo
from loket.offices.calendar import WorkingCalendar
from loket.offices.models import Office, ServiceStandard, Staff
from loket.people.models import Person, phone_validator
from loket.people.nik import validate_nik, validate_nik_matches

TZ = ZoneInfo("Asia/Jakarta")
UNTIL = dt.date(2024, 7, 31)
HORIZON = dt.datetime(2024, 8, 1, tzinfo=TZ)


@pytest.fixture(scope="module")
def history(django_db_setup, django_db_blocker, tmp_path_factory):
    """A 20-day history of both demo offices, written once; removed again after the module."""
    with django_db_blocker.unblock(), override_settings(DATA_DIR=tmp_path_factory.mktemp("demo")):
        with time_machine.travel(HORIZON + dt.timedelta(hours=9), tick=False):
            call_command("demo", seed=7, days=20, until=UNTIL, verbosity=0)
        yield
        reset_demo()


def _chains() -> dict[int, list[ApplicationEvent]]:
    chains: dict[int, list[ApplicationEvent]] = defaultdict(list)
    for event in ApplicationEvent.objects.order_by("application_id", "at", "id"):
        chains[event.application_id].append(event)
    return chains


@pytest.mark.django_db
def test_every_event_chain_walks_the_transition_table(history):
    applications = {a.pk: a for a in Application.objects.all()}
    staff_roles = dict(Staff.objects.values_list("id", "role"))
    chains = _chains()
    assert len(applications) > 1500
    assert set(chains) == set(applications)
    for app_id, events in chains.items():
        app = applications[app_id]
        assert (events[0].from_status, events[0].to_status) == ("", Status.SUBMITTED)
        for before, after in itertools.pairwise(events):
            assert after.at > before.at
            assert after.from_status == before.to_status
            rule = TRANSITIONS.get((Status(after.from_status), Status(after.to_status)))
            assert rule is not None, f"{after.from_status} -> {after.to_status}"
            assert app.service_type in rule.service_types
            assert after.source in rule.sources
            if after.source == Source.STAFF:
                assert staff_roles[after.actor_id] in rule.roles
            else:
                assert after.actor_id is None
            if rule.note_required:
                assert after.note.strip()


@pytest.mark.django_db
def test_application_fields_are_what_the_transitions_would_have_set(history):
    chains = _chains()
    calendars = {o.pk: WorkingCalendar.for_office(o) for o in Office.objects.all()}
    standards = {(s.office_id, s.service_type): (s.amount, s.unit) for s in ServiceStandard.objects.all()}
    apps = list(Application.objects.select_related("office"))
    # compute_due_at itself for a sample (it reads the standard from the database each time) ...
    for app in apps[::50]:
        events = chains[app.pk]
        verified = [e.at for e in events if e.to_status == Status.DOCUMENTS_VERIFIED]
        start = verified[-1] if verified else app.submitted_at
        assert app.due_at == compute_due_at(office=app.office, service_type=app.service_type, start=start)
    # ... and the same calendar arithmetic it does, for every application.
    for app in apps:
        events = chains[app.pk]
        last = events[-1]
        assert app.status == last.to_status
        assert app.status_changed_at == last.at
        assert app.submitted_at == events[0].at
        verified = [e.at for e in events if e.to_status == Status.DOCUMENTS_VERIFIED]
        start = verified[-1] if verified else app.submitted_at
        assert app.clock_started_at == start
        amount, unit = standards[(app.office_id, app.service_type)]
        assert app.due_at == calendars[app.office_id].due_at(start, amount=amount, unit=unit)
        completed = [e.at for e in events if e.to_status in COMPLETED_STATUSES]
        assert app.completed_at == (completed[0] if completed else None)
        assert app.closed_at == (last.at if app.status in CLOSED_STATUSES else None)
        assert all(e.at < HORIZON for e in events)


@pytest.mark.django_db
def test_requirements_are_ticked_before_the_documents_are_verified(history):
    verified_at = dict(
        ApplicationEvent.objects.filter(to_status=Status.DOCUMENTS_VERIFIED).values_list(
            "application_id", "at"
        )
    )
    rows = defaultdict(list)
    for item in ApplicationRequirement.objects.all():
        rows[item.application_id].append(item)
    for app in Application.objects.all():
        items = rows[app.pk]
        assert sorted(i.code for i in items) == sorted(requirement_codes(app.service_type))
        if app.pk in verified_at:
            assert all(i.fulfilled and i.checked_at <= verified_at[app.pk] for i in items)
        if app.status == Status.DOCUMENTS_INCOMPLETE:
            assert any(not i.fulfilled for i in items)


@pytest.mark.django_db
def test_blank_ledger_adds_up_and_never_goes_negative(history):
    for office in Office.objects.all():
        balance = 0
        for movement in BlankMovement.objects.filter(office=office).order_by("at", "id"):
            balance += movement.quantity
            assert movement.balance_after == balance >= 0
        assert BlankStock.objects.get(office=office).on_hand == balance
    printed = set(
        ApplicationEvent.objects.filter(to_status=Status.PRINTED).values_list("application_id", flat=True)
    )
    takes = BlankMovement.objects.filter(kind="print")
    assert set(takes.values_list("application_id", flat=True)) == printed
    assert takes.count() == len(printed)


@pytest.mark.django_db
def test_a_stockout_holds_print_ready_records_and_brings_sukets(history):
    office = Office.objects.get(code="zona-8")
    empty = BlankMovement.objects.filter(office=office, balance_after=0)
    assert empty.exists()
    sukets = Suket.objects.filter(application__office=office, status_code="PRR")
    assert sukets.exists()
    ledger = list(
        BlankMovement.objects.filter(office=office).order_by("at", "id").values_list("at", "balance_after")
    )
    for suket in sukets:
        # The office may give a PRR Suket only while it has no blanks.
        before = [balance for at, balance in ledger if at <= suket.issued_at]
        assert before and before[-1] == 0
    numbers = list(
        Suket.objects.filter(application__office=office)
        .order_by("issued_at", "id")
        .values_list("number", flat=True)
    )
    assert numbers[:2] == ["470/00001/ZONA-8/2024", "470/00002/ZONA-8/2024"]
    assert len(set(numbers)) == len(numbers)


@pytest.mark.django_db
def test_people_have_valid_unique_niks_matching_birth_date_and_sex(history):
    people = list(Person.objects.all())
    assert len({p.nik for p in people}) == len(people)
    served = {o.pk: set(o.served_regions.values_list("code", flat=True)) for o in Office.objects.all()}
    offices_of = defaultdict(set)
    for person_id, office_id in Application.objects.values_list("person_id", "office_id"):
        offices_of[person_id].add(office_id)
    for person in people:
        validate_nik(person.nik)
        validate_nik_matches(person.nik, birth_date=person.birth_date, sex=person.sex)
        if person.phone:
            phone_validator(person.phone)
        assert person.full_name.strip()
        assert all(person.village_id in served[o] for o in offices_of[person.pk])


@pytest.mark.django_db
def test_history_has_overdue_duplicates_failures_and_every_open_status(history):
    apps = Application.objects.filter(office__code="zona-8")
    assert apps.overdue(now=HORIZON).count() > 10
    statuses = set(apps.values_list("status", flat=True))
    assert statuses >= {
        Status.DOCUMENTS_INCOMPLETE,
        Status.BIOMETRICS_CAPTURED,
        Status.SENT_FOR_ENROLLMENT,
        Status.RECEIVED_AT_CENTRAL,
        Status.PRINT_READY,
        Status.DUPLICATE_RECORD,
        Status.READY_FOR_PICKUP,
        Status.ISSUED,
        Status.CANCELLED,
    }
    reached = set(ApplicationEvent.objects.values_list("to_status", flat=True))
    assert {Status.ENROLLMENT_FAILED, Status.ADJUDICATION, Status.DOCUMENTS_INCOMPLETE} <= reached
    assert (
        Pickup.objects.filter(application__status=Status.ISSUED).count()
        == apps.filter(status=Status.ISSUED).exclude(service_type="ikd").count()
        + Pickup.objects.filter(application__office__code="zona-1").count()
    )


@pytest.mark.django_db
def test_the_second_office_has_its_own_small_history(history):
    second = Application.objects.filter(office__code="zona-1")
    assert 0 < second.count() < Application.objects.filter(office__code="zona-8").count() / 5
    assert not ApplicationEvent.objects.filter(
        application__office__code="zona-1", actor__office__code="zona-8"
    ).exists()


@pytest.mark.django_db
def test_the_demo_office_gets_survey_responses_for_the_same_span(history):
    from loket.surveys.models import Questionnaire, Response

    if not Questionnaire.objects.filter(key="skm").exists():
        pytest.skip("the surveys room has no SKM questionnaire installed")
    dates = Response.objects.filter(office__code="zona-8").values_list("submitted_on", flat=True)
    assert dates and min(dates) >= UNTIL - dt.timedelta(days=19) and max(dates) <= UNTIL
