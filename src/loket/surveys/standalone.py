"""``loket survey analyze FILE``: a survey file analysed on its own, without the database.

One row per respondent, one column per question, answers 1-4 (blank: not answered). Every column
is a question; a column whose name is an SKM element (ignoring case, spacing and punctuation)
counts towards that element's NRR.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from loket.surveys.analysis import QuestionMeta, Record, analyze
from loket.surveys.definitions import element_for
from loket.surveys.serialize import analysis_dict
from loket.surveys.tabular import parse_answer, read_table

BAD_ANSWER = _("row %(row)s, column “%(column)s”: “%(value)s” is not an answer; use 1, 2, 3 or 4")
EXTRA_CELLS = _("row %(row)s: %(count)s more cells than the header has columns")


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return self.message


class BadRows(ValueError):
    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


def read_answers(
    data: bytes, *, skip_bad_rows: bool = False
) -> tuple[list[str], list[Record], list[RowError]]:
    """The file's columns and its respondents; every bad cell reported (BadRows) unless skipped."""
    table = read_table(data)
    records: list[Record] = []
    errors: list[RowError] = []
    for number, cells in table.rows:
        answers, row_errors = _row_answers(table.header, number, cells)
        errors.extend(row_errors)
        if not row_errors:
            records.append(Record(answers))
    if errors and not skip_bad_rows:
        raise BadRows(errors)
    return table.header, records, errors


def _row_answers(header: list[str], number: int, cells: list[str]) -> tuple[dict[str, int], list[RowError]]:
    answers: dict[str, int] = {}
    errors: list[RowError] = []
    extra = [c for c in cells[len(header) :] if c]
    if extra:
        errors.append(RowError(number, "", str(EXTRA_CELLS % {"row": number, "count": len(extra)})))
    for column, cell in zip(header, cells, strict=False):
        try:
            value = parse_answer(cell)
        except ValueError:
            message = BAD_ANSWER % {"row": number, "column": column, "value": cell}
            errors.append(RowError(number, column, str(message)))
            continue
        if value is not None:
            answers[column] = value
    return answers, errors


def analyze_file(data: bytes, *, skip_bad_rows: bool = False) -> dict[str, Any]:
    header, records, skipped = read_answers(data, skip_bad_rows=skip_bad_rows)
    questions = [QuestionMeta(key=name, text=name, element=element_for(name) or "") for name in header]
    result = analysis_dict(analyze(questions, records))
    columns = [
        {
            "column": q["key"],
            "element": q["element"],
            **{k: q[k] for k in ("answered", "counts", "percentages")},
        }
        for q in result.pop("questions")
    ]
    result.pop("indicators")
    return {
        "respondents": result.pop("respondents"),
        "columns": columns,
        **result,
        "skipped_rows": [{"row": e.row, "column": e.column, "error": e.message} for e in skipped],
    }
