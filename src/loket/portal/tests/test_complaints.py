"""Complaints: filed by anyone (anonymously too), spam kept out, attachments checked by content and
served only to authorised staff, worked through their steps, pungli reports kept to the head."""

from __future__ import annotations

import datetime as dt
import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from loket import testing
from loket.core.errors import NotPermitted, ServiceError
from loket.offices.models import Role
from loket.portal.forms import FORM_REFUSED, FORM_TOO_FAST, new_form_stamp
from loket.portal.models import Complaint, ComplaintCategory, ComplaintStatus
from loket.portal.selectors import complaint_public_lookup, complaints_for
from loket.portal.services import RESPONSE_MISSING, complaint_file, complaint_staff_link, complaint_transition
from loket.portal.uploads import FILE_TOO_LARGE, FILE_TYPE_REFUSED

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path, monkeypatch):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "uploads"},
        },
    }
    monkeypatch.setenv("LOKET_COMPLAINT_MIN_SECONDS", "0")
    return tmp_path / "uploads"


def _photo_with_exif() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "SecretPhone 12"  # Model
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def _form(office, **overrides):
    data = {
        "office": office.pk,
        "category": ComplaintCategory.TIME,
        "description": "Sudah tiga minggu KTP-el saya belum jadi.",
        "website": "",
        "started": new_form_stamp(),
    }
    data.update(overrides)
    return data


def _complaint(office, category=ComplaintCategory.SERVICE, **fields):
    return complaint_file(
        office=office, category=category, description=fields.pop("description", "Antrean lama."), **fields
    )


# Filing ------------------------------------------------------------------------------------------


def test_an_anonymous_complaint_gets_a_tracking_code_shown_once_and_never_in_the_url(client, office):
    response = client.post("/pengaduan/", _form(office))

    assert response.status_code == 302
    assert response["Location"] == "/pengaduan/terkirim/"
    complaint = Complaint.objects.get()
    assert complaint.is_anonymous
    assert complaint.tracking_code not in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert complaint.tracking_code[:3] in page
    assert client.get(response["Location"]).status_code == 302  # not shown to the next person
    assert complaint.status == ComplaintStatus.RECEIVED
    assert complaint.respond_by > complaint.received_at


def test_a_filled_honeypot_is_refused(client, office):
    response = client.post("/pengaduan/", _form(office, website="http://spam.example"))

    assert response.status_code == 200
    assert str(FORM_REFUSED) in response.content.decode()
    assert not Complaint.objects.exists()


def test_a_form_sent_faster_than_a_person_can_type_is_refused(client, office, monkeypatch):
    monkeypatch.setenv("LOKET_COMPLAINT_MIN_SECONDS", "5")

    response = client.post("/pengaduan/", _form(office, started=new_form_stamp()))

    assert str(FORM_TOO_FAST) in response.content.decode()
    assert not Complaint.objects.exists()


def test_a_forged_time_stamp_is_refused(client, office):
    response = client.post("/pengaduan/", _form(office, started=str(int(time.time()) - 3600)))

    assert str(FORM_REFUSED) in response.content.decode()
    assert not Complaint.objects.exists()


def test_the_complaint_form_needs_a_csrf_token(office):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/pengaduan/", _form(office))

    assert response.status_code == 403


def test_many_complaints_from_one_address_are_refused(client, office):
    statuses = [
        client.post("/pengaduan/", _form(office), REMOTE_ADDR="198.51.100.9").status_code for _ in range(5)
    ]

    assert statuses[:3] == [302, 302, 302]
    assert 429 in statuses[3:]
    assert Complaint.objects.count() == 3


def test_a_station_of_another_office_is_refused(office, other_office):
    with pytest.raises(ServiceError):
        _complaint(office, station=other_office.stations.first())


# Attachments -------------------------------------------------------------------------------------


def test_a_photo_is_accepted_stored_outside_static_files_and_stripped_of_its_metadata(
    client, office, uploads
):
    photo = SimpleUploadedFile("IMG_Budi_Santoso.jpg", _photo_with_exif(), content_type="image/jpeg")

    client.post("/pengaduan/", {**_form(office), "attachment": photo})

    complaint = Complaint.objects.get()
    assert complaint.attachment_type == "image/jpeg"
    assert "Budi" not in complaint.attachment.name
    stored = uploads / complaint.attachment.name
    assert stored.exists()
    with Image.open(stored) as image:
        assert not image.getexif()


