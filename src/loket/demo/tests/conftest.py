"""A demo written once per module at a live moment: a working Wednesday at 10:05, offices open."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings

from loket.demo.reset import reset_demo

TZ = ZoneInfo("Asia/Jakarta")
LIVE = dt.datetime(2024, 7, 31, 10, 5, tzinfo=TZ)


@pytest.fixture(scope="module")
def live_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """20 days and 1,500 applications up to LIVE (the history's end is "now"); removed afterwards.
    Tests that act (call a ticket, move an application) run at LIVE and are rolled back."""
    with django_db_blocker.unblock(), override_settings(DATA_DIR=tmp_path_factory.mktemp("demo")):
        with time_machine.travel(LIVE, tick=False):
            call_command("demo", seed=5, days=20, applications=1500, verbosity=0)
        yield LIVE
        reset_demo()
