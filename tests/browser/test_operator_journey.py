"""A new-card application from the counter to the handover, in a real browser, in Bahasa Indonesia."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from loket import testing
from loket.applications.lifecycle import Status
from loket.applications.models import Application, BlankStock

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NIK = "1671165705900031"  # a woman born 17 May 1990 (day 17 + 40)


def _log_in(page: Page, base_url: str, user) -> None:
    page.goto(f"{base_url}/login/")
    page.get_by_label("Nama pengguna").fill(user.username)
    page.get_by_label("Kata sandi").fill(testing.PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("link", name="Beranda")).to_be_visible()


def _log_out(page: Page) -> None:
    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_label("Nama pengguna")).to_be_visible()


def _act(page: Page, button: str, expected_status: str) -> None:
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.locator(".app-status .badge")).to_have_text(expected_status)


def _register(page: Page) -> None:
    page.get_by_role("link", name="Permohonan baru").first.click()
    # The checklist follows the service type (htmx swaps it in).
    page.locator("select[name=service_type]").select_option("lost")
    expect(page.locator("#checklist input[value=police_report]")).to_be_attached()
    page.locator("select[name=service_type]").select_option("new")
    expect(page.locator("#checklist input[value=age_or_married]")).to_be_attached()
    for box in page.locator("#checklist input[name=fulfilled]").all():
        box.check()
    page.locator("input[name=nik]").fill(NIK)
    page.locator("input[name=kk_number]").fill("1671160101200001")
    page.locator("input[name=full_name]").fill("Dewi Lestari")
    page.locator("input[name=birth_place]").fill("Palembang")
    page.locator("input[name=birth_date]").fill("1990-05-17")
    page.locator("input[name=sex][value=F]").check()
    page.locator("textarea[name=address]").fill("Jl. Srimulya No. 3")
    page.locator("input[name=phone]").fill("081234567890")
    page.get_by_role("button", name="Daftarkan permohonan").click()


def test_a_new_card_goes_from_the_counter_through_recording_and_printing_to_the_citizen(
    page: Page, live_server, office, operator, recorder
):
    base = live_server.url
    blanks_before = BlankStock.objects.get(office=office).on_hand

    # The operator registers the application and checks the documents.
    _log_in(page, base, operator)
    _register(page)
    expect(page.locator("#receipt-number")).to_have_text(re.compile(r"^[0-9A-Z]{3}-[0-9A-Z]{4}-[0-9A-Z]{3}$"))
    receipt = page.locator("#receipt-number").inner_text()
    assert NIK not in page.url
    _act(page, "Berkas lengkap: verifikasi", "Berkas terverifikasi")
    _log_out(page)

    # The recording officer finds it by receipt number and takes it to "print ready".
    _log_in(page, base, recorder)
    page.get_by_label("Nomor tanda terima, NIK, atau nama").fill(receipt.lower())
    page.get_by_role("button", name="Cari").click()
    expect(page.locator("#receipt-number")).to_have_text(receipt)
    _act(page, "Perekaman selesai", "Sudah perekaman")
    _act(page, "Dikirim ke pusat (SFE)", "Dikirim ke pusat (SFE)")
    _act(page, "Diterima di pusat", "Diterima di pusat")
    _act(page, "Siap cetak (PRR)", "Siap cetak (PRR)")
    _log_out(page)

    # The operator prints the card (one blank used), sets it ready and hands it over.
    _log_in(page, base, operator)
    app = Application.objects.get()
    page.goto(f"{base}/staff/applications/{app.pk}/")
    _act(page, "Cetak kartu", "Kartu tercetak")
    assert BlankStock.objects.get(office=office).on_hand == blanks_before - 1
    _act(page, "Siap diambil", "Siap diambil")
    page.locator("input[name=collector_kind][value=self]").check()
    page.locator("input[name=identity_check][value=fingerprint]").check()
    _act(page, "Serahkan kartu", "Diserahkan")

    timeline = page.locator(".timeline li")
    expect(timeline).to_have_count(9)
    expect(timeline.last).to_contain_text("Diserahkan")
    expect(page.get_by_role("heading", name="Penyerahan kartu")).to_be_visible()
    app.refresh_from_db()
    assert app.status == Status.ISSUED

    page.goto(f"{base}/staff/blanks/")
    expect(page.locator("#on-hand")).to_have_text(str(blanks_before - 1))
