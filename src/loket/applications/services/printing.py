"""Blank card stock and card printing.

The stock is a counter with a ledger: every change writes a BlankMovement with the balance after
it. Taking a blank is one conditional UPDATE (``on_hand = on_hand - 1 WHERE on_hand > 0``), so two
print stations racing for the last blank cannot both get it: the second sees zero rows updated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.applications.lifecycle import Status
from loket.applications.models import Application, BlankMovement, BlankMovementKind, BlankStock
from loket.applications.services.lifecycle import NOTE_REQUIRED, application_transition
from loket.core.errors import Conflict, ServiceError
from loket.offices.access import require
from loket.offices.models import Office, Role, Station, StationKind

if TYPE_CHECKING:
    from loket.offices.models import Staff

NO_BLANKS = _("No blank cards left at this office. Record a delivery, or issue a Suket.")
NOT_PRINT_READY = _("Only a print-ready record can be printed (this one is “%(status)s”).")
NOT_A_PRINT_STATION = _("Cards are printed at a print station of this office.")
STATION_OUT_OF_SERVICE = _("%(station)s is out of service.")
DELIVERY_QUANTITY = _("A delivery brings between 1 and 100,000 blanks.")
CORRECTION_ZERO = _("A correction changes the stock by at least one.")
CORRECTION_NEGATIVE = _("The stock cannot go below zero (%(on_hand)s on hand).")

STOCK_ROLES = frozenset({Role.OPERATOR, Role.HEAD})
PRINT_ROLES = frozenset({Role.OPERATOR, Role.HEAD})
MAX_DELIVERY = 100_000


def _stock_row(office: Office) -> BlankStock:
    stock, _created = BlankStock.objects.get_or_create(office=office)
    return stock


def _move(*, office: Office, kind: str, quantity: int, actor: Staff, **extra: object) -> BlankMovement:
    """Change the counter by ``quantity`` and write the ledger line; refuses to go below zero."""
    _stock_row(office)
    changed = BlankStock.objects.filter(office=office, on_hand__gte=-quantity).update(
        on_hand=F("on_hand") + quantity, updated_at=timezone.now()
    )
    if not changed:
        raise Conflict(NO_BLANKS, code="no_blanks")
    balance = BlankStock.objects.values_list("on_hand", flat=True).get(office=office)
    return BlankMovement.objects.create(
        office=office, kind=kind, quantity=quantity, balance_after=balance, actor=actor, **extra
    )


@transaction.atomic
def blank_stock_receive(
    *, office: Office, actor: Staff, quantity: int, reference: str = "", note: str = ""
) -> BlankMovement:
    """Record a delivery of blanks from Disdukcapil."""
    require(actor, roles=STOCK_ROLES, office_id=office.pk)
    if not 1 <= quantity <= MAX_DELIVERY:
        raise ServiceError(DELIVERY_QUANTITY, code="delivery_quantity")
    return _move(
        office=office,
        kind=BlankMovementKind.DELIVERY,
        quantity=quantity,
        actor=actor,
        reference=reference.strip(),
        note=note.strip(),
    )


@transaction.atomic
def blank_stock_correct(*, office: Office, actor: Staff, delta: int, note: str) -> BlankMovement:
    """Set the stock right after a physical count (head of office only, with a note)."""
    require(actor, roles=frozenset({Role.HEAD}), office_id=office.pk)
    if delta == 0:
        raise ServiceError(CORRECTION_ZERO, code="correction_zero")
    if not note.strip():
        raise ServiceError(NOTE_REQUIRED, code="note_required")
    on_hand = _stock_row(office).on_hand
    if on_hand + delta < 0:
        raise ServiceError(CORRECTION_NEGATIVE, code="correction_negative", on_hand=on_hand)
    return _move(
        office=office, kind=BlankMovementKind.CORRECTION, quantity=delta, actor=actor, note=note.strip()
    )


@transaction.atomic
def card_print(
    *, application: Application, actor: Staff, station: Station, spoiled: bool = False, note: str = ""
) -> Application:
    """Print the card of a print-ready application, taking one blank.

    A spoiled print (card jammed, misprinted) still uses up its blank and is recorded, and the
    application stays print ready for another attempt.
    """
    app = Application.objects.select_for_update().get(pk=application.pk)
    require(actor, roles=PRINT_ROLES, office_id=app.office_id)
    if app.status != Status.PRINT_READY:
        raise ServiceError(NOT_PRINT_READY, code="not_print_ready", status=Status(app.status).label)
    if station.office_id != app.office_id or station.kind != StationKind.PRINT:
        raise ServiceError(NOT_A_PRINT_STATION, code="not_a_print_station")
    if not station.in_service:
        raise ServiceError(STATION_OUT_OF_SERVICE, code="station_out_of_service", station=station.name)
    kind = BlankMovementKind.SPOILED if spoiled else BlankMovementKind.PRINT
    _move(
        office=app.office,
        kind=kind,
        quantity=-1,
        actor=actor,
        application=app,
        station=station,
        note=note.strip(),
    )
    if spoiled:
        return app
    return application_transition(
        application=app,
        to_status=Status.PRINTED,
        actor=actor,
        note=note,
        expected_status=Status.PRINT_READY,
        _dedicated="print",
    )
