"""The working-day calendar of an office: its weekly hours, national holidays and cuti bersama
(from the ``holidays`` package) and the office's own closures. Due dates are counted here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.utils import translation

from loket.offices.models import Office, OpeningHours, StandardUnit

# Ten years of days: no office is closed that long, so a longer walk means it has no opening hours.
_MAX_DAYS_SEARCHED = 3660


class NoOpeningHours(Exception):
    """The office has no weekday with opening hours, so no due date can be counted."""


@lru_cache(maxsize=32)
def national_holidays(year: int, language: str = "id") -> dict[dt.date, str]:
    """Public holidays and cuti bersama (the "government" category) of one year."""
    lang = "id" if language.startswith("id") else "en_US"
    calendar = holidays.country_holidays("ID", categories=("public", "government"), years=year, language=lang)
    return dict(calendar.items())


class WorkingCalendar:
    def __init__(self, *, hours: dict[int, OpeningHours], closures: dict[dt.date, str], tz: ZoneInfo) -> None:
        self.hours = hours
        self.closures = closures
        self.tz = tz

    @classmethod
    def for_office(cls, office: Office) -> WorkingCalendar:
        return cls(
            hours={h.weekday: h for h in office.opening_hours.all()},
            closures=dict(office.closures.values_list("date", "reason")),
            tz=ZoneInfo(office.timezone),
        )

    # Days ---------------------------------------------------------------------------------------

    def closed_reason(self, day: dt.date) -> str | None:
        """Why the office is closed on ``day`` (holiday name, closure reason, "weekend"), or None."""
        if day in self.closures:
            return self.closures[day]
        name = national_holidays(day.year, translation.get_language() or "id").get(day)
        if name:
            return name
        if day.weekday() not in self.hours:
            return str(translation.gettext("Office closed (weekly schedule)"))
        return None

    def is_working_day(self, day: dt.date) -> bool:
        return self.closed_reason(day) is None

    def working_days_after(self, day: dt.date) -> Iterator[dt.date]:
        """Working days strictly after ``day``, in order."""
        if not self.hours:
            raise NoOpeningHours
        for offset in range(1, _MAX_DAYS_SEARCHED):
            candidate = day + dt.timedelta(days=offset)
            if self.is_working_day(candidate):
                yield candidate
        raise NoOpeningHours

    def local(self, moment: dt.datetime) -> dt.datetime:
        return moment.astimezone(self.tz)

    def _at(self, day: dt.date, time: dt.time) -> dt.datetime:
        return dt.datetime.combine(day, time, tzinfo=self.tz)

    # Due dates ----------------------------------------------------------------------------------

    def add_working_days(self, start: dt.datetime, days: int) -> dt.datetime:
        """Closing time of the ``days``-th working day after the day of ``start``.

        The day the clock starts is not counted, whatever the hour: an application complete on a
        Monday with a 5-working-day standard is due when the office closes the next Monday.
        """
        day = self.local(start).date()
        for count, working_day in enumerate(self.working_days_after(day), start=1):
            if count == days:
                return self._at(working_day, self.hours[working_day.weekday()].closes)
        raise NoOpeningHours  # pragma: no cover - working_days_after never ends early

    def add_working_hours(self, start: dt.datetime, hours: int) -> dt.datetime:
        """``hours`` of opening time after ``start``, skipping nights, breaks and closed days."""
        remaining = dt.timedelta(hours=hours)
        local = self.local(start)
        day = local.date()
        if self.is_working_day(day):
            end = self._consume(day, after=local, remaining=remaining)
            if isinstance(end, dt.datetime):
                return end
            remaining = end
        for working_day in self.working_days_after(day):
            end = self._consume(working_day, after=None, remaining=remaining)
            if isinstance(end, dt.datetime):
                return end
            remaining = end
        raise NoOpeningHours  # pragma: no cover

    def _consume(
        self, day: dt.date, *, after: dt.datetime | None, remaining: dt.timedelta
    ) -> dt.datetime | dt.timedelta:
        """Spend ``remaining`` in the open periods of ``day``; the moment it runs out, or what is left."""
        for opens, closes in self.hours[day.weekday()].intervals():
            begin, finish = self._at(day, opens), self._at(day, closes)
            if after is not None:
                begin = max(begin, after)
            if begin >= finish:
                continue
            if begin + remaining <= finish:
                return begin + remaining
            remaining -= finish - begin
        return remaining

    def due_at(self, start: dt.datetime, *, amount: int, unit: str) -> dt.datetime:
        if unit == StandardUnit.WORKING_HOURS:
            return self.add_working_hours(start, amount)
        return self.add_working_days(start, amount)

    def working_days_left(self, now: dt.datetime, due: dt.datetime) -> int:
        """Working days from tomorrow up to the due day included: 0 on the due day, negative when late."""
        today, due_day = self.local(now).date(), self.local(due).date()
        if due_day < today:
            late = 0
            for working_day in self.working_days_after(due_day):
                if working_day > today:
                    break
                late += 1
            return -late
        count = 0
        for working_day in self.working_days_after(today):
            if working_day > due_day:
                break
            count += 1
        return count
