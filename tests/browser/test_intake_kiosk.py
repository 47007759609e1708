"""The kiosk and online booking in a real browser, in Bahasa Indonesia: a staff member enrols the
kiosk, a citizen takes a priority ticket; another books online and checks in with the code."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import Page, expect

from loket import testing
from loket.intake.models import Booking, Ticket
from loket.intake.services import intake_setup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OPEN = dt.datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))  # a working Monday
NIK = testing.nik_for(birth_date=dt.date(1990, 5, 17), serial=77)


@pytest.fixture
def monday(office):
    with time_machine.travel(OPEN, tick=True):
        intake_setup(office)
        yield


def _enrol_kiosk(page: Page, base: str, office, user) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("Nama pengguna").fill(user.username)
    page.get_by_label("Kata sandi").fill(testing.PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.goto(f"{base}/queue/kiosk/{office.code}/enrol/")
    page.get_by_role("button", name="Daftarkan perangkat ini").click()
    # Enrolled: the kiosk opens, and keeps working after the staff member logs out.
    expect(page.get_by_role("button", name="Lapor hadir")).to_be_visible()
    page.context.clear_cookies(name="sessionid")
    page.goto(f"{base}/queue/kiosk/{office.code}/")


def test_a_citizen_takes_a_priority_ticket_at_the_kiosk(page: Page, live_server, office, operator, monday):
    _enrol_kiosk(page, live_server.url, office, operator)
    expect(page.get_by_text("Perangkat ini belum didaftarkan")).to_have_count(0)
    page.get_by_label("Lansia").check()
    page.get_by_role("button", name=re.compile("KTP-el baru")).click()
    expect(page.locator(".slip-number")).to_have_text("A-001")
    expect(page.locator(".slip")).to_contain_text("Prioritas")
    expect(page.locator(".slip-qr svg")).to_be_visible()
    ticket = Ticket.objects.get()
    assert ticket.priority_reason == "elderly"
    # The slip's QR code leads to the live page of the ticket.
    page.goto(f"{live_server.url}/queue/t/{ticket.token}/")
    # Nobody ahead: the turn is near, in the page and in the tab's title (seen from another tab).
    expect(page.locator(".ticket-status")).to_contain_text("Giliran Anda sebentar lagi")
    expect(page).to_have_title(re.compile("Giliran Anda sebentar lagi"))
    page.get_by_role("button", name="Ingatkan saya dengan bunyi dan getar").click()
    expect(page.get_by_text("Ponsel ini akan berbunyi dan bergetar")).to_be_visible()


def test_a_citizen_books_online_and_checks_in_at_the_kiosk(
    page: Page, browser, live_server, office, operator, monday
):
    base = live_server.url
    citizen = browser.new_context(locale="id-ID").new_page()
    citizen.goto(f"{base}/queue/booking/new/{office.code}/?day=2026-03-02")
    citizen.locator("label", has_text="10:00").click()
    citizen.get_by_label("Nama orang yang akan datang").fill("Siti Aminah")
    citizen.get_by_label("NIK").fill(NIK)
    citizen.get_by_role("button", name="Buat reservasi").click()
    expect(citizen.locator(".booking-code")).to_be_visible()
    assert NIK not in citizen.url
    code = citizen.locator(".booking-code").inner_text()
    assert Booking.objects.get().display_code == code

    _enrol_kiosk(page, base, office, operator)
    page.get_by_label("Pindai kode QR reservasi Anda atau ketik kodenya").fill(code.lower())
    page.get_by_role("button", name="Lapor hadir").click()
    expect(page.locator(".slip-number")).to_have_text("A-001")
    expect(page.locator(".slip")).to_contain_text("Reservasi")
