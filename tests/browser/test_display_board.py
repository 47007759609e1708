"""The waiting-room display in a real browser: a call made at the counter console appears on the
board without a reload, with its Indonesian announcement, and many calls do not grow the page."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import Page, expect

from loket import testing
from loket.intake.models import QueueService
from loket.intake.services import intake_setup, ticket_call_next, ticket_finish, ticket_issue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A working Monday at 09:00 in Jakarta; the clock ticks so the board's polling moves on.
OPEN = dt.datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
# One poll (1 s) plus the request, with room for a slow machine: the page promises 2 s.
SHOWN_WITHIN_MS = 4000


@pytest.fixture
def monday():
    with time_machine.travel(OPEN, tick=True):
        yield


@pytest.fixture
def service(office, monday):
    intake_setup(office)
    return QueueService.objects.get(office=office, kind="new")


def _open_board(page: Page, base: str, office, *, now_calling: str = "–") -> None:
    page.goto(f"{base}/queue/board/{office.code}/")
    expect(page.locator("[data-now-number]")).to_have_text(now_calling)
    # A marker that a reload would wipe: the board must update in place.
    page.evaluate("window.__sameDocument = true")


def test_a_call_at_the_console_appears_on_the_board_with_its_announcement(
    page: Page, browser, live_server, office, operator, service
):
    base = live_server.url
    ticket_issue(office=office, service=service)
    ticket_issue(office=office, service=service)
    _open_board(page, base, office)
    expect(page.locator(".board-queues")).to_contain_text("A-001")

    console = browser.new_context(locale="id-ID").new_page()
    console.goto(f"{base}/login/")
    console.get_by_label("Nama pengguna").fill(operator.username)
    console.get_by_label("Kata sandi").fill(testing.PASSWORD)
    console.get_by_role("button", name="Masuk").click()
    console.goto(f"{base}/queue/console/")
    console.get_by_role("link", name="Loket 1").click()
    console.get_by_role("button", name="Panggil berikutnya").click()
    expect(console.locator("[data-current]")).to_have_text("A-001")

    expect(page.locator("[data-now-number]")).to_have_text("A-001", timeout=SHOWN_WITHIN_MS)
    expect(page.locator("[data-now-station]")).to_contain_text("Loket 1")
    expect(page.locator(".stations")).to_contain_text("A-001")
    expect(page.locator("#board")).to_have_attribute(
        "data-last-announcement", "Nomor antrian A nol nol satu, silakan ke loket satu"
    )
    # The next number moved up and the page was never reloaded.
    expect(page.locator(".board-queues .next").first).to_have_text("A-002")
    assert page.evaluate("window.__sameDocument") is True


def test_a_recall_is_announced_again(page: Page, live_server, office, operator, service):
    from loket.intake.services import ticket_recall
    from loket.offices.models import Station

    counter = Station.objects.get(office=office, number=1)
    ticket_issue(office=office, service=service)
    ticket_call_next(actor=operator, station=counter)
    _open_board(page, live_server.url, office, now_calling="A-001")
    # Calls already made when the board opened are shown but not announced again.
    page.wait_for_timeout(1500)
    assert page.evaluate("document.getElementById('board').dataset.lastAnnouncement") is None
    ticket_recall(actor=operator, station=counter)
    expect(page.locator("#board")).to_have_attribute(
        "data-last-announcement",
        "Nomor antrian A nol nol satu, silakan ke loket satu",
        timeout=SHOWN_WITHIN_MS,
    )


def test_many_calls_do_not_grow_the_page(page: Page, live_server, office, operator, service):
    from loket.offices.models import Station

    counter = Station.objects.get(office=office, number=1)
    _open_board(page, live_server.url, office)
    before = page.evaluate("document.getElementsByTagName('*').length")
    for number in range(1, 16):
        ticket_issue(office=office, service=service)
        ticket_call_next(actor=operator, station=counter)
        expect(page.locator("[data-now-number]")).to_have_text(f"A-{number:03d}", timeout=SHOWN_WITHIN_MS)
        ticket_finish(actor=operator, station=counter)
    expect(page.locator(".stations .station").first).to_contain_text("–", timeout=SHOWN_WITHIN_MS)
    assert page.evaluate("document.getElementsByTagName('*').length") == before
    assert page.evaluate("window.__sameDocument") is True
