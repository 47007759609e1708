"""Counter console, bookings of the day and outreach pages, as staff use them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from loket import testing
from loket.applications.models import Application, Channel
from loket.intake.models import Booking, BookingStatus, Ticket, TicketStatus
from loket.intake.services import booking_create, slots_ensure, ticket_call_next, ticket_issue
from loket.intake.tests.conftest import MONDAY, at
from loket.offices.models import OfficeClosure, Role

PERSON = {
    "nik": testing.nik_for(birth_date=dt.date(1990, 5, 17), serial=21),
    "kk_number": "1671160101200001",
    "full_name": "Budi Santoso",
    "birth_date": "1990-05-17",
    "sex": "M",
    "address": "Jl. Lebung Gajah No. 2",
}


@pytest.fixture
def staff_client(client, operator):
    client.force_login(operator)
    return client


def test_the_console_calls_next_and_shows_the_number(staff_client, office, service_new, counter, clock):
    ticket_issue(office=office, service=service_new)
    url = reverse("intake:console_act", args=[counter.pk, "call-next"])
    response = staff_client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "A-001" in response.content.decode() and "<html" not in response.content.decode()
    assert Ticket.objects.get().status == TicketStatus.CALLED


def test_without_javascript_the_console_redirects_back_with_a_message(
    staff_client, office, service_new, counter, clock
):
    ticket_issue(office=office, service=service_new)
    response = staff_client.post(reverse("intake:console_act", args=[counter.pk, "call-next"]), follow=True)
    assert "A-001" in response.content.decode()


def test_a_refused_action_is_shown_and_changes_nothing(staff_client, office, service_new, counter, clock):
    ticket_issue(office=office, service=service_new)
    counter.in_service = False
    counter.out_of_service_reason = "Jaringan putus"
    counter.save()
    response = staff_client.post(
        reverse("intake:console_act", args=[counter.pk, "call-next"]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400 and "Jaringan putus" in response.content.decode()
    assert Ticket.objects.get().status == TicketStatus.WAITING


@pytest.mark.parametrize("action", ["unknown", "finish"])
def test_an_action_without_a_ticket_or_unknown_is_refused(
    staff_client, office, intake, counter, action, clock
):
    response = staff_client.post(
        reverse("intake:console_act", args=[counter.pk, action]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400


def test_another_offices_station_is_not_found(client, office, other_office, counter, clock):
    client.force_login(testing.make_staff(role=Role.OPERATOR, office=other_office))
    assert client.get(reverse("intake:console", args=[counter.pk])).status_code == 404
    response = client.post(reverse("intake:console_act", args=[counter.pk, "call-next"]))
    assert response.status_code == 404


def test_console_needs_a_login_and_a_console_role(client, office, counter, sysadmin, clock):
    assert client.get(reverse("intake:console", args=[counter.pk])).status_code == 302
    client.force_login(sysadmin)
    assert client.get(reverse("intake:console_index")).status_code == 403


def test_call_number_transfer_and_cancel_from_the_console(
    staff_client, office, service_new, counter, recording, clock
):
    ticket_issue(office=office, service=service_new)
    left = ticket_issue(office=office, service=service_new)
    staff_client.post(reverse("intake:console_call_number", args=[counter.pk]), {"number": "a1"})
    staff_client.post(
        reverse("intake:console_transfer", args=[counter.pk]), {"to": f"station:{recording.pk}"}
    )
    staff_client.post(reverse("intake:console_cancel", args=[counter.pk, left.pk]))
    first, second = Ticket.objects.order_by("number")
    assert first.status == TicketStatus.WAITING and first.target_station == recording
    assert second.status == TicketStatus.CANCELLED
    bad = staff_client.post(
        reverse("intake:console_transfer", args=[counter.pk]), {"to": "station:0"}, HTTP_HX_REQUEST="true"
    )
    assert bad.status_code == 400


def test_the_ticket_becomes_an_application_at_the_counter(
    staff_client, office, service_new, operator, counter, clock
):
    ticket_issue(office=office, service=service_new)
    ticket_call_next(actor=operator, station=counter)
    url = reverse("intake:console_register", args=[counter.pk])
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url, {**PERSON, "fulfilled": ["kk"]})
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    app = Application.objects.get()
    assert ticket.application == app
    assert app.channel == Channel.WALK_IN and app.service_type == "new" and app.registered_at == counter


def test_a_bad_registration_writes_nothing(staff_client, office, service_new, operator, counter, clock):
    ticket_issue(office=office, service=service_new)
    ticket_call_next(actor=operator, station=counter)
    response = staff_client.post(
        reverse("intake:console_register", args=[counter.pk]), {**PERSON, "birth_date": "1991-05-17"}
    )
    assert response.status_code == 400
    assert not Application.objects.exists() and Ticket.objects.get().application is None


def test_a_booked_ticket_registers_an_online_application(
    staff_client, office, service_new, operator, counter, clock
):
    slot = slots_ensure(office, MONDAY)[4]  # 10:00
    booking = booking_create(office=office, slot=slot, service=service_new, name="Budi", nik=PERSON["nik"])
    clock.move_to(at(9, 30))
    staff_client.post(reverse("intake:booking_action", args=[booking.pk, "check-in"]))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CHECKED_IN
    ticket_call_next(actor=operator, station=counter)
    staff_client.post(reverse("intake:console_register", args=[counter.pk]), PERSON)
    assert Application.objects.get().channel == Channel.ONLINE


def test_linking_an_existing_application_by_receipt(
    staff_client, office, service_new, operator, counter, clock
):
    app = testing.make_application(office=office, actor=operator)
    ticket_issue(office=office, service=service_new)
    ticket_call_next(actor=operator, station=counter)
    wrong = staff_client.post(
        reverse("intake:console_link", args=[counter.pk]), {"receipt": "0000000000"}, HTTP_HX_REQUEST="true"
    )
    assert wrong.status_code == 400
    staff_client.post(reverse("intake:console_link", args=[counter.pk]), {"receipt": app.display_receipt})
    assert Ticket.objects.get().application == app


def test_the_bookings_of_a_day_show_names_to_staff(staff_client, office, service_new, clock):
    slot = slots_ensure(office, MONDAY + dt.timedelta(days=1))[0]
    booking_create(office=office, slot=slot, service=service_new, name="Budi Santoso", nik=PERSON["nik"])
    page = staff_client.get(reverse("intake:bookings"), {"day": "2026-03-03"}).content.decode()
    assert "Budi Santoso" in page


def test_staff_cannot_act_on_another_offices_booking(client, office, other_office, service_new, clock):
    slot = slots_ensure(office, MONDAY + dt.timedelta(days=1))[0]
    booking = booking_create(office=office, slot=slot, service=service_new, name="Budi", nik=PERSON["nik"])
    client.force_login(testing.make_staff(role=Role.OPERATOR, office=other_office))
    assert client.post(reverse("intake:booking_action", args=[booking.pk, "cancel"])).status_code == 404
    assert Booking.objects.get().status == BookingStatus.BOOKED


def test_a_closure_declared_after_bookings_warns_staff_of_the_bookings_that_still_stand(
    staff_client, office, service_new, clock
):
    day = MONDAY + dt.timedelta(days=1)
    slot = slots_ensure(office, day)[0]
    booking_create(office=office, slot=slot, service=service_new, name="Budi Santoso", nik=PERSON["nik"])
    url = reverse("intake:bookings")
    assert "msg-warning" not in staff_client.get(url, {"day": day.isoformat()}).content.decode()

    OfficeClosure.objects.create(office=office, date=day, reason="Banjir")
    page = staff_client.get(url, {"day": day.isoformat()}).content.decode()

    assert "msg-warning" in page and "Banjir" in page and "Budi Santoso" in page
