"""Importing responses from a CSV or XLSX file: every bad row reported (row number, column, what
is wrong), and nothing stored when any row is bad unless the user asks to skip bad rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.core.errors import ServiceError
from loket.offices.access import require
from loket.offices.models import Office
from loket.surveys.definitions import PROFILE_COLUMN_ALIASES, PROFILE_FIELDS, element_for, normalize_name
from loket.surveys.models import Answer, Channel, ImportBatch, Question, Questionnaire, Response
from loket.surveys.periods import Period
from loket.surveys.profile_values import choices_hint, profile_value
from loket.surveys.services.responses import DATA_ENTRY_ROLES, current_version
from loket.surveys.standalone import RowError
from loket.surveys.tabular import TableError, parse_answer, read_table

if TYPE_CHECKING:
    from loket.offices.models import Staff

UNKNOWN_COLUMNS = _(
    "Unknown columns: %(columns)s. Use the questions' keys or SKM element names, and optionally "
    "umur, jenis kelamin, pendidikan, pekerjaan, layanan, tanggal and saran."
)
MISSING_COLUMNS = _("Columns missing for these questions: %(columns)s.")
BAD_ROWS = _("%(count)s rows have errors; nothing was imported. Fix them, or choose to skip bad rows.")
NOTHING_LEFT = _("Every row has errors; nothing was imported.")
PERIOD_IN_FUTURE = _("The period %(period)s has not started yet.")

ROW_BAD_ANSWER = _("“%(value)s” is not an answer; use 1, 2, 3 or 4, or leave it blank")
ROW_BAD_PROFILE = _("“%(value)s” is not one of %(choices)s")
ROW_BAD_DATE = _("“%(value)s” is not a date (write 2026-03-31 or 31/03/2026)")
ROW_DATE_OUTSIDE = _("%(date)s is outside the period %(period)s")
ROW_DATE_FUTURE = _("%(date)s is in the future")
ROW_NO_ANSWERS = _("no question answered")
ROW_EXTRA_CELLS = _("more cells than the header has columns")
ROW_TOO_LONG = _("longer than 1,000 characters")

_DATE_COLUMNS = {normalize_name(n) for n in ("tanggal", "tanggal survei", "date", "tgl")}
_SUGGESTION_COLUMNS = {normalize_name(n) for n in ("saran", "saran masukan", "suggestion", "masukan")}


class ImportRejected(ServiceError):
    def __init__(self, message: object, *, errors: list[RowError], **params: object) -> None:
        super().__init__(message, code="import_rejected", **params)
        self.errors = errors


@dataclass
class ImportResult:
    batch: ImportBatch
    imported: int
    skipped: list[RowError] = field(default_factory=list)


def _column_role(header: str, questions: list[Question]) -> tuple[str, str] | None:
    """What a column holds: ("question", key), ("profile", field), ("date", ""), ("suggestion", "")."""
    name = normalize_name(header)
    for q in questions:
        if name in (normalize_name(q.key), normalize_name(q.text)):
            return ("question", q.key)
    element = element_for(header)
    if element:
        for q in questions:
            if q.element == element:
                return ("question", q.key)
    for profile_field, aliases in PROFILE_COLUMN_ALIASES.items():
        if name in {normalize_name(a) for a in (profile_field, *aliases)}:
            return ("profile", profile_field)
    if name in _DATE_COLUMNS:
        return ("date", "")
    if name in _SUGGESTION_COLUMNS:
        return ("suggestion", "")
    return None


def _parse_date(text: str) -> dt.date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar day
        except ValueError:
            continue
    raise ValueError(text)


@dataclass
class _Row:
    number: int
    answers: dict[str, int] = field(default_factory=dict)
    profile: dict[str, str] = field(default_factory=dict)
    day: dt.date | None = None
    suggestion: str = ""
    errors: list[RowError] = field(default_factory=list)

    def error(self, column: str, message: object, **params: object) -> None:
        text = str(message) % params if params else str(message)
        self.errors.append(RowError(self.number, column, text))


def _read_cell(row: _Row, header: str, role: tuple[str, str], cell: str, period: Period) -> None:
    kind, name = role
    if kind == "question":
        try:
            value = parse_answer(cell)
        except ValueError:
            row.error(header, ROW_BAD_ANSWER, value=cell)
            return
        if value is not None:
            row.answers[name] = value
    elif kind == "profile":
        try:
            row.profile[name] = profile_value(name, cell)
        except ValueError:
            row.error(header, ROW_BAD_PROFILE, value=cell, choices=choices_hint(name))
    elif kind == "date" and cell:
        try:
            row.day = _parse_date(cell)
        except ValueError:
            row.error(header, ROW_BAD_DATE, value=cell)
            return
        if row.day not in period:
            row.error(header, ROW_DATE_OUTSIDE, date=row.day.isoformat(), period=period.label)
        elif row.day > timezone.localdate():
            row.error(header, ROW_DATE_FUTURE, date=row.day.isoformat())
    elif kind == "suggestion":
        row.suggestion = cell
        if len(cell) > 1000:
            row.error(header, ROW_TOO_LONG)


def _map_columns(header: list[str], questions: list[Question]) -> list[tuple[str, str]]:
    roles = [_column_role(h, questions) for h in header]
    unknown = [h for h, role in zip(header, roles, strict=True) if role is None]
    if unknown:
        raise ServiceError(
            UNKNOWN_COLUMNS, code="unknown_columns", columns=", ".join(f"“{u}”" for u in unknown)
        )
    present = {name for kind, name in roles if kind == "question"}  # type: ignore[misc]
    missing = [q.key for q in questions if q.key not in present]
    if missing:
        raise ServiceError(MISSING_COLUMNS, code="missing_columns", columns=", ".join(missing))
    return roles  # type: ignore[return-value]


def _read_rows(data: bytes, questions: list[Question], period: Period) -> list[_Row]:
    try:
        table = read_table(data)
    except TableError as exc:
        raise ServiceError(exc.message, code="bad_file") from None
    roles = _map_columns(table.header, questions)
    rows = []
    for number, cells in table.rows:
        row = _Row(number)
        if any(cells[len(table.header) :]):
            row.error("", ROW_EXTRA_CELLS)
        for header, role, cell in zip(table.header, roles, cells, strict=False):
            _read_cell(row, header, role, cell, period)
        if not row.answers and not row.errors:
            row.error("", ROW_NO_ANSWERS)
        rows.append(row)
    return rows


@transaction.atomic
def survey_import(
    *,
    actor: Staff | None,
    office: Office,
    questionnaire: Questionnaire,
    period: Period,
    data: bytes,
    filename: str,
    skip_bad_rows: bool = False,
) -> ImportResult:
    """Import one file of responses into ``period`` at ``office``. Rows without a date column are
    dated on the period's last day (today, while the period runs). ``actor`` None: the command line."""
    if actor is not None:
        require(actor, roles=DATA_ENTRY_ROLES, office_id=office.pk)
    today = timezone.localdate()
    if period.start > today:
        raise ServiceError(PERIOD_IN_FUTURE, code="period_in_future", period=period.label)
    version = current_version(questionnaire)
    questions = list(version.questions.all())
    rows = _read_rows(data, questions, period)
    bad = [row for row in rows if row.errors]
    errors = [error for row in bad for error in row.errors]
    if bad and not skip_bad_rows:
        raise ImportRejected(BAD_ROWS, errors=errors, count=len(bad))
    good = [row for row in rows if not row.errors]
    if not good:
        raise ImportRejected(NOTHING_LEFT, errors=errors)
    batch = ImportBatch.objects.create(
        office=office,
        version=version,
        period=period.label,
        filename=filename[:200],
        rows=len(good),
        skipped=len(bad),
        created_by=actor,
    )
    default_day = min(period.end, today)
    responses = Response.objects.bulk_create(
        Response(
            office=office,
            version=version,
            submitted_on=row.day or default_day,
            channel=Channel.IMPORT,
            suggestion=row.suggestion,
            import_batch=batch,
            entered_by=actor,
            **{name: row.profile.get(name, "") for name in PROFILE_FIELDS},
        )
        for row in good
    )
    ids = {q.key: q.pk for q in questions}
    Answer.objects.bulk_create(
        (
            Answer(response=response, question_id=ids[key], value=value)
            for response, row in zip(responses, good, strict=True)
            for key, value in row.answers.items()
        ),
        batch_size=2000,
    )
    return ImportResult(batch=batch, imported=len(good), skipped=errors)
