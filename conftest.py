"""Shared fixtures for every test (app tests under src/, cross-app tests under tests/)."""

from __future__ import annotations

import pytest

from loket import testing
from loket.offices.models import Role


@pytest.fixture
def office(db):
    return testing.make_office(code="zona-8", name="UPT Zona VIII", blanks=10)


@pytest.fixture
def other_office(db):
    return testing.make_office(code="zona-1", name="UPT Zona I")


@pytest.fixture
def operator(office):
    return testing.make_staff(role=Role.OPERATOR, office=office)


@pytest.fixture
def recorder(office):
    return testing.make_staff(role=Role.RECORDING_OFFICER, office=office)


@pytest.fixture
def head(office):
    return testing.make_staff(role=Role.HEAD, office=office)


@pytest.fixture
def city_admin(db):
    return testing.make_staff(role=Role.CITY_ADMIN)


@pytest.fixture
def sysadmin(db):
    return testing.make_staff(role=Role.SYSTEM_ADMIN)


def pytest_configure(config):
    from django.conf import settings

    # Real hashing costs ~0.3 s a user; tests make hundreds of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
