"""Due dates of applications: counted from submission, restarted when the documents are complete,
across weekends, Idul Fitri and office closures; what is overdue and for whom."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from loket import testing
from loket.applications.due_dates import NO_HOURS, NO_STANDARD, compute_due_at, due_info
from loket.applications.lifecycle import Status
from loket.applications.models import Application
from loket.applications.selectors import overdue_applications
from loket.applications.services import application_requirements_set, application_transition
from loket.core.errors import ServiceError
from loket.offices.calendar import WorkingCalendar
from loket.offices.models import OfficeClosure, Role, ServiceStandard, ServiceType, StandardUnit

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")


def at(day: str, time: str = "10:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=WIB)


def _submit_at(moment: dt.datetime, office, **kwargs) -> Application:
    with time_machine.travel(moment, tick=False):
        return testing.make_application(office=office, **kwargs)


def test_a_submitted_application_is_due_five_working_days_later_over_a_weekend(office):
    app = _submit_at(at("2026-01-07"), office)
    assert app.clock_started_at == at("2026-01-07")
    assert app.due_at == at("2026-01-14", "16:00")


def test_an_application_submitted_before_idul_fitri_is_due_after_the_cuti_bersama(office):
    app = _submit_at(at("2026-03-17", "15:00"), office)
    assert app.due_at == at("2026-03-31", "16:00")


def test_an_office_closure_moves_the_due_date(office):
    OfficeClosure.objects.create(office=office, date=dt.date(2026, 1, 12), reason="Perbaikan jaringan")
    app = _submit_at(at("2026-01-07"), office)
    assert app.due_at == at("2026-01-15", "16:00")


def test_an_application_submitted_after_closing_time_is_not_given_an_extra_day(office):
    early = _submit_at(at("2026-01-07", "08:00"), office)
    late = _submit_at(at("2026-01-07", "19:45"), office)
    assert early.due_at == late.due_at == at("2026-01-14", "16:00")


def test_a_standard_in_working_hours_skips_the_lunch_break_and_the_night(office):
    ServiceStandard.objects.filter(office=office, service_type=ServiceType.IKD).update(
        amount=3, unit=StandardUnit.WORKING_HOURS
    )
    before_lunch = _submit_at(at("2026-01-12", "11:00"), office, service_type=ServiceType.IKD)
    assert before_lunch.due_at == at("2026-01-12", "15:00")
    late_afternoon = _submit_at(at("2026-01-12", "15:30"), office, service_type=ServiceType.IKD)
    assert late_afternoon.due_at == at("2026-01-13", "10:30")


def test_an_office_without_opening_hours_refuses_the_application_with_a_clear_message(office, operator):
    office.opening_hours.all().delete()
    with pytest.raises(ServiceError) as refused:
        testing.make_application(office=office, actor=operator)
    assert refused.value.code == "no_opening_hours"
    assert refused.value.message == str(NO_HOURS)
    assert not Application.objects.exists()


def test_an_office_without_a_standard_for_the_service_says_which_service(office):
    ServiceStandard.objects.filter(office=office, service_type=ServiceType.LOST).delete()
    with pytest.raises(ServiceError) as refused:
        compute_due_at(office=office, service_type=ServiceType.LOST, start=at("2026-01-07"))
    assert refused.value.code == "no_service_standard"
    assert str(ServiceType.LOST.label) in refused.value.message
    assert refused.value.message == str(NO_STANDARD) % {"service": ServiceType.LOST.label}


def test_the_clock_restarts_when_incomplete_documents_are_completed(office, operator):
    app = _submit_at(
        at("2026-01-12", "09:00"), office, service_type=ServiceType.LOST, fulfilled=False, actor=operator
    )
    assert app.due_at == at("2026-01-20", "16:00")  # Friday 16 January is Isra Mi'raj
    with time_machine.travel(at("2026-01-12", "09:05"), tick=False):
        app = application_transition(
            application=app,
            to_status=Status.DOCUMENTS_INCOMPLETE,
            actor=operator,
            note="police report missing",
        )
    with time_machine.travel(at("2026-01-21", "10:00"), tick=False):
        app = application_requirements_set(application=app, actor=operator, fulfilled=["police_report", "kk"])
        app = application_transition(application=app, to_status=Status.DOCUMENTS_VERIFIED, actor=operator)
    app.refresh_from_db()
    assert app.clock_started_at == at("2026-01-21", "10:00")
    assert app.due_at == at("2026-01-28", "16:00")


def test_verification_on_the_day_of_submission_counts_from_the_verification(office, operator):
    app = _submit_at(at("2026-01-07", "09:00"), office, actor=operator)
    with time_machine.travel(at("2026-01-08", "09:00"), tick=False):
        app = application_transition(application=app, to_status=Status.DOCUMENTS_VERIFIED, actor=operator)
    assert app.due_at == at("2026-01-15", "16:00")


def test_later_steps_do_not_move_the_due_date(office, operator, recorder):
    app = _submit_at(at("2026-01-07"), office, actor=operator)
    with time_machine.travel(at("2026-01-07", "11:00"), tick=False):
        app = application_transition(application=app, to_status=Status.DOCUMENTS_VERIFIED, actor=operator)
    due = app.due_at
    with time_machine.travel(at("2026-01-09"), tick=False):
        app = application_transition(application=app, to_status=Status.BIOMETRICS_CAPTURED, actor=recorder)
    assert app.due_at == due


def _force(app: Application, status: str, **fields) -> Application:
    Application.objects.filter(pk=app.pk).update(status=status, **fields)
    app.refresh_from_db()
    return app


def test_overdue_lists_only_open_applications_not_yet_completed_and_past_due(office):
    late = _submit_at(at("2026-01-07"), office)
    late_but_card_ready = _force(
        _submit_at(at("2026-01-07"), office), Status.READY_FOR_PICKUP, completed_at=at("2026-01-20")
    )
    late_but_cancelled = _force(
        _submit_at(at("2026-01-07"), office), Status.CANCELLED, closed_at=at("2026-01-08")
    )
    not_yet_due = _submit_at(at("2026-01-20"), office)
    now = at("2026-01-21")

    overdue = set(Application.objects.overdue(now))
    assert late in overdue
    assert {late_but_card_ready, late_but_cancelled, not_yet_due}.isdisjoint(overdue)


def test_an_application_is_not_overdue_until_its_due_moment_has_passed(office):
    app = _submit_at(at("2026-01-07"), office)
    assert not Application.objects.overdue(at("2026-01-14", "15:59")).exists()
    assert list(Application.objects.overdue(at("2026-01-14", "16:01"))) == [app]


def test_overdue_applications_are_scoped_to_the_users_office(office, other_office, city_admin):
    mine = _submit_at(at("2026-01-07"), office)
    theirs = _submit_at(at("2026-01-07"), other_office)
    now = at("2026-02-02")
    operator = testing.make_staff(role=Role.OPERATOR, office=office)

    assert list(overdue_applications(operator, now=now)) == [mine]
    assert set(overdue_applications(city_admin, now=now)) == {mine, theirs}
    assert list(overdue_applications(city_admin, office=other_office, now=now)) == [theirs]
    assert not overdue_applications(
        testing.make_staff(role=Role.OPERATOR, office=other_office), office=office, now=now
    )


def test_overdue_applications_come_oldest_due_first(office, operator):
    second = _submit_at(at("2026-01-08"), office)
    first = _submit_at(at("2026-01-07"), office)
    assert list(overdue_applications(operator, now=at("2026-02-02"))) == [first, second]


def test_due_info_counts_working_days_left_positive_zero_and_negative(office):
    app = _submit_at(at("2026-01-07"), office)  # due Wednesday 14 January 16:00
    calendar = WorkingCalendar.for_office(office)

    ahead = due_info(app, calendar=calendar, now=at("2026-01-12"))
    on_the_day = due_info(app, calendar=calendar, now=at("2026-01-14", "09:00"))
    after_closing = due_info(app, calendar=calendar, now=at("2026-01-14", "17:00"))
    late = due_info(app, calendar=calendar, now=at("2026-01-19"))  # Friday 16 is a holiday

    assert (ahead.working_days_left, ahead.overdue) == (2, False)
    assert (on_the_day.working_days_left, on_the_day.overdue) == (0, False)
    assert (after_closing.working_days_left, after_closing.overdue) == (0, True)
    assert (late.working_days_left, late.overdue) == (-2, True)
    assert late.completed_on_time is None


def test_due_info_of_a_completed_application_says_whether_it_was_on_time(office):
    calendar = WorkingCalendar.for_office(office)
    on_time = _force(
        _submit_at(at("2026-01-07"), office), Status.READY_FOR_PICKUP, completed_at=at("2026-01-13")
    )
    too_late = _force(
        _submit_at(at("2026-01-07"), office), Status.READY_FOR_PICKUP, completed_at=at("2026-01-15")
    )
    assert due_info(on_time, calendar=calendar, now=at("2026-02-02")).completed_on_time is True
    late_info = due_info(too_late, calendar=calendar, now=at("2026-02-02"))
    assert (late_info.completed_on_time, late_info.overdue) == (False, False)
