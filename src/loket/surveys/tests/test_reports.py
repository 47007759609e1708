"""The reports of a period: the PDF in the structure offices publish, the XLSX, and the JSON."""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest
import time_machine
from openpyxl import load_workbook

from loket import testing
from loket.surveys.definitions import ELEMENT_KEYS
from loket.surveys.periods import parse_period
from loket.surveys.reports.json import report_dict
from loket.surveys.reports.pdf import report_pdf
from loket.surveys.reports.xlsx import report_xlsx
from loket.surveys.selectors import survey_report, survey_report_for_system
from loket.surveys.services import survey_import

# Leaning the way the study found the office: slow, unfriendly at times, free of charge.
LEAN = {
    "waktu": (30, 35, 25, 10),
    "perilaku": (20, 35, 35, 10),
    "biaya": (0, 2, 38, 60),
    "sarana": (15, 30, 40, 15),
}
USUAL = (5, 20, 50, 25)


def _answers(rng: random.Random) -> list[int]:
    return [rng.choices((1, 2, 3, 4), weights=LEAN.get(key, USUAL))[0] for key in ELEMENT_KEYS]


def _import(skm, office, period: str, rows: list[str]) -> None:
    header = ",".join(
        [*ELEMENT_KEYS, "umur", "jenis kelamin", "pendidikan", "pekerjaan", "layanan", "tanggal", "saran"]
    )
    survey_import(
        actor=None,
        office=office,
        questionnaire=skm,
        period=parse_period(period),
        data=("\n".join([header, *rows]) + "\n").encode(),
        filename="test.csv",
    )


@pytest.fixture
def study_office(skm, office):
    """120 responses in 2026-S1, 60 in 2025-S2, and 30 citizens who applied in 2026-S1."""
    rng = random.Random(6)
    profiles = (
        ["17-25", "26-35", "36-45", "46-55", "66+"],
        ["L", "P"],
        ["sma", "s1", "smp", "sd"],
        ["swasta", "wirausaha", "pelajar", "pns", "lainnya"],
        ["new", "lost", "damaged", "data_change"],
    )

    def rows(count: int, first_day: dt.date) -> list[str]:
        out = []
        for i in range(count):
            profile = [rng.choice(options) for options in profiles]
            day = first_day + dt.timedelta(days=i % 150)
            note = '=HYPERLINK("http://x")' if i == 0 else ""
            out.append(",".join(str(v) for v in [*_answers(rng), *profile, day.isoformat(), note]))
        return out

    with time_machine.travel(dt.datetime(2026, 7, 2, 3, tzinfo=dt.UTC), tick=False):
        _import(skm, office, "2026-S1", rows(120, dt.date(2026, 1, 5)))
        _import(skm, office, "2025-S2", rows(60, dt.date(2025, 7, 3)))
    with time_machine.travel(dt.datetime(2026, 5, 4, 2, tzinfo=dt.UTC)):
        operator = testing.make_staff(office=office)
        for _ in range(30):
            testing.make_application(office=office, actor=operator)
    return office


def test_pdf_report_has_the_published_structure(study_office, skm, head, tmp_path):
    report = survey_report(head, questionnaire=skm, period=parse_period("2026-S1"), office=study_office)
    pdf = report_pdf(report, language="en")
    assert pdf.startswith(b"%PDF")
    text = _pdf_text(pdf, tmp_path)
    for heading in (
        "I. Introduction",
        "II. Method",
        "III. Respondents",
        "IV. IKM result",
        "NRR per element",
        "V. Analysis: the weakest elements",
        "VI. Follow-up plan",
        "Head of office",
    ):
        assert heading in text
    assert str(report.analysis.ikm.shown) in text
    assert "Krejcie" in text and "28 respondents" in text  # 30 citizens served -> 28
    _keep_pages(report_pdf(report, language="id"), "skm-report")


def test_pdf_report_of_the_indicator_questionnaire(kinerja, office, head, tmp_path):
    header = ",".join(q.key for q in kinerja.current_version().questions.all())
    rows = ["1,2,2,1,2,4,3,2,1,3,3", "2,2,3,2,1,3,4,1,2,3,2", "3,1,2,2,2,4,4,2,2,4,3"]
    with time_machine.travel(dt.datetime(2026, 7, 2, 3, tzinfo=dt.UTC), tick=False):
        survey_import(
            actor=None,
            office=office,
            questionnaire=kinerja,
            period=parse_period("2026-S1"),
            data=("\n".join([header, *rows]) + "\n").encode(),
            filename="k.csv",
        )
    report = survey_report(head, questionnaire=kinerja, period=parse_period("2026-S1"), office=office)
    pdf = report_pdf(report, language="en")
    text = _pdf_text(pdf, tmp_path)
    assert "Per indicator" in text and "Commitment" in text and "IV. IKM result" not in text
    _keep_pages(report_pdf(report, language="id"), "indicator-report")


