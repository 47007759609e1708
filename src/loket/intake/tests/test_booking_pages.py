"""Online booking pages: the NIK only in a POST body, refusals explained, nothing written on bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

from loket.intake.models import Booking, BookingStatus
from loket.intake.services import booking_create, slots_ensure
from loket.intake.tests.conftest import MONDAY
from loket.offices.models import OfficeClosure
from loket.testing import nik_for

TUESDAY = MONDAY + dt.timedelta(days=1)
NIK = nik_for(birth_date=dt.date(1990, 5, 17), serial=11)


@pytest.fixture(autouse=True)
def _fresh_rate_limits(db):
    cache.clear()


@pytest.fixture
def slots(office, intake, clock):
    return slots_ensure(office, TUESDAY)


def _post(client, office, chosen, service, **extra):
    data = {"slot": chosen.pk, "service": service.pk, "name": "Siti Aminah", "nik": NIK, "phone": "", **extra}
    return client.post(reverse("intake:book", args=[office.code]) + f"?day={TUESDAY}", data)


def test_the_booking_page_lists_days_with_holidays_closed_and_times(client, office, slots):
    page = client.get(
        reverse("intake:book", args=[office.code]), {"day": TUESDAY.isoformat()}
    ).content.decode()
    assert "08:00" in page and "15:30" in page and "12:00" not in page
    assert page.count('name="slot"') == 14


def test_booking_confirms_with_a_code_and_qr_and_keeps_the_nik_out_of_addresses(
    client, office, service_new, slots
):
    response = _post(client, office, slots[2], service_new)
    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:booking", args=[booking.code])
    assert NIK not in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert booking.display_code in page and "<svg" in page
    assert NIK not in page and "Siti" not in page  # the public page shows the code, not the person


@pytest.mark.parametrize(
    "extra", [{"nik": "123"}, {"nik": ""}, {"name": ""}, {"slot": ""}, {"slot": "999999"}, {"phone": "12"}]
)
def test_bad_booking_input_is_explained_and_nothing_written(client, office, service_new, slots, extra):
    response = _post(client, office, slots[2], service_new, **extra)
    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    assert not Booking.objects.exists()


def test_a_full_slot_and_a_second_booking_are_refused_with_a_message(client, office, service_new, slots):
    booking_create(office=office, slot=slots[2], service=service_new, name="A", nik=NIK)
    other = nik_for(birth_date=dt.date(1980, 2, 3), serial=12)
    full = _post(client, office, slots[2], service_new, nik=other)
    assert full.status_code == 409 and "msg-error" in full.content.decode()
    twice = _post(client, office, slots[3], service_new)
    assert twice.status_code == 409
    assert Booking.objects.count() == 1


def test_the_citizen_cancels_with_the_code(client, office, service_new, slots):
    booking = booking_create(office=office, slot=slots[2], service=service_new, name="A", nik=NIK)
    client.post(reverse("intake:booking_cancel", args=[booking.code]))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_the_citizen_reschedules_with_the_code(client, office, service_new, slots):
    booking = booking_create(office=office, slot=slots[2], service=service_new, name="A", nik=NIK)
    url = reverse("intake:booking_reschedule", args=[booking.code]) + f"?day={TUESDAY}"
    assert client.get(url).status_code == 200
    response = client.post(url, {"slot": slots[5].pk})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.slot_id == slots[5].pk


def test_find_my_booking_by_code_in_any_case(client, office, service_new, slots):
    booking = booking_create(office=office, slot=slots[2], service=service_new, name="A", nik=NIK)
    response = client.post(reverse("intake:booking_find"), {"code": booking.display_code.lower()})
    assert response.status_code == 302 and booking.code in response["Location"]
    assert client.post(reverse("intake:booking_find"), {"code": "ZZZZ-ZZZZ"}).status_code == 404


def test_looking_up_codes_is_rate_limited(client, db):
    statuses = [
        client.post(reverse("intake:booking_find"), {"code": "ZZZZ-ZZZZ"}).status_code for _ in range(25)
    ]
    assert statuses[-1] == 429 and statuses[0] == 404


def test_an_unknown_booking_code_is_not_found(client, db):
    assert client.get(reverse("intake:booking", args=["ZZZZZZZZ"])).status_code == 404


def test_a_closure_declared_after_booking_tells_the_citizen_to_reschedule(client, office, service_new, slots):
    booking = booking_create(office=office, slot=slots[2], service=service_new, name="A", nik=NIK)
    url = reverse("intake:booking", args=[booking.code])
    assert "msg-warning" not in client.get(url).content.decode()

    OfficeClosure.objects.create(office=office, date=TUESDAY, reason="Banjir")
    page = client.get(url).content.decode()

    assert "msg-warning" in page and "Banjir" in page
    assert reverse("intake:booking_reschedule", args=[booking.code]) in page
