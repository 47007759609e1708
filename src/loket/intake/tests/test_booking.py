from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from loket.core.errors import Conflict, ServiceError
from loket.intake.models import Booking, BookingSlot, BookingStatus, TicketChannel
from loket.intake.services import (
    booking_cancel,
    booking_check_in,
    booking_create,
    booking_expire_one,
    booking_mark_no_show,
    booking_reschedule,
    slots_ensure,
    slots_follow_counters,
    ticket_call_next,
    ticket_issue,
)
from loket.intake.services.booking import nik_hash, normalize_code
from loket.intake.tests.conftest import CUTI_BERSAMA, MONDAY, at
from loket.offices.models import OfficeClosure, Station, StationKind
from loket.testing import nik_for

TUESDAY = MONDAY + dt.timedelta(days=1)
NIK = nik_for(birth_date=dt.date(1990, 5, 17), serial=1)
OTHER_NIK = nik_for(birth_date=dt.date(1985, 1, 2), sex="F", serial=2)


def book(office, service, slot, nik=NIK, name="Siti Aminah", **kw):
    return booking_create(office=office, slot=slot, service=service, name=name, nik=nik, **kw)


@pytest.fixture
def tuesday_slots(office, intake, clock):
    return slots_ensure(office, TUESDAY)


def test_slots_follow_opening_hours_the_break_stations_and_time_per_citizen(office, intake, clock):
    slots = slots_ensure(office, TUESDAY)
    starts = [s.starts_at for s in slots]
    # 08:00-12:00 and 13:00-16:00 in 30-minute slots: nothing during the break.
    assert len(slots) == 14
    assert starts[0] == at(8, day=TUESDAY) and starts[8] == at(13, day=TUESDAY)
    assert at(12, day=TUESDAY) not in starts
    # One registration counter, 30 min slots, 15 min per citizen, half online: one place a slot.
    assert {s.capacity for s in slots} == {1}

    Station.objects.create(office=office, kind=StationKind.REGISTRATION, number=7, name="Loket 7")
    Station.objects.create(office=office, kind=StationKind.REGISTRATION, number=8, name="Loket 8")
    assert {s.capacity for s in slots_ensure(office, TUESDAY + dt.timedelta(days=1))} == {3}


def test_slots_to_come_follow_the_counters_and_keep_every_booking(office, intake, clock, service_new):
    monday = slots_ensure(office, MONDAY)  # 09:00 now: the 08:00, 08:30 and 09:00 slots have begun
    tuesday = slots_ensure(office, TUESDAY)
    book(office, service_new, tuesday[2])
    extra = [
        Station.objects.create(office=office, kind=StationKind.REGISTRATION, number=n, name=f"Loket {n}")
        for n in (7, 8)
    ]

    assert slots_follow_counters(office) == 14 - 3 + 14  # every slot still to come
    assert {s.capacity for s in BookingSlot.objects.filter(date=TUESDAY)} == {3}
    assert BookingSlot.objects.get(pk=monday[0].pk).capacity == 1  # begun: left as it was
    assert slots_follow_counters(office) == 0  # nothing more to change

    Station.objects.filter(pk__in=[s.pk for s in extra]).update(in_service=False)
    Station.objects.filter(office=office, kind=StationKind.REGISTRATION, number=1).update(in_service=False)
    slots_follow_counters(office)

    tuesday_caps = dict(BookingSlot.objects.filter(date=TUESDAY).values_list("pk", "capacity"))
    assert tuesday_caps[tuesday[2].pk] == 1  # no counter in service, but the booked place stays
    assert {c for pk, c in tuesday_caps.items() if pk != tuesday[2].pk} == {0}
    with pytest.raises(Conflict):
        book(office, service_new, tuesday[3], nik=OTHER_NIK)


def test_the_sweeper_makes_the_slots_follow_the_counters(office, intake, clock):
    slots = slots_ensure(office, TUESDAY)
    Station.objects.create(office=office, kind=StationKind.REGISTRATION, number=7, name="Loket 7")

    call_command("intake_sweep", "--once", verbosity=0)

    assert BookingSlot.objects.get(pk=slots[0].pk).capacity == 2


def test_slots_are_written_once(office, intake, clock):
    slots_ensure(office, TUESDAY)
    slots_ensure(office, TUESDAY)
    assert BookingSlot.objects.filter(office=office, date=TUESDAY).count() == 14


@pytest.mark.parametrize("day", [CUTI_BERSAMA, MONDAY + dt.timedelta(days=5)])
def test_holidays_cuti_bersama_and_weekends_have_no_slots(office, intake, clock, day):
    assert slots_ensure(office, day) == []


def test_an_office_closure_has_no_slots(office, intake, clock):
    OfficeClosure.objects.create(office=office, date=TUESDAY, reason="Renovasi")
    assert slots_ensure(office, TUESDAY) == []


