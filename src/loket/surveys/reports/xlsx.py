"""The XLSX report: the raw responses (one row each, anonymous) and the tables of the analysis."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from loket.surveys.definitions import PROFILE_FIELDS, PROFILE_LABELS
from loket.surveys.models import Channel
from loket.surveys.reports.context import report_context
from loket.surveys.selectors import SurveyReport

HEADER_FILL = PatternFill("solid", fgColor="E8EEF5")


def _sheet(workbook: Workbook, title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> Worksheet:
    sheet = workbook.create_sheet(title[:31])
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append([_plain(v) for v in row])
        for cell in sheet[sheet.max_row]:
            # openpyxl stores text starting with "=" as a formula; a citizen's suggestion must stay text.
            if cell.data_type == "f":
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    for index, name in enumerate(header, start=1):
        width = max([len(str(name))] + [len(str(r[index - 1])) for r in rows[:200]]) + 2
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 8), 60)
    return sheet


def _plain(value: Any) -> Any:
    """Numbers as numbers (Decimal -> float keeps two decimals exactly as shown), text as text."""
    from decimal import Decimal

    if isinstance(value, Decimal):
        return float(value)
    if value is None:
        return ""
    return value if isinstance(value, int | float | str) else str(value)


def _raw_rows(report: SurveyReport) -> tuple[list[str], list[list[Any]]]:
    keys = [q.key for q in report.questions]
    header = [
        "id",
        _("Office"),
        _("Date"),
        _("Channel"),
        _("Version"),
        *(str(PROFILE_LABELS[f]) for f in PROFILE_FIELDS),
    ]
    header += [*keys, _("Suggestion")]
    rows = [
        [
            r.id,
            r.office_code,
            r.submitted_on,
            str(Channel(r.channel).label),
            r.version,
            *(r.profile.get(f, "") for f in PROFILE_FIELDS),
            *(r.answers.get(k, "") for k in keys),
            r.suggestion,
        ]
        for r in report.responses
    ]
    return header, rows


def report_xlsx(report: SurveyReport, *, language: str | None = None) -> bytes:
    language = language or translation.get_language() or "id"
    with translation.override(language):
        return _build(report, language)


def _build(report: SurveyReport, language: str) -> bytes:
    context = report_context(report, language=language, with_charts=False)
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Summary")[:31]
    ikm = context["ikm"]
    sample = report.sample
    for row in [
        [context["questionnaire_title"]],
        [_("Office"), report.office_label],
        [_("Period"), report.period.label, report.period.start, report.period.end],
        [_("Respondents"), context["respondents"]],
        [_("Citizens served"), sample.population],
        [_("Sample size required (Krejcie & Morgan)"), sample.required],
        [_("Margin of error (%)"), _plain(sample.margin_percent)],
        [
            "IKM",
            _plain(ikm["shown"]) if ikm else "",
            ikm["letter"] if ikm else "",
            str(ikm["label"]) if ikm else "",
        ],
    ]:
        summary.append(row)
    summary.column_dimensions["A"].width = 42
    summary.column_dimensions["B"].width = 30

    header, rows = _raw_rows(report)
    _sheet(workbook, _("Responses"), header, rows)
    if context["elements"]:
        _sheet(
            workbook,
            _("NRR per element"),
            [
                "No",
                _("Element"),
                _("Answered"),
                _("Sum"),
                "NRR",
                _("Weighted NRR"),
                _("Converted"),
                _("Quality"),
            ],
            [
                [
                    f"U{e['number']}",
                    e["name"],
                    e["answered"],
                    e["sum"],
                    e["nrr"],
                    e["weighted"],
                    e["shown"],
                    e["letter"],
                ]
                for e in context["elements"]
            ],
        )
    _sheet(
        workbook,
        _("Answers per question"),
        [
            "No",
            _("Question"),
            _("Indicator"),
            _("Answered"),
            "1",
            "2",
            "3",
            "4",
            "1 %",
            "2 %",
            "3 %",
            "4 %",
            _("Mean"),
        ],
        [
            [
                q["number"],
                q["text"],
                q["indicator"],
                q["answered"],
                *q["counts"],
                *q["percentages"],
                q["mean"],
            ]
            for q in context["questions"]
        ],
    )
    if context["indicators"]:
        _sheet(
            workbook,
            _("Indicators"),
            [
                _("Indicator"),
                _("Questions"),
                _("Answers"),
                "1 %",
                "2 %",
                "3 %",
                "4 %",
                _("Good or very good") + " %",
                _("Score"),
                _("Quality"),
            ],
            [
                [
                    s["name"],
                    s["questions"],
                    s["answered"],
                    *s["percentages"],
                    s["positive"],
                    s["shown"],
                    s["letter"],
                ]
                for s in context["indicators"]
            ],
        )
    _sheet(
        workbook,
        _("Respondent profile"),
        [_("Field"), _("Value"), _("Respondents"), "%", _("Index"), _("Quality")],
        [
            [table["title"], row["label"], row["respondents"], row["percent"], row["shown"], row["letter"]]
            for table in context["profile"]
            for row in table["rows"]
        ],
    )
    _sheet(
        workbook,
        _("Trend"),
        [_("Period"), _("Respondents"), _("Index"), _("Quality")],
        [[t["period"], t["respondents"], t["shown"], t["letter"]] for t in context["trend"]],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