def test_xlsx_has_the_raw_responses_and_the_tables(study_office, skm, head):
    report = survey_report(head, questionnaire=skm, period=parse_period("2026-S1"), office=study_office)
    workbook = load_workbook(io.BytesIO(report_xlsx(report, language="en")))
    assert workbook.sheetnames == [
        "Summary",
        "Responses",
        "NRR per element",
        "Answers per question",
        "Respondent profile",
        "Trend",
    ]
    raw = list(workbook["Responses"].iter_rows(values_only=True))
    assert len(raw) == 121 and raw[0][-1] == "Suggestion"
    assert '=HYPERLINK("http://x")' in [row[-1] for row in raw]  # a citizen's text stays text
    assert all(cell.data_type != "f" for row in workbook["Responses"].iter_rows() for cell in row)
    nrr = list(workbook["NRR per element"].iter_rows(values_only=True))
    assert [row[0] for row in nrr[1:]] == [f"U{n}" for n in range(1, 10)]
    summary = {row[0]: row[1:] for row in workbook["Summary"].iter_rows(values_only=True)}
    assert summary["IKM"][0] == float(report.analysis.ikm.shown)


def test_json_report_warns_when_responses_fall_short_of_the_sample(skm, office, head):
    with time_machine.travel(dt.datetime(2026, 3, 2, 2, tzinfo=dt.UTC)):
        operator = testing.make_staff(office=office)
        for _ in range(12):
            testing.make_application(office=office, actor=operator)
    with time_machine.travel(dt.datetime(2026, 7, 2, 3, tzinfo=dt.UTC), tick=False):
        _import(
            skm,
            office,
            "2026-S1",
            ["4,4,4,4,4,4,4,4,4,,,,,,2026-03-03,", "3,3,3,3,3,3,3,3,3,,,,,,2026-03-04,"],
        )
    report = report_dict(
        survey_report(head, questionnaire=skm, period=parse_period("2026-S1"), office=office)
    )
    assert report["sample"] == {
        "citizens_served": 12,
        "required": 12,
        "obtained": 2,
        "enough": False,
        "margin_of_error_percent": 66.1,
    }
    # d = sqrt(3.841 * 0.25 * (12 - 2) / (2 * 11)) = 0.6607
    assert report["skm"]["ikm"] == 87.5  # (4 + 3) / 2 * 25


def test_the_head_sees_only_their_office_and_the_city_sees_all(skm, office, other_office, head, city_admin):
    with time_machine.travel(dt.datetime(2026, 7, 2, 3, tzinfo=dt.UTC), tick=False):
        _import(skm, office, "2026-S1", ["4,4,4,4,4,4,4,4,4,,,,,,,"])
        _import(skm, other_office, "2026-S1", ["1,1,1,1,1,1,1,1,1,,,,,,,"])
    period = parse_period("2026-S1")
    assert survey_report(head, questionnaire=skm, period=period).analysis.respondents == 1
    assert survey_report(city_admin, questionnaire=skm, period=period).analysis.respondents == 2
    assert survey_report_for_system(questionnaire=skm, period=period).analysis.ikm.shown == 62.5
    from django.http import Http404

    from loket.core.errors import NotPermitted

    with pytest.raises(NotPermitted):
        survey_report(head, questionnaire=skm, period=period, office=other_office)
    with pytest.raises(NotPermitted):
        survey_report(testing.make_staff(office=office), questionnaire=skm, period=period)  # an operator
    assert Http404  # (offices of others are 404 in the views; see test_views)


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(done.stdout.split())


def _keep_pages(pdf: bytes, name: str) -> None:
    """With LOKET_SURVEY_PDF_DIR set, the PDF and its pages as PNG go there, to be looked at."""
    folder = os.environ.get("LOKET_SURVEY_PDF_DIR")
    if not folder or shutil.which("pdftoppm") is None:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    target = Path(folder) / f"{name}.pdf"
    target.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(target), str(Path(folder) / name)], check=True)
