"""The citizen's portal in a real browser, on a phone-sized screen, in Bahasa Indonesia: reading the
requirements and the fee, tracking an application (and choosing messages there), filing an anonymous
complaint and following it."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from loket import testing
from loket.applications.lifecycle import Status
from loket.applications.receipts import format_receipt
from loket.notifications.models import NotificationPreference
from loket.offices.models import Role
from loket.portal.models import Complaint, ComplaintStatus
from loket.portal.services import complaint_transition
from loket.portal.tests.helpers import advance

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
BIRTH = dt.date(1988, 11, 3)


@pytest.fixture(autouse=True)
def _phone_screen(page: Page) -> None:
    page.set_viewport_size(PHONE)


@pytest.fixture
def uploads(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "uploads"},
        },
    }


def test_a_citizen_reads_the_requirements_the_fee_and_the_procedure(page: Page, live_server, office):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name=office.name)).to_be_visible()
    expect(page.get_by_text("Rp 0").first).to_be_visible()

    page.get_by_role("link", name="Persyaratan").first.click()
    lost = page.locator("section#lost")
    expect(lost.get_by_role("heading", name="KTP-el hilang").or_(lost.locator("h2"))).to_be_visible()
    box = lost.get_by_role("checkbox").first
    box.check()  # the citizen ticks what they have, on the page, with no account
    expect(box).to_be_checked()

    page.get_by_role("link", name="Waktu dan biaya").click()
    expect(page.get_by_text("Pasal 79A").first).to_be_visible()
    expect(page.get_by_role("img", name="Prosedur pelayanan KTP-el dalam lima langkah")).to_be_visible()
    expect(page.get_by_text("5 hari kerja").first).to_be_visible()

    page.get_by_role("button", name="EN").click()
    expect(page.get_by_role("heading", name="Free of charge").first).to_be_visible()


def test_a_citizen_tracks_an_application_and_sees_no_personal_data(page: Page, live_server, office):
    person = testing.make_person(
        birth_date=BIRTH, full_name="Ahmad Fauzi", address="Jl. Sukamulya No. 8", phone="081377788899"
    )
    app = advance(testing.make_application(office=office, person=person), Status.READY_FOR_PICKUP)

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Lacak").first.click()
    page.get_by_label("Nomor tanda terima").fill(format_receipt(app.receipt_number).lower())
    page.get_by_label("Tanggal lahir").fill(BIRTH.isoformat())
    page.get_by_role("button", name="Tampilkan permohonan saya").click()

    expect(page.get_by_role("heading", name="Siap diambil")).to_be_visible()
    expect(page.get_by_text("Saat mengambil KTP-el, bawa")).to_be_visible()
    expect(page.get_by_text("A. F.")).to_be_visible()
    text = page.locator("body").inner_text()
    for secret in (person.nik, "Ahmad", "Fauzi", "Sukamulya No. 8", "081377788899", "1988"):
        assert secret not in text
    assert app.receipt_number not in page.url and "1988" not in page.url

    # No consent was recorded at the counter: the citizen starts messages by SMS from here.
    page.get_by_label("SMS").check()
    page.get_by_role("button", name="Terima pesan").click()
    expect(page.get_by_text("Kantor akan mengirim pesan melalui SMS")).to_be_visible()
    preference = NotificationPreference.objects.get(person=person)
    assert (preference.consent, preference.channel) == (True, "sms")
    assert "token" not in page.url


def test_a_citizen_files_an_anonymous_complaint_and_follows_it_with_the_code(
    page: Page, live_server, office, monkeypatch, uploads
):
    monkeypatch.setenv("LOKET_COMPLAINT_MIN_SECONDS", "0")
    photo = io.BytesIO()
    Image.new("RGB", (20, 20), "blue").save(photo, "PNG")

    page.goto(live_server.url + "/pengaduan/")
    page.get_by_label("Perilaku petugas").check()
    page.get_by_label("Apa yang terjadi?").fill("Petugas membentak saya. <b>Tidak sopan</b>.")
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "bukti.png", "mimeType": "image/png", "buffer": photo.getvalue()}]
    )
    page.get_by_role("button", name="Kirim pengaduan").click()

    expect(page.get_by_role("heading", name=re.compile("pengaduan Anda sudah kami terima"))).to_be_visible()
    code = page.locator("#tracking-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{3}-[0-9A-Z]{4}-[0-9A-Z]{3}", code)
    assert code.replace("-", "") not in page.url
    complaint = Complaint.objects.get()
    assert complaint.is_anonymous and complaint.attachment_type == "image/png"

    page.get_by_role("link", name="Lacak pengaduan saya").click()
    page.get_by_label("Kode pelacakan").fill(code)
    page.get_by_role("button", name="Tampilkan pengaduan saya").click()
    expect(page.get_by_role("heading", name="Diterima")).to_be_visible()

    head = testing.make_staff(role=Role.HEAD, office=office)
    complaint = complaint_transition(actor=head, complaint=complaint, to_status=ComplaintStatus.IN_PROGRESS)
    complaint_transition(
        actor=head,
        complaint=complaint,
        to_status=ComplaintStatus.ANSWERED,
        response="Mohon maaf. Petugas tersebut sudah kami tegur.",
    )
    page.get_by_role("link", name="Lacak pengaduan lain").click()
    page.get_by_label("Kode pelacakan").fill(code)
    page.get_by_role("button", name="Tampilkan pengaduan saya").click()
    expect(page.get_by_role("heading", name="Dijawab")).to_be_visible()
    expect(page.get_by_text("Petugas tersebut sudah kami tegur.")).to_be_visible()
