"""Fixtures of the intake tests. Time is frozen on a working Monday (2 March 2026) unless a test
moves it: opening hours of the test office are Mon-Fri 08:00-16:00 with a break 12:00-13:00."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from loket.intake.models import QueueService
from loket.intake.services import intake_setup
from loket.offices.models import Station, StationKind

JAKARTA = ZoneInfo("Asia/Jakarta")
MONDAY = dt.date(2026, 3, 2)
CUTI_BERSAMA = dt.date(2026, 3, 23)  # Eid al-Fitr joint holiday, a Monday


def at(hour: int, minute: int = 0, *, day: dt.date = MONDAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=JAKARTA)


@pytest.fixture
def clock():
    """Frozen at Monday 09:00 in Jakarta; ``clock.move_to(at(...))`` moves it."""
    with time_machine.travel(at(9), tick=False) as traveller:
        yield traveller


@pytest.fixture
def intake(office):
    return intake_setup(office)


@pytest.fixture
def service_new(office, intake):
    return QueueService.objects.get(office=office, kind="new")


@pytest.fixture
def service_lost(office, intake):
    return QueueService.objects.get(office=office, kind="lost")


@pytest.fixture
def counter(office):
    """The registration counter the office factory made (number 1)."""
    return Station.objects.get(office=office, kind=StationKind.REGISTRATION)


@pytest.fixture
def counter_two(office):
    return Station.objects.create(office=office, kind=StationKind.REGISTRATION, number=4, name="Loket 4")


@pytest.fixture
def recording(office):
    return Station.objects.get(office=office, kind=StationKind.RECORDING)
