"""The PDF report, in the structure Indonesian offices publish their SKM reports in."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from loket.surveys.reports.context import report_context
from loket.surveys.selectors import SurveyReport


def report_pdf(report: SurveyReport, *, language: str | None = None) -> bytes:
    from weasyprint import HTML  # heavy import, only when a PDF is made

    language = language or translation.get_language() or "id"
    with translation.override(language):
        html = render_to_string(
            "surveys/report_pdf.html",
            {**report_context(report, language=language, charts_as_images=True), "LANGUAGE_CODE": language},
        )
    return HTML(string=html).write_pdf()
