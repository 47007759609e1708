"""Reads for the survey pages, reports and API. Each takes the user and returns only the offices
that user may see: the head of office their own, the city administrator every office.

The command line (``loket survey report``) is trusted and passes ``user=None`` through
``survey_report_for_system``."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from loket.applications.models import Application
from loket.offices.access import require_office, require_role, visible_offices
from loket.offices.models import Office, Role
from loket.surveys.analysis import (
    Analysis,
    Group,
    QuestionMeta,
    Record,
    SampleCheck,
    analyze,
    breakdown,
    sample_check,
)
from loket.surveys.definitions import PROFILE_FIELDS
from loket.surveys.models import Answer, EntryPoint, Question, Questionnaire, Response
from loket.surveys.periods import Period

if TYPE_CHECKING:
    from loket.offices.models import Staff

SURVEY_VIEWERS = frozenset({Role.HEAD, Role.CITY_ADMIN})
TREND_LENGTH = 4


def survey_offices(user: Staff) -> QuerySet[Office]:
    require_role(user, SURVEY_VIEWERS)
    return visible_offices(user)


def survey_office_get(user: Staff, pk: int) -> Office:
    """404 for an office the user may not see, as for any other record."""
    return get_object_or_404(survey_offices(user), pk=pk)


def questionnaires() -> QuerySet[Questionnaire]:
    return Questionnaire.objects.order_by("-kind", "key")  # the SKM first


def entry_points_for(user: Staff) -> QuerySet[EntryPoint]:
    return EntryPoint.objects.filter(office__in=survey_offices(user)).select_related(
        "office", "questionnaire"
    )


def question_metas(questionnaire: Questionnaire, language: str = "id") -> list[QuestionMeta]:
    """Every question ever asked, by key: the newest wording, in the newest order. Answers to the
    same key in older versions count together with the newest."""
    metas: dict[str, QuestionMeta] = {}
    for q in Question.objects.filter(version__questionnaire=questionnaire).order_by(
        "-version__number", "position"
    ):
        if q.key not in metas:
            metas[q.key] = QuestionMeta(
                key=q.key,
                text=q.text_for(language),
                labels=q.labels_for(language),
                element=q.element,
                indicator=q.indicator,
            )
    return list(metas.values())


@dataclass(frozen=True)
class RawResponse:
    id: int
    office_code: str
    submitted_on: dt.date
    channel: str
    version: int
    profile: dict[str, str]
    suggestion: str
    answers: dict[str, int] = field(default_factory=dict)

    def record(self) -> Record:
        return Record(self.answers, self.profile)


def raw_responses(
    offices: QuerySet[Office], questionnaire: Questionnaire, start: dt.date, end: dt.date
) -> list[RawResponse]:
    """Responses with their answers in two queries (not one per response)."""
    responses = Response.objects.filter(
        office__in=offices, version__questionnaire=questionnaire, submitted_on__range=(start, end)
    ).order_by("submitted_on", "id")
    rows = {
        r["id"]: RawResponse(
            id=r["id"],
            office_code=r["office__code"],
            submitted_on=r["submitted_on"],
            channel=r["channel"],
            version=r["version__number"],
            profile={name: r[name] for name in PROFILE_FIELDS},
            suggestion=r["suggestion"],
        )
        for r in responses.values(
            "id", "office__code", "submitted_on", "channel", "version__number", "suggestion", *PROFILE_FIELDS
        )
    }
    answers = Answer.objects.filter(response__in=responses).values_list(
        "response_id", "question__key", "value"
    )
    for response_id, key, value in answers:
        rows[response_id].answers[key] = value
    return list(rows.values())


def citizens_served(offices: QuerySet[Office], period: Period) -> int:
    """Citizens who applied for a service at these offices in the period (each counted once): the
    population the sample is drawn from."""
    start = timezone.make_aware(dt.datetime.combine(period.start, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min))
    return (
        Application.objects.filter(office__in=offices, submitted_at__gte=start, submitted_at__lt=end)
        .values("person_id")
        .distinct()
        .count()
    )


@dataclass(frozen=True)
class TrendPoint:
    period: Period
    respondents: int
    analysis: Analysis


@dataclass(frozen=True)
class SurveyReport:
    questionnaire: Questionnaire
    period: Period
    offices: list[Office]
    questions: list[QuestionMeta]
    responses: list[RawResponse]
    analysis: Analysis
    sample: SampleCheck
    breakdowns: dict[str, list[Group]]
    trend: list[TrendPoint]
    by_channel: dict[str, int]

    @property
    def office_label(self) -> str:
        return ", ".join(o.name for o in self.offices)


def _build_report(
    offices: QuerySet[Office], questionnaire: Questionnaire, period: Period, language: str
) -> SurveyReport:
    questions = question_metas(questionnaire, language)
    history = period.previous(TREND_LENGTH)
    everything = raw_responses(offices, questionnaire, history[0].start, period.end)
    in_period = [r for r in everything if r.submitted_on in period]
    records = [r.record() for r in in_period]
    by_channel: dict[str, int] = defaultdict(int)
    for r in in_period:
        by_channel[r.channel] += 1
    return SurveyReport(
        questionnaire=questionnaire,
        period=period,
        offices=list(offices),
        questions=questions,
        responses=in_period,
        analysis=analyze(questions, records),
        sample=sample_check(len(records), citizens_served(offices, period)),
        breakdowns={
            name: breakdown(questions, records, name, order=choices.values)
            for name, choices in PROFILE_FIELDS.items()
        },
        trend=[
            TrendPoint(p, len(rs), analyze(questions, rs))
            for p in history
            for rs in [[r.record() for r in everything if r.submitted_on in p]]
        ],
        by_channel=dict(by_channel),
    )


def survey_report(
    user: Staff,
    *,
    questionnaire: Questionnaire,
    period: Period,
    office: Office | None = None,
    language: str = "id",
) -> SurveyReport:
    """The analysis of one office (or, for the city administrator, every office when ``office`` is None)."""
    offices = survey_offices(user)
    if office is not None:
        require_office(user, office.pk)
        offices = offices.filter(pk=office.pk)
    return _build_report(offices, questionnaire, period, language)


def survey_report_for_system(
    *, questionnaire: Questionnaire, period: Period, office: Office | None = None, language: str = "id"
) -> SurveyReport:
    offices = Office.objects.filter(is_active=True)
    if office is not None:
        offices = Office.objects.filter(pk=office.pk)
    return _build_report(offices, questionnaire, period, language)
