"""Survey periods written the way offices name them: 2026 (year), 2026-S1 / 2026-S2 (semester),
2026-Q3 (quarter), 2026-11 (month). Inclusive date ranges; pure, no database."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

PERIOD_HELP = _("Write a period as 2026, 2026-S1, 2026-S2, 2026-Q1 to 2026-Q4, or 2026-01 to 2026-12.")

_PATTERN = re.compile(r"^(\d{4})(?:-(S[12]|Q[1-4]|\d{2}))?$", re.IGNORECASE)


class PeriodError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    label: str

    def __str__(self) -> str:
        return self.label

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    @property
    def kind(self) -> str:
        if "-S" in self.label:
            return "semester"
        if "-Q" in self.label:
            return "quarter"
        return "month" if "-" in self.label else "year"

    def previous(self, count: int) -> list[Period]:
        """This period and the ``count - 1`` periods of the same kind before it, oldest first."""
        periods = [self]
        for _step in range(count - 1):
            periods.insert(0, parse_period(_shift_label(periods[0])))
        return periods


def _months(year: int, first: int, last: int, label: str) -> Period:
    return Period(dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1]), label)


def parse_period(text: str) -> Period:
    match = _PATTERN.match((text or "").strip())
    if not match:
        raise PeriodError(str(PERIOD_HELP))
    year, part = int(match.group(1)), (match.group(2) or "").upper()
    if not 2000 <= year <= 2100:
        raise PeriodError(str(PERIOD_HELP))
    if not part:
        return _months(year, 1, 12, f"{year}")
    if part[0] == "S":
        half = int(part[1])
        return _months(year, 6 * half - 5, 6 * half, f"{year}-S{half}")
    if part[0] == "Q":
        quarter = int(part[1])
        return _months(year, 3 * quarter - 2, 3 * quarter, f"{year}-Q{quarter}")
    month = int(part)
    if not 1 <= month <= 12:
        raise PeriodError(str(PERIOD_HELP))
    return _months(year, month, month, f"{year}-{month:02d}")


def period_of(day: dt.date, kind: str) -> Period:
    """The period of one kind that contains ``day``."""
    if kind == "year":
        return parse_period(f"{day.year}")
    if kind == "semester":
        return parse_period(f"{day.year}-S{1 if day.month <= 6 else 2}")
    if kind == "quarter":
        return parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}")
    return parse_period(f"{day.year}-{day.month:02d}")


def _shift_label(period: Period) -> str:
    """The label of the period of the same kind just before ``period``."""
    return period_of(period.start - dt.timedelta(days=1), period.kind).label
