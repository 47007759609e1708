"""Messages about a booking: the reminder the afternoon before, and the notice of a day closed after
the citizen booked. Time is frozen (the intake fixtures' Monday 2 March 2026, 09:00 in Jakarta)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse

from loket import testing
from loket.core.errors import NotPermitted
from loket.intake.models import BookingStatus
from loket.intake.services import (
    booking_cancel,
    booking_create,
    booking_reschedule,
    slots_ensure,
)
from loket.intake.tests.conftest import MONDAY, at
from loket.notifications import conf
from loket.notifications.bookings import booking_messages_check
from loket.notifications.management.commands import notifications as worker_command
from loket.notifications.models import Channel, Kind, OutboxMessage, OutboxStatus
from loket.notifications.outbox import process_one
from loket.notifications.services import outbox_message_retry
from loket.offices.models import OfficeClosure, Role
from loket.testing import nik_for

pytestmark = pytest.mark.django_db

TUESDAY = MONDAY + dt.timedelta(days=1)
WEDNESDAY = MONDAY + dt.timedelta(days=2)
PHONE = "0812-3456-7890"


def _book(office, service, day=TUESDAY, *, serial=2, phone=PHONE, language="id"):
    slot = slots_ensure(office, day)[serial]  # the third is at 09:00
    nik = nik_for(birth_date=dt.date(1990, 5, 17), serial=serial)
    return booking_create(
        office=office, slot=slot, service=service, name="Siti", nik=nik, phone=phone, language=language
    )


def test_the_reminder_goes_from_the_afternoon_before_and_only_once(office, service_new, clock):
    booking = _book(office, service_new)

    clock.move_to(at(15, 59))
    assert booking_messages_check() == 0
    clock.move_to(at(16, 0))
    assert booking_messages_check() == 1
    assert booking_messages_check() == 0

    message = OutboxMessage.objects.get()
    assert (message.kind, message.channel, message.booking_id) == (
        Kind.BOOKING_REMINDER,
        Channel.WHATSAPP,
        booking.pk,
    )
    assert message.application_id is None
    assert message.destination == "6281234567890"
    assert booking.display_code in message.body and "Selasa, 3 Maret 2026 pukul 09:00" in message.body
    assert reverse("intake:booking", args=[booking.code]) in message.body and "Rp 0" in message.body
    assert message.give_up_at == booking.slot.starts_at  # no use retrying after the appointment


def test_no_reminder_without_a_number_when_cancelled_or_when_booked_after_the_moment(
    office, service_new, clock
):
    _book(office, service_new, serial=1, phone="")
    booking_cancel(booking=_book(office, service_new, serial=2))
    clock.move_to(at(17, 0))
    _book(office, service_new, serial=3)  # booked after 16:00 the day before: the confirmation suffices

    assert booking_messages_check() == 0
    assert not OutboxMessage.objects.exists()


def test_a_worker_that_was_down_sends_no_reminder_after_the_appointment(office, service_new, clock):
    _book(office, service_new)  # Tuesday 09:00
    clock.move_to(at(9, 30, day=TUESDAY))

    assert booking_messages_check() == 0
    clock.move_to(at(8, 30, day=TUESDAY))  # still in time on the morning itself: it goes
    assert booking_messages_check() == 1


def test_a_booking_moved_to_another_day_is_reminded_of_the_new_day(office, service_new, clock):
    booking = _book(office, service_new)
    clock.move_to(at(16, 0))
    assert booking_messages_check() == 1

    clock.move_to(at(16, 30))
    booking_reschedule(booking=booking, slot=slots_ensure(office, WEDNESDAY)[4])
    clock.move_to(at(16, 0, day=TUESDAY))
    assert booking_messages_check() == 1

    bodies = list(OutboxMessage.objects.order_by("created_at").values_list("body", flat=True))
    assert "3 Maret" in bodies[0] and "4 Maret 2026 pukul 10:00" in bodies[1]


def test_a_day_closed_after_booking_sends_the_reason_and_the_way_to_reschedule_not_a_reminder(
    office, service_new, clock
):
    booking = _book(office, service_new)
    OfficeClosure.objects.create(office=office, date=TUESDAY, reason="Banjir")

    clock.move_to(at(10, 0))
    assert booking_messages_check() == 1
    clock.move_to(at(16, 0))
    assert booking_messages_check() == 0

    message = OutboxMessage.objects.get()
    assert message.kind == Kind.BOOKING_DAY_CLOSED
    assert "tutup pada Selasa, 3 Maret 2026 (Banjir)" in message.body
    assert reverse("intake:booking", args=[booking.code]) in message.body
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED  # the citizen chooses: the office does not cancel for them


def test_a_booking_made_in_english_gets_its_messages_in_english_and_sms_gets_the_short_text(
    office, service_new, clock, monkeypatch
):
    monkeypatch.setenv("LOKET_BOOKING_CHANNEL", "sms")
    booking = _book(office, service_new, language="en")
    clock.move_to(at(16, 0))
    booking_messages_check()

    message = OutboxMessage.objects.get()
    assert message.channel == Channel.SMS and message.subject == ""
    assert message.body.startswith("Reminder:") and "Tuesday, 3 March 2026 at 09:00" in message.body
    assert booking.display_code in message.body


def test_the_booking_page_keeps_the_language_the_citizen_booked_in(client, office, service_new, clock):
    slot = slots_ensure(office, TUESDAY)[2]
    client.cookies["django_language"] = "en"
    nik = nik_for(birth_date=dt.date(1990, 5, 17), serial=11)
    data = {"slot": slot.pk, "service": service_new.pk, "name": "Siti", "nik": nik, "phone": PHONE}
    client.post(reverse("intake:book", args=[office.code]) + f"?day={TUESDAY}", data)

    assert slot.bookings.get().language == "en"


def test_one_round_of_the_worker_reminds_and_delivers(office, service_new, clock, demo_file, monkeypatch):
    monkeypatch.setattr(worker_command, "close_old_connections", lambda: None)
    _book(office, service_new)
    clock.move_to(at(16, 5))

    call_command("notifications", "run", "--once")

    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.SENT
    assert message.body in demo_file.read_text()


def test_a_failed_booking_message_is_retried_by_the_head_of_its_office_only(office, service_new, clock):
    _book(office, service_new)
    clock.move_to(at(16, 0))
    booking_messages_check()
    message = OutboxMessage.objects.get()
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxStatus.FAILED)
    other_head = testing.make_staff(role=Role.HEAD, office=testing.make_office(code="zona-1"))

    with pytest.raises(NotPermitted):
        outbox_message_retry(actor=other_head, message=message)
    retried = outbox_message_retry(actor=testing.make_staff(role=Role.HEAD, office=office), message=message)
    assert retried.status == OutboxStatus.PENDING


@pytest.mark.parametrize("hour", ["24", "-1", "four"])
def test_a_reminder_hour_that_is_no_hour_is_refused_at_start(monkeypatch, hour):
    monkeypatch.setenv("LOKET_BOOKING_REMINDER_HOUR", hour)
    with pytest.raises(ImproperlyConfigured):
        conf.booking_reminder_hour()


def test_a_reminder_still_queued_when_the_appointment_begins_is_not_sent_late(
    office, service_new, clock, demo_file
):
    _book(office, service_new)
    clock.move_to(at(16, 0))
    booking_messages_check()  # queued; the worker then stays down until Tuesday 09:00
    clock.move_to(at(9, 0, day=TUESDAY))

    assert process_one() == "failed"
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.FAILED and "moment" in message.last_error
    assert not demo_file.exists() or message.body not in demo_file.read_text()
