"""Working days and hours of an office: weekends, national holidays with cuti bersama, the office's own
closures, the lunch break and the office's time zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from loket import testing
from loket.offices.calendar import NoOpeningHours, WorkingCalendar, national_holidays
from loket.offices.models import OfficeClosure, StandardUnit

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")


def at(day: str, time: str = "10:00", tz: ZoneInfo = WIB) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=tz)


@pytest.fixture
def calendar(office):
    """Monday-Friday 08:00-16:00 with a break 12:00-13:00 (loket.testing.make_office)."""
    return WorkingCalendar.for_office(office)


def test_five_working_days_skip_the_weekend(calendar):
    # Wednesday 7 January 2026: Thu 8, Fri 9, Mon 12, Tue 13, Wed 14.
    assert calendar.add_working_days(at("2026-01-07"), 5) == at("2026-01-14", "16:00")


def test_the_day_the_clock_starts_is_not_counted_whatever_the_hour(calendar):
    morning = calendar.add_working_days(at("2026-01-07", "08:01"), 1)
    evening = calendar.add_working_days(at("2026-01-07", "15:59"), 1)
    assert morning == evening == at("2026-01-08", "16:00")


def test_idul_fitri_2026_and_its_cuti_bersama_are_not_working_days(calendar):
    for day in range(18, 25):
        assert not calendar.is_working_day(dt.date(2026, 3, day)), day
    # Tuesday 17 March: the next working days are 25, 26, 27, 30 and 31 March.
    assert calendar.add_working_days(at("2026-03-17"), 5) == at("2026-03-31", "16:00")


def test_a_joint_holiday_is_named_as_the_reason_the_office_is_closed(calendar):
    holidays_2026 = national_holidays(2026, "en")
    assert dt.date(2026, 3, 23) in holidays_2026  # cuti bersama after Idul Fitri, a Monday
    assert calendar.closed_reason(dt.date(2026, 3, 23))


def test_an_office_closure_is_skipped_like_a_holiday(office):
    OfficeClosure.objects.create(office=office, date=dt.date(2026, 1, 9), reason="Network outage")
    calendar = WorkingCalendar.for_office(office)
    assert calendar.closed_reason(dt.date(2026, 1, 9)) == "Network outage"
    assert calendar.add_working_days(at("2026-01-07"), 5) == at("2026-01-15", "16:00")


def test_a_closure_of_one_office_does_not_close_another(office, other_office):
    OfficeClosure.objects.create(office=office, date=dt.date(2026, 1, 9), reason="Renovation")
    assert WorkingCalendar.for_office(other_office).is_working_day(dt.date(2026, 1, 9))


def test_submission_after_closing_time_counts_from_the_next_working_day(calendar):
    # Thursday 15 January 17:30; Friday 16 January is Isra Mi'raj.
    assert calendar.add_working_days(at("2026-01-15", "17:30"), 1) == at("2026-01-19", "16:00")
    assert calendar.add_working_hours(at("2026-01-15", "17:30"), 1) == at("2026-01-19", "09:00")


def test_submission_on_a_saturday_counts_from_monday(calendar):
    assert calendar.add_working_days(at("2026-01-10", "09:00"), 1) == at("2026-01-12", "16:00")
    assert calendar.add_working_hours(at("2026-01-10", "09:00"), 2) == at("2026-01-12", "10:00")


def test_working_hours_skip_the_lunch_break(calendar):
    assert calendar.add_working_hours(at("2026-01-12", "11:00"), 2) == at("2026-01-12", "14:00")


def test_working_hours_started_during_the_break_begin_after_it(calendar):
    assert calendar.add_working_hours(at("2026-01-12", "12:30"), 1) == at("2026-01-12", "14:00")


def test_working_hours_started_before_opening_begin_at_opening(calendar):
    assert calendar.add_working_hours(at("2026-01-12", "06:00"), 1) == at("2026-01-12", "09:00")


def test_working_hours_carry_over_to_the_next_working_day(calendar):
    # Monday 15:00: one hour on Monday, two on Tuesday morning.
    assert calendar.add_working_hours(at("2026-01-12", "15:00"), 3) == at("2026-01-13", "10:00")


def test_working_hours_carry_over_a_holiday_and_a_weekend(calendar):
    # Thursday 15 January 15:00, two hours: one that day, Friday is a holiday, one on Monday.
    assert calendar.add_working_hours(at("2026-01-15", "15:00"), 2) == at("2026-01-19", "09:00")


def test_a_full_day_of_working_hours_is_seven_hours(calendar):
    assert calendar.add_working_hours(at("2026-01-12", "08:00"), 7) == at("2026-01-12", "16:00")
    assert calendar.add_working_hours(at("2026-01-12", "08:00"), 8) == at("2026-01-13", "09:00")


def test_due_at_follows_the_unit_of_the_standard(calendar):
    start = at("2026-01-12", "09:00")
    assert calendar.due_at(start, amount=1, unit=StandardUnit.WORKING_DAYS) == at("2026-01-13", "16:00")
    assert calendar.due_at(start, amount=1, unit=StandardUnit.WORKING_HOURS) == at("2026-01-12", "10:00")


def test_days_are_counted_in_the_offices_time_zone(calendar):
    # 20:00 UTC on Monday 12 January is already Tuesday 03:00 in Palembang.
    start = dt.datetime(2026, 1, 12, 20, 0, tzinfo=dt.UTC)
    assert calendar.add_working_days(start, 1) == at("2026-01-14", "16:00")


def test_an_office_in_another_time_zone_closes_at_its_own_local_time(db):
    makassar = testing.make_office(timezone="Asia/Makassar")
    calendar = WorkingCalendar.for_office(makassar)
    due = calendar.add_working_days(at("2026-01-12", "09:00", ZoneInfo("Asia/Makassar")), 1)
    assert due == at("2026-01-13", "16:00", ZoneInfo("Asia/Makassar"))
    assert due.astimezone(WIB).hour == 15


def test_an_office_without_opening_hours_cannot_count_a_due_date(office):
    office.opening_hours.all().delete()
    calendar = WorkingCalendar.for_office(office)
    with pytest.raises(NoOpeningHours):
        calendar.add_working_days(at("2026-01-12"), 5)
    with pytest.raises(NoOpeningHours):
        calendar.add_working_hours(at("2026-01-12"), 5)


def test_working_days_left_counts_down_to_zero_on_the_due_day(calendar):
    due = at("2026-01-14", "16:00")  # a Wednesday
    assert calendar.working_days_left(at("2026-01-12"), due) == 2
    assert calendar.working_days_left(at("2026-01-13"), due) == 1
    assert calendar.working_days_left(at("2026-01-14", "08:00"), due) == 0
    assert calendar.working_days_left(at("2026-01-14", "17:00"), due) == 0


def test_working_days_left_does_not_count_weekends_and_holidays(calendar):
    due = at("2026-01-19", "16:00")  # Monday; Friday 16 is a holiday
    assert calendar.working_days_left(at("2026-01-15"), due) == 1


def test_working_days_left_is_negative_by_the_working_days_late(calendar):
    due = at("2026-01-14", "16:00")
    assert calendar.working_days_left(at("2026-01-15"), due) == -1
    assert calendar.working_days_left(at("2026-01-16"), due) == -1  # Friday is a holiday
    assert calendar.working_days_left(at("2026-01-19"), due) == -2
