"""The office's working time laid out once as epoch seconds, for the generator.

``WorkingCalendar`` answers one date at a time; a million applications ask it tens of millions of
questions ("when is this 20 minutes of opening time later?"). The days of the history are read from
the office's own WorkingCalendar once (so weekends, holidays, cuti bersama and closures are exactly
the ones the live system uses) and then answered with list lookups and bisection.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect_left, bisect_right

from loket.offices.calendar import WorkingCalendar

# A moment after every horizon: steps that would happen then do not happen in the history.
NEVER = 2**62

# Relative number of citizens arriving in each half hour, by the half hour's start. Queues form
# before opening and peak mid-morning; after the break fewer come, and almost nobody at closing.
_ARRIVAL_WEIGHT = {
    (8, 0): 0.9,
    (8, 30): 1.2,
    (9, 0): 1.5,
    (9, 30): 1.7,
    (10, 0): 1.6,
    (10, 30): 1.4,
    (11, 0): 1.1,
    (11, 30): 0.8,
    (12, 0): 0.6,
    (12, 30): 0.6,
    (13, 0): 0.7,
    (13, 30): 0.8,
    (14, 0): 0.7,
    (14, 30): 0.5,
    (15, 0): 0.3,
    (15, 30): 0.15,
}
_SLOT = 30 * 60


def _seconds(time: dt.time) -> int:
    return time.hour * 3600 + time.minute * 60 + time.second


class WorkTime:
    """Days ``first``..``last`` of one office; a day is addressed by its index from ``first``."""

    def __init__(self, calendar: WorkingCalendar, first: dt.date, last: dt.date) -> None:
        self.first = first
        count = (last - first).days + 1
        self.starts = [
            int(dt.datetime.combine(first + dt.timedelta(days=i), dt.time(0), tzinfo=calendar.tz).timestamp())
            for i in range(count + 1)
        ]
        self.periods: list[tuple[tuple[int, int], ...]] = []
        self.working: list[int] = []
        self._slots: dict[int, tuple[list[int], list[float]]] = {}
        for i in range(count):
            day = first + dt.timedelta(days=i)
            if not calendar.is_working_day(day):
                self.periods.append(())
                continue
            hours = calendar.hours[day.weekday()]
            start = self.starts[i]
            self.periods.append(
                tuple((start + _seconds(a), start + _seconds(b)) for a, b in hours.intervals())
            )
            self.working.append(i)
            if day.weekday() not in self._slots:
                self._slots[day.weekday()] = self._arrival_slots(hours.intervals())
        self.days = count
        self._dates = [first + dt.timedelta(days=i) for i in range(count)]

    @staticmethod
    def _arrival_slots(intervals: list[tuple[dt.time, dt.time]]) -> tuple[list[int], list[float]]:
        offsets, cumulative, total = [], [], 0.0
        for opens, closes in intervals:
            for offset in range(_seconds(opens), _seconds(closes), _SLOT):
                hour, minute = divmod(offset // 60, 60)
                total += _ARRIVAL_WEIGHT.get((hour, minute - minute % 30), 0.2)
                offsets.append(offset)
                cumulative.append(total)
        return offsets, cumulative

    # Days ---------------------------------------------------------------------------------------

    def date(self, index: int) -> dt.date:
        if 0 <= index < self.days:
            return self._dates[index]
        return self.first + dt.timedelta(days=index)

    def day_of(self, moment: int) -> int:
        return bisect_right(self.starts, moment) - 1

    def is_working(self, index: int) -> bool:
        return 0 <= index < self.days and bool(self.periods[index])

    def working_after(self, index: int, count: int = 1) -> int | None:
        """The ``count``-th working day strictly after day ``index`` (None past the last day)."""
        position = bisect_right(self.working, index) + count - 1
        return self.working[position] if position < len(self.working) else None

    def working_from(self, index: int) -> int | None:
        position = bisect_left(self.working, index)
        return self.working[position] if position < len(self.working) else None

    def opens(self, index: int) -> int:
        return self.periods[index][0][0]

    def closes(self, index: int) -> int:
        return self.periods[index][-1][1]

    # Moments ------------------------------------------------------------------------------------

    def arrival(self, index: int, rng: random.Random) -> int:
        """A moment of working day ``index`` at which a citizen walks in, by the hourly profile."""
        offsets, cumulative = self._slots[self._dates[index].weekday()]
        slot = rng.choices(offsets, cum_weights=cumulative)[0]
        moment = self.starts[index] + slot + rng.randrange(_SLOT)
        return min(moment, self.closes(index) - 60)

    def work_after(self, moment: int, seconds: float) -> int:
        """The moment ``seconds`` of opening time after ``moment`` (nights, breaks and closed days
        skipped); NEVER when that is past the last day."""
        seconds = int(seconds)
        index = self.day_of(moment)
        if index < 0:
            index, moment = 0, self.starts[0]
        while index < self.days:
            for begin, end in self.periods[index]:
                if end <= moment:
                    continue
                start = begin if begin > moment else moment
                if start + seconds <= end:
                    return start + seconds
                seconds -= end - start
                moment = end
            following = self.working_after(index)
            if following is None:
                return NEVER
            index, moment = following, self.starts[following]
        return NEVER

    def on_working_day(self, moment: int, days: int, rng: random.Random) -> int:
        """An arrival moment ``days`` working days after the day of ``moment`` (0: later the same day,
        if the office is still open; else the next working day)."""
        index = self.day_of(moment)
        if days <= 0 and self.is_working(index):
            candidate = self.arrival(index, rng)
            if candidate > moment:
                return candidate
            later = self.work_after(moment, rng.randrange(300, 3600))
            if self.day_of(later) == index:
                return later
            days = 1
        target = self.working_after(index, max(days, 1))
        if target is None:
            return NEVER
        return self.arrival(target, rng)