def test_booking_takes_a_place_and_stores_no_nik(office, service_new, tuesday_slots):
    booking = book(office, service_new, tuesday_slots[0], phone="0812 3456 7890")
    slot = BookingSlot.objects.get(pk=tuesday_slots[0].pk)
    assert slot.booked == 1
    assert booking.status == BookingStatus.BOOKED and booking.date == TUESDAY
    assert booking.nik_hash == nik_hash(NIK) and NIK not in booking.nik_hash
    assert booking.phone == "081234567890"
    assert len(booking.code) == 8 and normalize_code(booking.display_code.lower()) == booking.code
    stored = Booking.objects.filter(pk=booking.pk).values()[0]
    assert NIK not in str(stored.values())


def test_a_full_slot_is_refused_and_nothing_is_written(office, service_new, tuesday_slots):
    book(office, service_new, tuesday_slots[0])
    with pytest.raises(Conflict) as refused:
        book(office, service_new, tuesday_slots[0], nik=OTHER_NIK)
    assert refused.value.code == "slot_full"
    assert Booking.objects.count() == 1
    assert BookingSlot.objects.get(pk=tuesday_slots[0].pk).booked == 1


def test_the_same_person_cannot_book_twice_on_a_day(office, service_new, service_lost, tuesday_slots):
    book(office, service_new, tuesday_slots[0])
    with pytest.raises(Conflict) as refused:
        book(office, service_lost, tuesday_slots[3], name="Another name")
    assert refused.value.code == "booking_twice"
    assert BookingSlot.objects.get(pk=tuesday_slots[3].pk).booked == 0


def test_the_same_person_may_book_again_after_cancelling(office, service_new, tuesday_slots):
    first = book(office, service_new, tuesday_slots[0])
    booking_cancel(booking=first)
    book(office, service_new, tuesday_slots[1])
    assert Booking.objects.filter(status=BookingStatus.BOOKED).count() == 1


def test_a_booking_in_the_past_is_refused(office, service_new, intake, clock):
    today = slots_ensure(office, MONDAY)
    with pytest.raises(ServiceError) as refused:
        book(office, service_new, today[0])  # 08:00, it is 09:00
    assert refused.value.code == "booking_in_past"
    assert not Booking.objects.exists()


def test_a_booking_on_a_day_closed_after_the_slots_were_made_is_refused(office, service_new, tuesday_slots):
    OfficeClosure.objects.create(office=office, date=TUESDAY, reason="Rapat dinas")
    with pytest.raises(ServiceError, match="Rapat dinas") as refused:
        book(office, service_new, tuesday_slots[0])
    assert refused.value.code == "booking_closed_day"
    assert BookingSlot.objects.get(pk=tuesday_slots[0].pk).booked == 0


def test_a_booking_beyond_the_horizon_is_refused(office, service_new, intake, clock):
    far = slots_ensure(office, MONDAY + dt.timedelta(days=28))
    with pytest.raises(ServiceError) as refused:
        book(office, service_new, far[0])
    assert refused.value.code == "booking_too_far"


@pytest.mark.parametrize(
    ("name", "nik", "phone"),
    [("", NIK, ""), ("Siti", "1234", ""), ("Siti", "1671160000000001", ""), ("Siti", NIK, "12345")],
)
def test_bad_booking_input_is_refused_with_a_message(office, service_new, tuesday_slots, name, nik, phone):
    with pytest.raises(ServiceError) as refused:
        book(office, service_new, tuesday_slots[0], name=name, nik=nik, phone=phone)
    assert refused.value.message
    assert not Booking.objects.exists()


def test_a_service_that_is_not_bookable_is_refused(office, intake, tuesday_slots):
    from loket.intake.models import QueueService

    pickup = QueueService.objects.get(office=office, kind="pickup")
    with pytest.raises(ServiceError):
        book(office, pickup, tuesday_slots[0])


def test_reschedule_moves_the_place(office, service_new, tuesday_slots):
    booking = book(office, service_new, tuesday_slots[0])
    booking_reschedule(booking=booking, slot=tuesday_slots[2])
    booking.refresh_from_db()
    assert booking.slot_id == tuesday_slots[2].pk and booking.reschedules == 1
    assert [BookingSlot.objects.get(pk=s.pk).booked for s in tuesday_slots[:3]] == [0, 0, 1]


def test_reschedule_into_a_full_slot_changes_nothing(office, service_new, tuesday_slots):
    booking = book(office, service_new, tuesday_slots[0])
    book(office, service_new, tuesday_slots[1], nik=OTHER_NIK)
    with pytest.raises(Conflict):
        booking_reschedule(booking=booking, slot=tuesday_slots[1])
    booking.refresh_from_db()
    assert booking.slot_id == tuesday_slots[0].pk
    assert [BookingSlot.objects.get(pk=s.pk).booked for s in tuesday_slots[:2]] == [1, 1]


