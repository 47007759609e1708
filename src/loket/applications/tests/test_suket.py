"""The Suket: when it may be issued and with which code, its six months of validity, its gap-free
numbers, and the printed certificate."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from zoneinfo import ZoneInfo

import pytest
import segno
import time_machine

from loket import testing
from loket.applications.lifecycle import Status
from loket.applications.models import Application, Suket, SuketCode
from loket.applications.services import suket_issue
from loket.applications.services.suket import SUKET_CODE_FOR_STATUS, add_months
from loket.applications.suket_pdf import render_suket_pdf, suket_context, suket_document, verify_url
from loket.core.errors import Conflict, NotPermitted, ServiceError
from loket.offices.models import Region, RegionLevel, Role

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")


def _app_in(office, status, **kwargs) -> Application:
    app = testing.make_application(office=office, **kwargs)
    Application.objects.filter(pk=app.pk).update(status=status)
    app.refresh_from_db()
    return app


@pytest.fixture
def no_blanks_office(db):
    return testing.make_office(code="zona-3", name="UPT Zona III")


# When and with which code ------------------------------------------------------------------------


@pytest.mark.parametrize(("status", "code"), sorted(SUKET_CODE_FOR_STATUS.items()))
def test_each_status_gets_its_code(no_blanks_office, status, code):
    actor = testing.make_staff(role=Role.OPERATOR, office=no_blanks_office)
    suket = suket_issue(application=_app_in(no_blanks_office, status), actor=actor)
    assert suket.status_code == code


def test_the_codes_are_the_dukcapil_ones():
    assert SUKET_CODE_FOR_STATUS[Status.BIOMETRICS_CAPTURED] == SuketCode.PRO
    assert SUKET_CODE_FOR_STATUS[Status.SENT_FOR_ENROLLMENT] == SuketCode.SFE
    assert SUKET_CODE_FOR_STATUS[Status.PRINT_READY] == SuketCode.PRR
    assert SUKET_CODE_FOR_STATUS[Status.DUPLICATE_RECORD] == SuketCode.DUP
    assert SUKET_CODE_FOR_STATUS[Status.ENROLLMENT_FAILED] == SuketCode.EFAC


@pytest.mark.parametrize(
    "status",
    [
        Status.SUBMITTED,
        Status.DOCUMENTS_INCOMPLETE,
        Status.DOCUMENTS_VERIFIED,
        Status.PRINTED,
        Status.READY_FOR_PICKUP,
    ],
)
def test_no_suket_before_biometrics_or_after_printing(no_blanks_office, status):
    actor = testing.make_staff(role=Role.OPERATOR, office=no_blanks_office)
    with pytest.raises(ServiceError) as refused:
        suket_issue(application=_app_in(no_blanks_office, status), actor=actor)
    assert refused.value.code == "suket_not_now"
    assert not Suket.objects.exists()


def test_no_suket_for_a_print_ready_record_while_blanks_are_in_stock(office, operator):
    with pytest.raises(Conflict) as refused:
        suket_issue(application=_app_in(office, Status.PRINT_READY), actor=operator)
    assert refused.value.code == "suket_print_instead"
    assert not Suket.objects.exists()


def test_a_print_ready_record_gets_a_prr_suket_when_the_stock_is_empty(no_blanks_office):
    actor = testing.make_staff(role=Role.OPERATOR, office=no_blanks_office)
    suket = suket_issue(application=_app_in(no_blanks_office, Status.PRINT_READY), actor=actor)
    assert suket.status_code == SuketCode.PRR


def test_blanks_in_stock_do_not_stop_a_suket_for_other_codes(office, operator):
    suket = suket_issue(application=_app_in(office, Status.DUPLICATE_RECORD), actor=operator)
    assert suket.status_code == SuketCode.DUP


@pytest.mark.parametrize("role", [Role.CITY_ADMIN, Role.SYSTEM_ADMIN])
def test_administrators_do_not_issue_sukets(office, role):
    with pytest.raises(NotPermitted):
        suket_issue(
            application=_app_in(office, Status.SENT_FOR_ENROLLMENT), actor=testing.make_staff(role=role)
        )


def test_staff_of_another_office_cannot_issue_its_suket(office, other_office):
    stranger = testing.make_staff(role=Role.HEAD, office=other_office)
    with pytest.raises(NotPermitted) as refused:
        suket_issue(application=_app_in(office, Status.SENT_FOR_ENROLLMENT), actor=stranger)
    assert refused.value.code == "other_office"


# Validity ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 1, 15), dt.date(2026, 7, 15)),
        (dt.date(2025, 8, 31), dt.date(2026, 2, 28)),
        (dt.date(2027, 8, 31), dt.date(2028, 2, 29)),
        (dt.date(2026, 3, 31), dt.date(2026, 9, 30)),
        (dt.date(2026, 10, 31), dt.date(2027, 4, 30)),
        (dt.date(2026, 12, 1), dt.date(2027, 6, 1)),
        (dt.date(2026, 7, 31), dt.date(2027, 1, 31)),
    ],
)
def test_six_months_later_is_the_same_day_or_the_last_day_of_a_shorter_month(day, expected):
    assert add_months(day, 6) == expected


def test_a_suket_issued_on_31_august_is_valid_until_the_end_of_february(office, operator):
    app = _app_in(office, Status.SENT_FOR_ENROLLMENT)
    with time_machine.travel(dt.datetime(2027, 8, 31, 9, tzinfo=WIB), tick=False):
        suket = suket_issue(application=app, actor=operator)
    assert suket.valid_until == dt.date(2028, 2, 29)


def test_the_issue_date_is_the_day_in_indonesia_not_in_utc(office, operator):
    app = _app_in(office, Status.SENT_FOR_ENROLLMENT)
    # 18:00 UTC on 31 July is already 1 August in Palembang.
    with time_machine.travel(dt.datetime(2026, 7, 31, 18, tzinfo=dt.UTC), tick=False):
        suket = suket_issue(application=app, actor=operator)
    assert suket.valid_until == dt.date(2027, 2, 1)


def test_a_second_valid_suket_with_the_same_code_is_refused(office, operator):
    app = _app_in(office, Status.SENT_FOR_ENROLLMENT)
    with time_machine.travel(dt.datetime(2026, 2, 2, 9, tzinfo=WIB), tick=False):
        first = suket_issue(application=app, actor=operator)
    last_valid_day = time_machine.travel(dt.datetime(2026, 8, 2, 9, tzinfo=WIB), tick=False)
    with last_valid_day, pytest.raises(Conflict) as refused:
        suket_issue(application=app, actor=operator)
    assert refused.value.code == "suket_already_valid"
    assert first.number in refused.value.message
    assert Suket.objects.count() == 1


def test_a_new_suket_may_be_issued_once_the_old_one_has_expired(office, operator):
    app = _app_in(office, Status.SENT_FOR_ENROLLMENT)
    with time_machine.travel(dt.datetime(2026, 2, 2, 9, tzinfo=WIB), tick=False):
        suket_issue(application=app, actor=operator)
    with time_machine.travel(dt.datetime(2026, 8, 3, 9, tzinfo=WIB), tick=False):
        renewed = suket_issue(application=app, actor=operator)
    assert renewed.valid_until == dt.date(2027, 2, 3)


def test_a_new_suket_may_be_issued_when_the_status_code_has_changed(office, operator):
    app = _app_in(office, Status.SENT_FOR_ENROLLMENT)
    suket_issue(application=app, actor=operator)
    Application.objects.filter(pk=app.pk).update(status=Status.DUPLICATE_RECORD)
    assert suket_issue(application=app, actor=operator).status_code == SuketCode.DUP


# Numbers -----------------------------------------------------------------------------------------


def _issue_many(office, count, *, status=Status.SENT_FOR_ENROLLMENT) -> list[str]:
    actor = testing.make_staff(role=Role.OPERATOR, office=office)
    return [suket_issue(application=_app_in(office, status), actor=actor).number for _ in range(count)]


def test_numbers_run_without_gaps_per_office_and_year(office, other_office):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=WIB), tick=False):
        mine = _issue_many(office, 3)
        theirs = _issue_many(other_office, 2)
    assert mine == ["470/00001/ZONA-8/2026", "470/00002/ZONA-8/2026", "470/00003/ZONA-8/2026"]
    assert theirs == ["470/00001/ZONA-1/2026", "470/00002/ZONA-1/2026"]


def test_numbering_starts_again_each_year(office):
    with time_machine.travel(dt.datetime(2026, 12, 31, 15, tzinfo=WIB), tick=False):
        _issue_many(office, 2)
    with time_machine.travel(dt.datetime(2027, 1, 4, 9, tzinfo=WIB), tick=False):
        assert _issue_many(office, 1) == ["470/00001/ZONA-8/2027"]


def test_a_refused_suket_does_not_use_up_a_number(office, operator):
    app = _app_in(office, Status.SENT_FOR_ENROLLMENT)
    first = suket_issue(application=app, actor=operator)
    with pytest.raises(Conflict):
        suket_issue(application=app, actor=operator)
    with pytest.raises(Conflict):
        suket_issue(application=_app_in(office, Status.PRINT_READY), actor=operator)  # blanks in stock
    following = suket_issue(application=_app_in(office, Status.DUPLICATE_RECORD), actor=operator)
    assert (first.number[4:9], following.number[4:9]) == ("00001", "00002")


# The printed certificate -------------------------------------------------------------------------


@pytest.fixture
def suket(office, operator):
    village = Region.objects.create(
        code="16.71.16.1003",
        name="Lebung Gajah",
        level=RegionLevel.VILLAGE,
        parent=testing.region_kecamatan(),
    )
    person = testing.make_person(
        birth_date=dt.date(1985, 8, 31),
        sex="F",
        full_name="Dewi Anggraini",
        birth_place="Palembang",
        address="Jl. Sukarela Lrg. Mawar No. 27\nRT 012 RW 003",
        village=village,
    )
    operator.first_name, operator.last_name = "Siti", "Rahmawati"
    operator.save()
    app = _app_in(office, Status.ENROLLMENT_FAILED, person=person, actor=operator)
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=WIB), tick=False):
        return suket_issue(application=app, actor=operator)


def test_the_pdf_is_a_pdf_of_one_a4_page(suket):
    pdf = render_suket_pdf(suket)
    assert pdf.startswith(b"%PDF-")
    document = suket_document(suket)
    assert len(document.pages) == 1
    page = document.pages[0]
    assert (round(page.width * 25.4 / 96), round(page.height * 25.4 / 96)) == (210, 297)  # CSS px -> mm


def test_the_certificate_identifies_the_citizen_and_its_status(suket):
    context = suket_context(suket)
    assert context["code"] == "Efac"
    assert context["birth"] == "PALEMBANG, 31 Agustus 1985"
    assert context["sex"] == "PEREMPUAN"
    assert context["address_lines"] == [
        "Jl. Sukarela Lrg. Mawar No. 27",
        "RT 012 RW 003",
        "Kel./Desa Lebung Gajah, Kec. Sematang Borang",
    ]
    assert (context["issued_on"], context["valid_until"]) == ("2 Maret 2026", "2 September 2026")
    assert context["officer"] == "Siti Rahmawati"
    assert (context["city"], context["place"]) == ("Kota Palembang", "Palembang")


def test_the_certificate_is_in_indonesian_whatever_the_officers_language(suket):
    from django.utils import translation

    with translation.override("en"):
        context = suket_context(suket)
    assert context["birth"] == "PALEMBANG, 31 Agustus 1985"
    assert context["meaning"].startswith("Enrollment failure at central: data belum lengkap")


@pytest.fixture
def rendered_text(suket):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=render_suket_pdf(suket), capture_output=True, check=True
    )
    return result.stdout.decode()


def test_the_printed_text_carries_everything_the_certificate_must_say(suket, rendered_text):
    person = suket.application.person
    for expected in (
        "SURAT KETERANGAN",
        "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL",
        "PEMERINTAH KOTA PALEMBANG",
        "UPT ZONA VIII",
        suket.number,
        person.nik,
        "DEWI ANGGRAINI",
        "PALEMBANG, 31 Agustus 1985",
        "PEREMPUAN",
        "Jl. Sukarela Lrg. Mawar No. 27",
        "Efac",
        "2 Maret 2026",
        "2 September 2026",
        "pengganti sementara KTP-el",
        "SITI RAHMAWATI",
    ):
        assert expected in rendered_text, expected


@pytest.mark.parametrize("code", ["PRO", "SFE", "PRR", "DUP"])
def test_other_codes_are_printed_as_they_are(suket, code):
    Suket.objects.filter(pk=suket.pk).update(status_code=code)
    suket.refresh_from_db()
    assert suket_context(suket)["code"] == code


def test_the_qr_code_leads_to_the_public_check_of_this_number(suket, settings):
    settings.LOKET_PUBLIC_URL = "https://dukcapil.palembang.go.id"
    url = verify_url(suket)
    assert url == "https://dukcapil.palembang.go.id/suket/check/?number=470/00001/ZONA-8/2026"
    assert suket_context(suket)["qr"] == segno.make(url, error="m").svg_data_uri(scale=4, border=4)


def test_the_qr_code_on_the_page_scans_to_the_check_url(suket, tmp_path):
    if not (shutil.which("pdftoppm") and shutil.which("zbarimg")):
        pytest.skip(
            "pdftoppm (poppler-utils) and zbarimg (zbar-tools) are needed to scan the printed QR code"
        )
    (tmp_path / "suket.pdf").write_bytes(render_suket_pdf(suket))
    subprocess.run(["pdftoppm", "-png", "-r", "150", "suket.pdf", "page"], cwd=tmp_path, check=True)
    scanned = subprocess.run(
        ["zbarimg", "-q", "--raw", "page-1.png"], cwd=tmp_path, capture_output=True, text=True
    )
    assert scanned.stdout.strip() == verify_url(suket)


def test_a_long_name_and_address_still_fit_on_one_page(office, operator):
    person = testing.make_person(
        full_name="Raden Mas Muhammad Abdurrahman Wahyudi Kusumanegara Prawiradirja Hadiningrat Suryaningrat",
        birth_place="Kabupaten Ogan Komering Ulu Selatan",
        address="Jl. Letnan Jenderal Harun Sohar Lorong Perumahan Citra Grand City Blok AA No. 123\n"
        "RT 045 RW 012\nKompleks Perumahan Pegawai Negeri Sipil Kota Palembang",
    )
    app = _app_in(office, Status.SENT_FOR_ENROLLMENT, person=person, actor=operator)
    assert len(suket_document(suket_issue(application=app, actor=operator)).pages) == 1


def test_the_template_may_not_load_anything_from_the_network(suket, monkeypatch):
    from weasyprint.urls import FatalURLFetchingError

    from loket.applications import suket_pdf

    original = suket_pdf.render_to_string

    def with_remote_image(template, context):
        return original(template, context).replace(
            "</body>", '<img src="https://example.com/logo.png"></body>'
        )

    monkeypatch.setattr(suket_pdf, "render_to_string", with_remote_image)
    with pytest.raises(FatalURLFetchingError):
        render_suket_pdf(suket)