def test_html_named_like_a_photo_is_refused(office):
    fake = SimpleUploadedFile(
        "photo.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg"
    )

    with pytest.raises(ServiceError) as refused:
        _complaint(office, attachment=fake)

    assert refused.value.message == str(FILE_TYPE_REFUSED)
    assert not Complaint.objects.exists()


def test_a_pdf_is_recognised_by_its_content_whatever_its_name(office):
    pdf = SimpleUploadedFile(
        "bukti.txt", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", content_type="text/plain"
    )

    complaint = _complaint(office, attachment=pdf)

    assert complaint.attachment_type == "application/pdf"
    assert complaint.attachment.name.endswith(".pdf")


def test_a_too_large_attachment_is_refused_with_the_limit(office, monkeypatch):
    monkeypatch.setenv("LOKET_COMPLAINT_MAX_UPLOAD_MB", "1")
    big = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1))

    with pytest.raises(ServiceError) as refused:
        _complaint(office, attachment=big)

    assert str(FILE_TOO_LARGE).split("(")[0] in refused.value.message


def test_the_attachment_is_served_only_to_staff_who_may_see_the_complaint(client, office, head, operator):
    pdf = SimpleUploadedFile("bukti.pdf", b"%PDF-1.4\n%%EOF")
    pungli = _complaint(office, category=ComplaintCategory.PUNGLI, attachment=pdf)
    url = f"/complaints/{pungli.pk}/attachment/"

    assert client.get(url).status_code == 302  # to the login page
    client.force_login(operator)
    assert client.get(url).status_code == 404  # an operator does not see pungli reports
    client.force_login(head)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_uploads_are_not_reachable_as_static_files(client, office):
    complaint = _complaint(office, attachment=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF"))

    assert client.get("/static/" + complaint.attachment.name).status_code == 404
    assert client.get("/uploads/" + complaint.attachment.name).status_code == 404


# Who sees what -----------------------------------------------------------------------------------


def test_pungli_reports_are_seen_only_by_the_head_of_office_and_the_city_administrator(
    office, other_office, head, operator, recorder, city_admin, sysadmin
):
    pungli = _complaint(office, category=ComplaintCategory.PUNGLI)
    other_head = testing.make_staff(role=Role.HEAD, office=other_office)

    assert pungli in complaints_for(head)
    assert pungli in complaints_for(city_admin)
    for user in (operator, recorder, sysadmin, other_head):
        assert pungli not in complaints_for(user)


def test_operators_read_other_complaints_of_their_office_but_not_who_filed(client, office, operator):
    complaint = _complaint(office, filer_name="Budi Santoso", filer_contact="0811111111")
    client.force_login(operator)

    page = client.get(f"/complaints/{complaint.pk}/").content.decode()

    assert "Antrean lama." in page
    assert "Budi Santoso" not in page and "0811111111" not in page


def test_the_head_sees_who_filed(client, office, head):
    complaint = _complaint(office, filer_name="Budi Santoso", filer_contact="0811111111")
    client.force_login(head)

    assert "Budi Santoso" in client.get(f"/complaints/{complaint.pk}/").content.decode()


def test_html_typed_into_a_complaint_is_shown_as_text(client, office, head):
    complaint = _complaint(office, description=XSS, staff_description=XSS)
    complaint = complaint_transition(actor=head, complaint=complaint, to_status=ComplaintStatus.IN_PROGRESS)
    complaint_transition(actor=head, complaint=complaint, to_status=ComplaintStatus.ANSWERED, response=XSS)
    client.force_login(head)

    staff_page = client.get(f"/complaints/{complaint.pk}/").content.decode()
    public_page = client.post("/pengaduan/lacak/", {"code": complaint.tracking_code}).content.decode()

    for page in (staff_page, public_page):
        assert "<script>alert" not in page
        assert "<img src=x" not in page
        assert "&lt;script&gt;" in page


# Working a complaint -----------------------------------------------------------------------------


def test_the_office_works_a_complaint_through_its_steps_and_the_filer_reads_the_answer(client, office, head):
    complaint = _complaint(office)
    client.force_login(head)

    for to_status, extra in (
        (ComplaintStatus.IN_PROGRESS, {}),
        (ComplaintStatus.ANSWERED, {"response": "Mohon maaf, loket kedua kini dibuka pukul 08.00."}),
        (ComplaintStatus.CLOSED, {}),
    ):
        response = client.post(
            f"/complaints/{complaint.pk}/",
            {"to_status": to_status, "expected_status": Complaint.objects.get().status, **extra},
        )
        assert response.status_code == 302, response.content.decode()[:500]

    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED and complaint.closed_at is not None
    public = complaint_public_lookup(complaint.tracking_code)
    assert public.response.startswith("Mohon maaf")
    assert [label for _at, label in public.history] == [str(s.label) for s in ComplaintStatus]


def test_answering_needs_the_text_the_filer_will_read(office, head):
    complaint = _complaint(office)
    complaint = complaint_transition(actor=head, complaint=complaint, to_status=ComplaintStatus.IN_PROGRESS)

    with pytest.raises(ServiceError) as refused:
        complaint_transition(
            actor=head, complaint=complaint, to_status=ComplaintStatus.ANSWERED, response=" "
        )

    assert refused.value.message == str(RESPONSE_MISSING)


def test_a_step_out_of_order_is_refused(office, head):
    complaint = _complaint(office)

    with pytest.raises(ServiceError):
        complaint_transition(actor=head, complaint=complaint, to_status=ComplaintStatus.CLOSED)


def test_an_operator_cannot_work_complaints_and_a_head_not_another_offices(office, other_office, operator):
    complaint = _complaint(office)
    other_head = testing.make_staff(role=Role.HEAD, office=other_office)

    for user in (operator, other_head):
        with pytest.raises(NotPermitted):
            complaint_transition(actor=user, complaint=complaint, to_status=ComplaintStatus.IN_PROGRESS)


def test_a_complaint_of_another_office_is_a_404(client, office, other_office):
    complaint = _complaint(office)
    client.force_login(testing.make_staff(role=Role.HEAD, office=other_office))

    assert client.get(f"/complaints/{complaint.pk}/").status_code == 404


def test_following_a_complaint_shows_the_handling_but_not_the_text(client, office):
    complaint = _complaint(
        office, description="Petugas meminta uang Rp 50.000", category=ComplaintCategory.PUNGLI
    )

    page = client.post("/pengaduan/lacak/", {"code": complaint.tracking_code.lower()}).content.decode()

    assert str(ComplaintStatus.RECEIVED.label) in page or "Diterima" in page
    assert "50.000" not in page


def test_an_unknown_tracking_code_says_so(client):
    response = client.post("/pengaduan/lacak/", {"code": "ABCDEFGHJK"})

    assert response.context["complaint"] is None
    assert response.context["form"].non_field_errors()


def test_the_staff_list_shows_open_complaints_soonest_due_first(client, office, head):
    first = _complaint(office)
    second = _complaint(office)
    Complaint.objects.filter(pk=second.pk).update(respond_by=timezone.now() + dt.timedelta(days=1))
    client.force_login(head)

    complaints = list(client.get("/complaints/").context["complaints"])

    assert complaints == [second, first]


def test_the_head_links_the_staff_account_concerned_but_not_one_of_another_office(
    client, office, other_office, head
):
    complaint = _complaint(
        office, category=ComplaintCategory.STAFF, staff_description="petugas berkacamata di loket 2"
    )
    colleague = testing.make_staff(role=Role.OPERATOR, office=office)
    stranger = testing.make_staff(role=Role.OPERATOR, office=other_office)
    client.force_login(head)

    client.post(f"/complaints/{complaint.pk}/staff/", {"staff_member": colleague.pk})
    complaint.refresh_from_db()
    assert complaint.staff_member == colleague

    client.post(f"/complaints/{complaint.pk}/staff/", {"staff_member": stranger.pk})
    complaint.refresh_from_db()
    assert complaint.staff_member == colleague  # refused: not a choice for this office
    with pytest.raises(ServiceError):
        complaint_staff_link(actor=head, complaint=complaint, staff_member=stranger)


def test_an_operator_cannot_link_a_staff_member(client, office, operator):
    complaint = _complaint(office, category=ComplaintCategory.STAFF)
    client.force_login(operator)

    assert client.post(f"/complaints/{complaint.pk}/staff/", {"staff_member": operator.pk}).status_code == 404
    complaint.refresh_from_db()
    assert complaint.staff_member is None
