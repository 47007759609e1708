"""Blank stock and card printing: every blank in or out is a ledger line, the stock never goes
below zero, and a refused print writes nothing."""

from __future__ import annotations

import pytest
from django.db.models import Sum

from loket import testing
from loket.applications.lifecycle import Status
from loket.applications.models import (
    Application,
    BlankMovement,
    BlankMovementKind,
    BlankStock,
)
from loket.applications.selectors import blank_movements, blank_stock
from loket.applications.services import blank_stock_correct, blank_stock_receive, card_print, printing
from loket.core.errors import Conflict, NotPermitted, ServiceError
from loket.offices.models import Role, StationKind

pytestmark = pytest.mark.django_db


def _print_ready(office) -> Application:
    app = testing.make_application(office=office)
    Application.objects.filter(pk=app.pk).update(status=Status.PRINT_READY)
    app.refresh_from_db()
    return app


def _printer(office):
    return office.stations.get(kind=StationKind.PRINT)


def _ledger_sum(office) -> int:
    return BlankMovement.objects.filter(office=office).aggregate(total=Sum("quantity"))["total"] or 0


def _snapshot(office, app):
    app.refresh_from_db()
    return (blank_stock(office), BlankMovement.objects.count(), app.status, app.events.count())


def test_a_delivery_adds_to_the_stock_and_writes_a_ledger_line(office, operator):
    movement = blank_stock_receive(office=office, actor=operator, quantity=250, reference="BA/12/2026")
    assert blank_stock(office) == 260  # the office fixture starts with 10
    assert (movement.kind, movement.quantity, movement.balance_after) == (
        BlankMovementKind.DELIVERY,
        250,
        260,
    )
    assert (movement.actor, movement.reference) == (operator, "BA/12/2026")


@pytest.mark.parametrize("quantity", [0, -5, printing.MAX_DELIVERY + 1])
def test_a_delivery_of_an_impossible_quantity_is_refused_and_writes_nothing(office, operator, quantity):
    before = BlankMovement.objects.count()
    with pytest.raises(ServiceError) as refused:
        blank_stock_receive(office=office, actor=operator, quantity=quantity)
    assert refused.value.code == "delivery_quantity"
    assert (blank_stock(office), BlankMovement.objects.count()) == (10, before)


def test_a_recording_officer_or_another_office_cannot_record_a_delivery(office, other_office, recorder):
    with pytest.raises(NotPermitted):
        blank_stock_receive(office=office, actor=recorder, quantity=5)
    stranger = testing.make_staff(role=Role.HEAD, office=other_office)
    with pytest.raises(NotPermitted) as refused:
        blank_stock_receive(office=office, actor=stranger, quantity=5)
    assert refused.value.code == "other_office"
    assert blank_stock(office) == 10


def test_printing_takes_one_blank_writes_the_movement_and_the_event(office, operator):
    app = _print_ready(office)
    app = card_print(application=app, actor=operator, station=_printer(office))

    assert app.status == Status.PRINTED
    assert blank_stock(office) == 9
    movement = BlankMovement.objects.filter(kind=BlankMovementKind.PRINT).get()
    assert (movement.quantity, movement.balance_after, movement.application, movement.station) == (
        -1,
        9,
        app,
        _printer(office),
    )
    event = app.events.last()
    assert (event.from_status, event.to_status, event.actor) == (Status.PRINT_READY, Status.PRINTED, operator)


def test_a_spoiled_print_uses_a_blank_and_the_application_stays_print_ready(office, operator):
    app = _print_ready(office)
    events = app.events.count()
    app = card_print(
        application=app, actor=operator, station=_printer(office), spoiled=True, note="ribbon jammed"
    )

    assert app.status == Status.PRINT_READY
    assert app.events.count() == events
    assert blank_stock(office) == 9
    spoiled = BlankMovement.objects.get(kind=BlankMovementKind.SPOILED)
    assert (spoiled.application, spoiled.note) == (app, "ribbon jammed")
    # The second attempt prints.
    app = card_print(application=app, actor=operator, station=_printer(office))
    assert (app.status, blank_stock(office)) == (Status.PRINTED, 8)


def test_printing_with_no_blanks_left_is_a_conflict_and_writes_nothing(operator):
    empty = testing.make_office()
    actor = testing.make_staff(role=Role.OPERATOR, office=empty)
    app = _print_ready(empty)
    before = _snapshot(empty, app)

    with pytest.raises(Conflict) as refused:
        card_print(application=app, actor=actor, station=_printer(empty))
    assert refused.value.code == "no_blanks"
    assert refused.value.message == str(printing.NO_BLANKS)
    assert _snapshot(empty, app) == before
    assert before[0] == 0 and before[2] == Status.PRINT_READY


def test_a_spoiled_print_with_no_blanks_left_is_refused_too(operator):
    empty = testing.make_office()
    app = _print_ready(empty)
    with pytest.raises(Conflict):
        card_print(
            application=app,
            actor=testing.make_staff(role=Role.HEAD, office=empty),
            station=_printer(empty),
            spoiled=True,
        )
    assert not BlankMovement.objects.filter(office=empty).exists()


