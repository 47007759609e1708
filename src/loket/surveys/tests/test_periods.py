import datetime as dt

import pytest

from loket.surveys.periods import PeriodError, parse_period, period_of


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        ("2026-S1", dt.date(2026, 1, 1), dt.date(2026, 6, 30)),
        ("2026-s2", dt.date(2026, 7, 1), dt.date(2026, 12, 31)),
        ("2026-Q3", dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
        ("2028-02", dt.date(2028, 2, 1), dt.date(2028, 2, 29)),
    ],
)
def test_periods_cover_whole_days_from_first_to_last(text, start, end):
    period = parse_period(text)
    assert (period.start, period.end) == (start, end)
    assert start in period and end in period and end + dt.timedelta(days=1) not in period


@pytest.mark.parametrize("text", ["", "26", "2026-S3", "2026-Q5", "2026-13", "2026-00", "S1-2026", "1999"])
def test_malformed_periods_are_refused(text):
    with pytest.raises(PeriodError):
        parse_period(text)


def test_trend_goes_back_through_periods_of_the_same_kind():
    assert [p.label for p in parse_period("2026-S1").previous(4)] == [
        "2024-S2",
        "2025-S1",
        "2025-S2",
        "2026-S1",
    ]
    assert [p.label for p in parse_period("2026-01").previous(2)] == ["2025-12", "2026-01"]
    assert [p.label for p in parse_period("2026").previous(3)] == ["2024", "2025", "2026"]
    assert period_of(dt.date(2026, 8, 1), "quarter").label == "2026-Q3"
