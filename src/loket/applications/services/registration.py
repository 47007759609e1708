"""Registering a citizen and their application at the counter, in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction

from loket.applications.models import Application, Channel
from loket.applications.services.lifecycle import SUBMIT_ROLES, application_submit
from loket.applications.signals import application_registered
from loket.offices.access import require
from loket.people.services import person_register

if TYPE_CHECKING:
    from loket.offices.models import Office, Region, Staff, Station


@dataclass(frozen=True)
class ContactChoice:
    """How the citizen agreed, at the counter, to hear about the application (WhatsApp, SMS or email)."""

    channel: str
    language: str = "id"


@transaction.atomic
def application_register(
    *,
    actor: Staff,
    office: Office,
    service_type: str,
    nik: str,
    kk_number: str,
    full_name: str,
    birth_date: dt.date,
    sex: str,
    address: str,
    birth_place: str = "",
    village: Region | None = None,
    phone: str = "",
    email: str = "",
    channel: str = Channel.WALK_IN,
    fulfilled: Iterable[str] = (),
    station: Station | None = None,
    contact: ContactChoice | None = None,
) -> Application:
    """Create or update the person, then submit the application. If any step refuses (a bad NIK,
    an open application of the same service, a message channel without a number ...), nothing is
    written."""
    require(actor, roles=SUBMIT_ROLES, office_id=office.pk)
    person = person_register(
        actor=actor,
        nik=nik,
        kk_number=kk_number,
        full_name=full_name,
        birth_date=birth_date,
        sex=sex,
        address=address,
        birth_place=birth_place,
        village=village,
        phone=phone,
        email=email,
    )
    application = application_submit(
        actor=actor,
        office=office,
        person=person,
        service_type=service_type,
        channel=channel,
        fulfilled=fulfilled,
        station=station,
    )
    application_registered.send(Application, application=application, actor=actor, contact=contact)
    return application
