"""``loket survey``: analyze works on a file alone (no database at all); import and report."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import load_workbook

from loket.surveys.models import Response

ELEMENT_COLUMNS = [
    "Persyaratan",
    "Sistem, Mekanisme, dan Prosedur",
    "Waktu Penyelesaian",
    "Biaya/Tarif",
    "Produk Spesifikasi Jenis Pelayanan",
    "Kompetensi Pelaksana",
    "Perilaku Pelaksana",
    "Penanganan Pengaduan, Saran dan Masukan",
    "Sarana dan Prasarana",
]
# The hand-computed office of test_analysis: IKM 72.22, C.


@pytest.fixture(autouse=True)
def english():
    """The command speaks the interface language (Indonesian by default); these tests read English."""
    with translation.override("en"):
        yield


ROWS = [
    [4, 3, 2, 4, 3, 3, 2, 1, 3],
    [4, 3, 2, 4, 3, 2, 2, 2, 3],
    [3, 3, 3, 4, 4, 3, 2, 2, 3],
    [3, 3, 1, 4, 4, 2, 3, 3, 4],
]


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    lines = [",".join(f'"{h}"' for h in header)] + [",".join(str(v) for v in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_analyze_prints_percentages_and_the_ikm_without_touching_the_database(tmp_path):
    # No ``db`` fixture: pytest-django makes any database access fail this test.
    header = [h.upper().replace(" ", "  ") for h in ELEMENT_COLUMNS] + ["Kualitas"]
    path = write_csv(tmp_path / "skm.csv", header, [[*r, 2] for r in ROWS])
    out = StringIO()
    call_command("survey", "analyze", str(path), stdout=out)
    result = json.loads(out.getvalue())
    assert result["respondents"] == 4
    waktu = result["columns"][2]
    assert (waktu["element"], waktu["answered"]) == ("waktu", 4)
    assert waktu["percentages"] == {"1": 25.0, "2": 50.0, "3": 25.0, "4": 0.0}
    assert result["columns"][9] == {
        "column": "Kualitas",
        "element": None,
        "answered": 4,
        "counts": {"1": 0, "2": 4, "3": 0, "4": 0},
        "percentages": {"1": 0.0, "2": 100.0, "3": 0.0, "4": 0.0},
    }
    skm = result["skm"]
    assert (skm["ikm"], skm["quality"], skm["label"]) == (72.22, "C", "Kurang Baik")
    assert [e["nrr"] for e in skm["elements"]] == [3.5, 3.0, 2.0, 4.0, 3.5, 2.5, 2.25, 2.0, 3.25]


def test_analyze_without_the_nine_elements_gives_percentages_only(tmp_path):
    path = write_csv(tmp_path / "study.csv", ["Kualitas pekerjaan", "Persyaratan"], [[1, 4], [2, 3], [2, ""]])
    out = StringIO()
    call_command("survey", "analyze", str(path), stdout=out)
    result = json.loads(out.getvalue())
    assert result["skm"] is None and "sarana" in result["elements_missing"]
    assert result["columns"][1]["answered"] == 2


def test_analyze_reports_each_bad_cell_and_refuses(tmp_path):
    path = write_csv(tmp_path / "bad.csv", ["a", "b"], [[1, 5], ["x", 2], [3, 4]])
    err = StringIO()
    with pytest.raises(CommandError, match="2 bad cells"):
        call_command("survey", "analyze", str(path), stdout=StringIO(), stderr=err)
    assert "row 2, column “b”: “5” is not an answer" in err.getvalue() and "row 3" in err.getvalue()


def test_analyze_refuses_a_file_that_is_not_a_table(tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(CommandError, match="CSV or XLSX"):
        call_command("survey", "analyze", str(path))


def test_analyze_runs_as_a_command_with_no_database_server(tmp_path):
    path = write_csv(tmp_path / "skm.csv", ELEMENT_COLUMNS, ROWS)
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/nowhere",
        "LOKET_DATA_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-m", "loket", "survey", "analyze", str(path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["skm"]["ikm"] == 72.22


@pytest.fixture
def imported(skm, office, tmp_path):
    header = [*ELEMENT_COLUMNS, "Jenis Kelamin", "Layanan"]
    path = write_csv(
        tmp_path / "paper.csv", header, [[*r, "L" if i % 2 else "P", "new"] for i, r in enumerate(ROWS)]
    )
    with time_machine.travel(dt.datetime(2026, 8, 1, 3, tzinfo=dt.UTC), tick=False):
        out = StringIO()
        call_command(
            "survey", "import", str(path), "--office", office.code, "--period", "2026-S1", stdout=out
        )
    assert "4 responses imported" in out.getvalue()
    return path


def test_import_then_report_as_json(imported, office):
    assert Response.objects.filter(office=office).count() == 4
    out = StringIO()
    call_command("survey", "report", "--period", "2026-S1", "--office", office.code, stdout=out)
    report = json.loads(out.getvalue())
    assert report["skm"]["ikm"] == 72.22 and report["respondents"] == 4
    assert [g["value"] for g in report["breakdowns"]["sex"]] == ["L", "P"]
    assert report["sample"]["citizens_served"] == 0 and report["trend"][-1]["period"] == "2026-S1"


def test_report_writes_pdf_and_xlsx_files(imported, office, tmp_path):
    pdf, xlsx = tmp_path / "r.pdf", tmp_path / "r.xlsx"
    call_command(
        "survey", "report", "--period", "2026-S1", "--format", "pdf", "-o", str(pdf), stdout=StringIO()
    )
    call_command(
        "survey", "report", "--period", "2026-S1", "--format", "xlsx", "-o", str(xlsx), stdout=StringIO()
    )
    assert pdf.read_bytes().startswith(b"%PDF")
    assert load_workbook(xlsx).sheetnames[:2] == ["Ringkasan", "Jawaban"]  # --language id, the default


def test_import_errors_are_listed_and_nothing_is_stored(skm, office, tmp_path):
    path = write_csv(tmp_path / "bad.csv", ELEMENT_COLUMNS, [[*ROWS[0][:8], 7]])
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("survey", "import", str(path), "--office", office.code, "--period", "2026", stderr=err)
    assert "row 2" in err.getvalue()
    assert not Response.objects.exists()


def test_report_refuses_a_malformed_period(skm):
    with pytest.raises(CommandError, match="2026-S1"):
        call_command("survey", "report", "--period", "2026-H1")