def test_the_last_blank_prints_one_card_and_the_next_is_refused(operator):
    office = testing.make_office(blanks=1)
    actor = testing.make_staff(role=Role.OPERATOR, office=office)
    first, second = _print_ready(office), _print_ready(office)
    card_print(application=first, actor=actor, station=_printer(office))
    with pytest.raises(Conflict):
        card_print(application=second, actor=actor, station=_printer(office))
    assert blank_stock(office) == 0
    second.refresh_from_db()
    assert second.status == Status.PRINT_READY


@pytest.mark.parametrize("status", [Status.BIOMETRICS_CAPTURED, Status.DUPLICATE_RECORD, Status.PRINTED])
def test_only_a_print_ready_record_can_be_printed(office, operator, status):
    app = testing.make_application(office=office)
    Application.objects.filter(pk=app.pk).update(status=status)
    with pytest.raises(ServiceError) as refused:
        card_print(application=app, actor=operator, station=_printer(office))
    assert refused.value.code == "not_print_ready"
    assert blank_stock(office) == 10


@pytest.mark.parametrize("kind", [StationKind.REGISTRATION, StationKind.RECORDING])
def test_printing_at_a_station_that_is_not_a_printer_is_refused(office, operator, kind):
    app = _print_ready(office)
    before = _snapshot(office, app)
    with pytest.raises(ServiceError) as refused:
        card_print(application=app, actor=operator, station=office.stations.get(kind=kind))
    assert refused.value.code == "not_a_print_station"
    assert _snapshot(office, app) == before


def test_printing_at_a_printer_that_is_out_of_service_is_refused(office, operator):
    printer = _printer(office)
    printer.in_service, printer.out_of_service_reason = False, "Head cleaning"
    printer.save()
    app = _print_ready(office)
    before = _snapshot(office, app)
    with pytest.raises(ServiceError) as refused:
        card_print(application=app, actor=operator, station=printer)
    assert refused.value.code == "station_out_of_service"
    assert printer.name in refused.value.message
    assert _snapshot(office, app) == before


def test_printing_at_another_offices_printer_is_refused(office, other_office, operator):
    app = _print_ready(office)
    with pytest.raises(ServiceError) as refused:
        card_print(application=app, actor=operator, station=_printer(other_office))
    assert refused.value.code == "not_a_print_station"
    assert blank_stock(office) == 10


def test_staff_of_another_office_cannot_print_its_cards(office, other_office):
    app = _print_ready(office)
    stranger = testing.make_staff(role=Role.OPERATOR, office=other_office)
    with pytest.raises(NotPermitted) as refused:
        card_print(application=app, actor=stranger, station=_printer(office))
    assert refused.value.code == "other_office"
    assert blank_stock(office) == 10


def test_a_recording_officer_cannot_print(office, recorder):
    with pytest.raises(NotPermitted):
        card_print(application=_print_ready(office), actor=recorder, station=_printer(office))


def test_a_correction_is_for_the_head_of_office_only(office, operator, head):
    with pytest.raises(NotPermitted):
        blank_stock_correct(office=office, actor=operator, delta=-1, note="counted 9")
    movement = blank_stock_correct(office=office, actor=head, delta=-2, note="counted 8")
    assert (movement.kind, movement.quantity, movement.balance_after) == (BlankMovementKind.CORRECTION, -2, 8)
    assert blank_stock(office) == 8


def test_a_correction_needs_a_note_and_a_change(office, head):
    with pytest.raises(ServiceError) as refused:
        blank_stock_correct(office=office, actor=head, delta=3, note="  ")
    assert refused.value.code == "note_required"
    with pytest.raises(ServiceError) as refused:
        blank_stock_correct(office=office, actor=head, delta=0, note="recount")
    assert refused.value.code == "correction_zero"
    assert blank_stock(office) == 10


def test_a_correction_can_never_take_the_stock_below_zero(office, head):
    before = BlankMovement.objects.count()
    with pytest.raises(ServiceError) as refused:
        blank_stock_correct(office=office, actor=head, delta=-11, note="counted -1?")
    assert refused.value.code == "correction_negative"
    assert "10" in refused.value.message
    assert (blank_stock(office), BlankMovement.objects.count()) == (10, before)
    blank_stock_correct(office=office, actor=head, delta=-10, note="all gone")
    assert blank_stock(office) == 0


def test_the_database_refuses_a_negative_stock_whatever_the_code(office):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        BlankStock.objects.filter(office=office).update(on_hand=-1)


def test_the_ledger_adds_up_to_the_stock_on_hand(office, operator, head):
    blank_stock_receive(office=office, actor=operator, quantity=40)
    for _ in range(3):
        card_print(application=_print_ready(office), actor=operator, station=_printer(office))
    card_print(application=_print_ready(office), actor=operator, station=_printer(office), spoiled=True)
    blank_stock_correct(office=office, actor=head, delta=-2, note="two found damaged")
    blank_stock_correct(office=office, actor=head, delta=1, note="one found in a drawer")

    assert blank_stock(office) == 10 + 40 - 3 - 1 - 2 + 1
    assert _ledger_sum(office) == blank_stock(office)
    latest = BlankMovement.objects.filter(office=office).first()  # newest first
    assert latest.balance_after == blank_stock(office)


def test_the_movements_of_an_office_are_shown_only_to_its_staff(office, other_office, operator):
    stranger = testing.make_staff(role=Role.OPERATOR, office=other_office)
    assert blank_movements(operator, office=office)
    assert not blank_movements(stranger, office=office)
