"""The survey report as JSON, for dashboards and the city's own tools. Mounted at /api/surveys/.

The same report as ``loket survey report --format json``, scoped like the staff pages: the head of
office gets their office, the city administrator any office or all of them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.views.decorators.cache import never_cache
from ninja import Query, Router, Schema

from loket.core.api_auth import staff_auth
from loket.core.errors import ServiceError
from loket.surveys import selectors
from loket.surveys.models import Questionnaire
from loket.surveys.periods import PeriodError, parse_period
from loket.surveys.reports.json import report_dict

if TYPE_CHECKING:
    from loket.offices.models import Staff

router = Router(auth=staff_auth(), tags=["surveys"])
router.add_decorator(never_cache, mode="view")


class ReportIn(Schema):
    period: str
    survey: str = "skm"
    office: int | None = None


class ErrorOut(Schema):
    code: str
    message: str


@router.get("/report", response={200: dict[str, Any], 400: ErrorOut, 403: ErrorOut, 404: ErrorOut})
def report(request: HttpRequest, query: Query[ReportIn]) -> dict[str, Any]:
    """The analysis of a period: percentages per question, NRR per element, the IKM with its letter,
    the sample size check, breakdowns by respondent profile, and the trend."""
    user: Staff = request.auth  # type: ignore[attr-defined]
    try:
        period = parse_period(query.period)
    except PeriodError as exc:
        raise ServiceError(str(exc), code="bad_period") from None
    office = selectors.survey_office_get(user, query.office) if query.office is not None else None
    questionnaire = get_object_or_404(Questionnaire, key=query.survey)
    result = selectors.survey_report(
        user,
        questionnaire=questionnaire,
        period=period,
        office=office,
        language=translation.get_language() or "id",
    )
    return report_dict(result)
