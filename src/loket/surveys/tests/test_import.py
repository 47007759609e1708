"""Importing CSV and XLSX files: every bad row reported, nothing stored unless bad rows are skipped."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.utils import translation
from openpyxl import Workbook

from loket import testing
from loket.core.errors import NotPermitted, ServiceError
from loket.offices.models import Role
from loket.surveys.models import Answer, Channel, ImportBatch, Response
from loket.surveys.periods import parse_period
from loket.surveys.services import ImportRejected, survey_import

HEADER = (
    "Persyaratan;Sistem, Mekanisme, dan Prosedur;Waktu Penyelesaian;Biaya/Tarif;"
    "Produk Spesifikasi Jenis Pelayanan;Kompetensi Pelaksana;Perilaku Pelaksana;"
    "Penanganan Pengaduan, Saran dan Masukan;Sarana dan Prasarana;"
    "Jenis Kelamin;Umur;Tanggal;Saran"
)

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    # Messages are compared in English; the same messages are in Indonesian by default.
    with (
        time_machine.travel(dt.datetime(2026, 8, 1, 3, tzinfo=dt.UTC), tick=False),
        translation.override("en"),
    ):
        yield


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def run(skm, office, data, *, period="2026-S1", skip=False, actor=None, filename="skm.csv"):
    return survey_import(
        actor=actor,
        office=office,
        questionnaire=skm,
        period=parse_period(period),
        data=data,
        filename=filename,
        skip_bad_rows=skip,
    )


def test_a_good_semicolon_csv_is_imported_with_profile_and_dates(skm, office):
    data = csv_bytes(
        "4;3;2;4;3;3;2;1;3;Laki-laki;34;2026-03-15;Antrean terlalu lama",
        "3;3;3;4;4;;2;2;3;P;;15/06/2026;",
    )
    result = run(skm, office, data)
    assert result.imported == 2 and result.skipped == []
    first, second = Response.objects.order_by("submitted_on")
    assert (first.sex, first.age_group, first.submitted_on) == ("L", "26-35", dt.date(2026, 3, 15))
    assert first.suggestion == "Antrean terlalu lama" and first.channel == Channel.IMPORT
    assert second.answers.count() == 8  # a blank cell: not answered
    assert ImportBatch.objects.get().rows == 2


def test_rows_without_a_date_are_dated_on_the_last_day_of_the_period(skm, office):
    header = HEADER.replace(";Tanggal", "")
    run(skm, office, csv_bytes("4;3;2;4;3;3;2;1;3;L;30;", header=header))
    assert Response.objects.get().submitted_on == dt.date(2026, 6, 30)


def test_every_bad_row_is_reported_and_nothing_is_stored(skm, office):
    data = csv_bytes(
        "4;3;2;4;3;3;2;1;3;L;30;2026-03-01;",
        "5;3;2;4;3;3;2;1;3;L;30;2026-03-01;",  # row 3: 5 is not an answer
        "4;3;x;4;3;3;2;1;3;X;30;2026-13-01;",  # row 4: three errors
        "4;3;2;4;3;3;2;1;3;L;30;2026-07-01;",  # row 5: outside 2026-S1
        ";;;;;;;;;L;30;2026-03-01;",  # row 6: no answers
    )
    with pytest.raises(ImportRejected) as info:
        run(skm, office, data)
    errors = [(e.row, e.column) for e in info.value.errors]
    assert errors == [
        (3, "Persyaratan"),
        (4, "Waktu Penyelesaian"),
        (4, "Jenis Kelamin"),
        (4, "Tanggal"),
        (5, "Tanggal"),
        (6, ""),
    ]
    assert "“5”" in info.value.errors[0].message
    assert not Response.objects.exists() and not ImportBatch.objects.exists() and not Answer.objects.exists()


def test_bad_rows_can_be_skipped_when_asked(skm, office):
    data = csv_bytes("4;3;2;4;3;3;2;1;3;L;30;;", "0;3;2;4;3;3;2;1;3;L;30;;", "3;3;3;3;3;3;3;3;3;;;;")
    result = run(skm, office, data, skip=True)
    assert result.imported == 2 and [e.row for e in result.skipped] == [3]
    assert ImportBatch.objects.get().skipped == 1


def test_xlsx_files_are_read_by_their_content_not_their_name(skm, office):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(";"))
    sheet.append([4, 3, 2, 4, 3, 3, 2, 1, 3.0, "Perempuan", "17-25", dt.date(2026, 2, 2), None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    run(skm, office, buffer.getvalue(), filename="responses.csv")  # misnamed, still an XLSX
    response = Response.objects.get()
    assert (response.sex, response.submitted_on, response.answers.count()) == ("P", dt.date(2026, 2, 2), 9)


@pytest.mark.parametrize(
    ("data", "code", "words"),
    [
        (b"", "bad_file", "empty"),
        (HEADER.encode() + b"\n", "bad_file", "no responses"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "bad_file", "not a CSV"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "bad_file", "not a CSV"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 50, "bad_file", ".xls"),
        (b"PK\x03\x04" + b"\x00" * 50, "bad_file", "XLSX"),
        (b'Persyaratan,"Waktu\n1,2\n', "bad_file", "never closed"),
    ],
)
def test_files_that_cannot_be_used_get_a_clear_message_and_store_nothing(skm, office, data, code, words):
    with pytest.raises(ServiceError) as info:
        run(skm, office, data)
    assert info.value.code == code and words in info.value.message
    assert not Response.objects.exists()


def test_unknown_and_missing_columns_are_named(skm, office):
    with pytest.raises(ServiceError) as info:
        run(skm, office, csv_bytes("4;3;2;4;3;3;2;1;3;L;30;;;5", header=HEADER + ";Kecepatan Internet"))
    assert info.value.code == "unknown_columns" and "Kecepatan Internet" in info.value.message
    with pytest.raises(ServiceError) as info:
        run(skm, office, csv_bytes("4;L", header="Persyaratan;Jenis Kelamin"))
    assert info.value.code == "missing_columns" and "sarana" in info.value.message
    assert not Response.objects.exists()


def test_question_keys_work_as_column_names(skm, office):
    header = "persyaratan,prosedur,waktu,biaya,produk,kompetensi,perilaku,pengaduan,sarana"
    run(skm, office, csv_bytes("1,2,3,4,1,2,3,4,1", header=header))
    assert Response.objects.get().answers.count() == 9


def test_a_period_that_has_not_started_is_refused(skm, office):
    with pytest.raises(ServiceError) as info:
        run(skm, office, csv_bytes("4;3;2;4;3;3;2;1;3;L;30;;"), period="2027")
    assert info.value.code == "period_in_future"


def test_staff_import_only_for_their_own_office(skm, office, other_office):
    stranger = testing.make_staff(role=Role.HEAD, office=other_office)
    with pytest.raises(NotPermitted):
        run(skm, office, csv_bytes("4;3;2;4;3;3;2;1;3;L;30;;"), actor=stranger)
    head = testing.make_staff(role=Role.HEAD, office=office)
    assert run(skm, office, csv_bytes("4;3;2;4;3;3;2;1;3;L;30;;"), actor=head).imported == 1
    assert Response.objects.get().entered_by == head
