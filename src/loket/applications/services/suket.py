"""Suket (surat keterangan): the temporary certificate an office gives while the card cannot be
printed, valid six months and carrying the status code of the record at the centre."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.applications.lifecycle import Status
from loket.applications.models import Application, BlankStock, Suket, SuketCode
from loket.core.errors import Conflict, ServiceError
from loket.core.sequences import next_value
from loket.offices.access import require
from loket.offices.models import Role

if TYPE_CHECKING:
    from loket.offices.models import Staff

# Which code a Suket carries for each status in which one may be issued. Before biometrics are
# captured there is nothing to certify; once printed, the citizen gets the card itself.
SUKET_CODE_FOR_STATUS: dict[str, str] = {
    Status.BIOMETRICS_CAPTURED: SuketCode.PRO,
    Status.SENT_FOR_ENROLLMENT: SuketCode.SFE,
    Status.RECEIVED_AT_CENTRAL: SuketCode.SFE,
    Status.ADJUDICATION: SuketCode.SFE,
    Status.PRINT_READY: SuketCode.PRR,
    Status.DUPLICATE_RECORD: SuketCode.DUP,
    Status.ENROLLMENT_FAILED: SuketCode.EFAC,
}
VALIDITY_MONTHS = 6

SUKET_NOT_NOW = _(
    "A Suket can be issued once biometrics are captured and until the card is printed (now “%(status)s”)."
)
SUKET_PRINT_INSTEAD = _(
    "This record is print ready and there are blanks in stock: print the card instead of a Suket."
)
SUKET_ALREADY_VALID = _(
    "Suket %(number)s with this status is still valid until %(until)s; print it again instead."
)

SUKET_ROLES = frozenset({Role.OPERATOR, Role.RECORDING_OFFICER, Role.HEAD})


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day ``months`` later, or the month's last day when it is shorter (31 Aug + 6 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


@transaction.atomic
def suket_issue(*, application: Application, actor: Staff) -> Suket:
    app = Application.objects.select_for_update().select_related("office").get(pk=application.pk)
    require(actor, roles=SUKET_ROLES, office_id=app.office_id)
    code = SUKET_CODE_FOR_STATUS.get(app.status)
    if code is None:
        raise ServiceError(SUKET_NOT_NOW, code="suket_not_now", status=Status(app.status).label)
    if code == SuketCode.PRR and BlankStock.objects.filter(office=app.office, on_hand__gt=0).exists():
        raise Conflict(SUKET_PRINT_INSTEAD, code="suket_print_instead")
    today = timezone.localdate(timezone=ZoneInfo(app.office.timezone))  # the office's day, not the server's
    still_valid = app.sukets.filter(status_code=code, valid_until__gte=today).first()
    if still_valid is not None:
        raise Conflict(
            SUKET_ALREADY_VALID,
            code="suket_already_valid",
            number=still_valid.number,
            until=still_valid.valid_until,
        )
    year = today.year
    serial = next_value(f"suket:{app.office.code}:{year}")
    return Suket.objects.create(
        application=app,
        number=f"470/{serial:05d}/{app.office.code.upper()}/{year}",
        status_code=code,
        issued_at=timezone.now(),
        valid_until=add_months(today, VALIDITY_MONTHS),
        issued_by=actor,
    )