def test_citizens_change_until_the_cut_off_staff_after_it(
    office, service_new, operator, tuesday_slots, clock
):
    booking = book(office, service_new, tuesday_slots[2])  # Tuesday 09:00, cut-off two hours before
    clock.move_to(at(7, 1, day=TUESDAY))
    with pytest.raises(ServiceError) as refused:
        booking_cancel(booking=booking)
    assert refused.value.code == "change_too_late"
    with pytest.raises(ServiceError):
        booking_reschedule(booking=booking, slot=tuesday_slots[5])
    booking_cancel(booking=booking, actor=operator)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_a_cancelled_booking_cannot_be_changed_again(office, service_new, tuesday_slots):
    booking = book(office, service_new, tuesday_slots[0])
    booking_cancel(booking=booking)
    with pytest.raises(ServiceError):
        booking_cancel(booking=booking)
    assert BookingSlot.objects.get(pk=tuesday_slots[0].pk).booked == 0


def test_check_in_queues_at_the_slot_time_ahead_of_later_walk_ins(
    office, service_new, operator, counter, tuesday_slots, clock
):
    booking = book(office, service_new, tuesday_slots[4])  # Tuesday 10:00
    clock.move_to(at(9, 40, day=TUESDAY))
    early_walk_in = ticket_issue(office=office, service=service_new)
    clock.move_to(at(9, 50, day=TUESDAY))
    ticket = booking_check_in(office=office, code=booking.display_code.lower())
    assert ticket.channel == TicketChannel.BOOKING and ticket.sort_at == at(10, day=TUESDAY)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CHECKED_IN and booking.checked_in_at == at(9, 50, day=TUESDAY)
    clock.move_to(at(10, 5, day=TUESDAY))
    late_walk_in = ticket_issue(office=office, service=service_new)
    order = []
    for _ in range(3):
        order.append(ticket_call_next(actor=operator, station=counter).pk)
        from loket.intake.services import ticket_finish

        ticket_finish(actor=operator, station=counter)
    assert order == [early_walk_in.pk, ticket.pk, late_walk_in.pk]


def test_check_in_accepts_the_url_in_the_qr_code(office, service_new, tuesday_slots, clock):
    booking = book(office, service_new, tuesday_slots[4])
    clock.move_to(at(9, 50, day=TUESDAY))
    ticket = booking_check_in(office=office, code=f"http://loket.example/queue/booking/{booking.code}/")
    assert ticket.booking_id == booking.pk


@pytest.mark.parametrize(
    ("moment", "code"),
    [
        (at(8, 59, day=TUESDAY), "checkin_too_early"),
        (at(11, 1, day=TUESDAY), "checkin_too_late"),
        (at(10, day=MONDAY), "booking_not_today"),
    ],
)
def test_check_in_outside_its_window_is_refused(office, service_new, tuesday_slots, clock, moment, code):
    booking = book(office, service_new, tuesday_slots[4])  # 10:00-10:30, check-in 09:00-11:00
    clock.move_to(moment)
    with pytest.raises(ServiceError) as refused:
        booking_check_in(office=office, code=booking.code)
    assert refused.value.code == code
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED


def test_check_in_twice_or_with_a_wrong_code_is_refused(
    office, other_office, service_new, tuesday_slots, clock
):
    booking = book(office, service_new, tuesday_slots[4])
    clock.move_to(at(10, day=TUESDAY))
    booking_check_in(office=office, code=booking.code)
    with pytest.raises(ServiceError) as refused:
        booking_check_in(office=office, code=booking.code)
    assert refused.value.code == "already_checked_in"
    for wrong in ("ZZZZ-ZZZZ", "nonsense", ""):
        with pytest.raises(ServiceError):
            booking_check_in(office=office, code=wrong)
    with pytest.raises(ServiceError):
        booking_check_in(office=other_office, code=booking.code)


def test_bookings_not_checked_in_become_no_shows_after_the_grace(office, service_new, tuesday_slots, clock):
    early = book(office, service_new, tuesday_slots[0])  # 08:00-08:30
    later = book(office, service_new, tuesday_slots[6], nik=OTHER_NIK)  # 11:00-11:30
    clock.move_to(at(9, 1, day=TUESDAY))
    assert booking_expire_one() == early
    assert booking_expire_one() is None
    early.refresh_from_db()
    later.refresh_from_db()
    assert early.status == BookingStatus.NO_SHOW and early.no_show_at == at(9, 1, day=TUESDAY)
    assert later.status == BookingStatus.BOOKED


def test_staff_mark_a_no_show_only_once_the_time_has_started(
    office, service_new, operator, tuesday_slots, clock
):
    booking = book(office, service_new, tuesday_slots[4])
    with pytest.raises(ServiceError):
        booking_mark_no_show(actor=operator, booking=booking)
    clock.move_to(at(10, 31, day=TUESDAY))
    booking_mark_no_show(actor=operator, booking=booking)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.NO_SHOW
