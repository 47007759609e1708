"""Reading survey files (CSV or XLSX) into a header and rows of text, with clear messages for
files that are neither. Pure: no database, so ``loket survey analyze`` works without one.

The kind of file is told by its content, not its name: an XLSX is a ZIP holding
``xl/workbook.xml``; a CSV is text (UTF-8, with or without BOM, or Windows-1252 as older Excel
saves it) separated by commas, semicolons (Indonesian Excel) or tabs.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000

EMPTY_FILE = _("The file is empty.")
NO_HEADER = _("The file has no header row: the first row must name the columns.")
NO_ROWS = _("The file has a header row but no responses under it.")
TOO_BIG = _("The file is too large (at most 10 MB).")
TOO_MANY_ROWS = _("The file has more than %(limit)s rows; split it into several files.")
OLD_EXCEL = _("This is an old Excel file (.xls). Save it as .xlsx or .csv and try again.")
NOT_TABULAR = _("This is not a CSV or XLSX file. Save the spreadsheet as .xlsx or as CSV and try again.")
BROKEN_XLSX = _("The XLSX file cannot be read (it may be damaged or protected with a password).")
UNCLOSED_QUOTE = _('The CSV file has a quotation mark (") that is never closed, in the header row.')
DUPLICATE_COLUMN = _("The column “%(column)s” appears twice.")
BLANK_COLUMN = _("Column %(number)s has no name in the header row.")


class TableError(ValueError):
    """The file as a whole cannot be used; ``message`` is in the user's language."""

    def __init__(self, message: Any, **params: Any) -> None:
        text = str(message)
        self.message = text % params if params else text
        super().__init__(self.message)


@dataclass(frozen=True)
class Table:
    kind: str  # "csv" or "xlsx"
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as the spreadsheet shows it, cells)


def read_table(data: bytes) -> Table:
    if not data or not data.strip():
        raise TableError(EMPTY_FILE)
    if len(data) > MAX_BYTES:
        raise TableError(TOO_BIG)
    if data.startswith(b"PK\x03\x04"):
        header, rows = _read_xlsx(data)
        kind = "xlsx"
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise TableError(OLD_EXCEL)
    else:
        header, rows = _read_csv(data)
        kind = "csv"
    return Table(kind, _check_header(header), _drop_blank(rows))


def _check_header(cells: list[str]) -> list[str]:
    header = [c.strip() for c in cells]
    while header and not header[-1]:
        header.pop()
    if not header:
        raise TableError(NO_HEADER)
    seen: set[str] = set()
    for number, name in enumerate(header, start=1):
        if not name:
            raise TableError(BLANK_COLUMN, number=number)
        if name.lower() in seen:
            raise TableError(DUPLICATE_COLUMN, column=name)
        seen.add(name.lower())
    return header


def _drop_blank(rows: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    kept = [(n, [c.strip() for c in cells]) for n, cells in rows if any(c.strip() for c in cells)]
    if not kept:
        raise TableError(NO_ROWS)
    if len(kept) > MAX_ROWS:
        raise TableError(TOO_MANY_ROWS, limit=MAX_ROWS)
    return kept


def _decode(data: bytes) -> str:
    if b"\x00" in data:  # UTF-16 or binary: neither is a CSV we can read
        raise TableError(NOT_TABULAR)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    # Text files carry almost no control characters; binary files (PDF, images) carry many.
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\r\n\t")
    if controls > 2:
        raise TableError(NOT_TABULAR)
    return text


def _read_csv(data: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    text = _decode(data)
    if text.lstrip().startswith(("%PDF", "<", "{")):  # PDF, HTML/XML, JSON
        raise TableError(NOT_TABULAR)
    first_line = text.lstrip().splitlines()[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text.lstrip("\r\n")), delimiter=delimiter)
    try:
        lines = list(reader)
    except csv.Error:
        raise TableError(NOT_TABULAR) from None
    if not lines:
        raise TableError(EMPTY_FILE)
    if any("\n" in cell for cell in lines[0]):  # an unclosed quote swallowed the rest of the file
        raise TableError(UNCLOSED_QUOTE)
    return lines[0], [(number, cells) for number, cells in enumerate(lines[1:], start=2)]


def _read_xlsx(data: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise TableError(NOT_TABULAR)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except TableError:
        raise
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise TableError(BROKEN_XLSX) from None
    sheet = workbook.worksheets[0]
    rows = [[_cell_text(v) for v in values] for values in sheet.iter_rows(values_only=True)]
    workbook.close()
    if not rows:
        raise TableError(EMPTY_FILE)
    return rows[0], [(number, cells) for number, cells in enumerate(rows[1:], start=2)]


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


_ANSWERS = {"1": 1, "2": 2, "3": 3, "4": 4}


def parse_answer(cell: str) -> int | None:
    """A cell of an answer column: blank is "not answered"; otherwise a whole number 1-4
    (Excel's 3.0 accepted). ValueError for anything else."""
    if cell in _ANSWERS:  # the usual case, fast: a file may have 20,000 rows of nine answers
        return _ANSWERS[cell]
    text = (cell or "").strip()
    if not text:
        return None
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        raise ValueError(text) from None
    if not number.is_integer() or int(number) not in (1, 2, 3, 4):
        raise ValueError(text)
    return int(number)
