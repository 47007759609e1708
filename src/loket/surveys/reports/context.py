"""A ``SurveyReport`` turned into what the pages and the PDF show: rows with rounded numbers,
labels in the interface language, and charts. One place, so the page and the PDF agree."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from loket.surveys import charts
from loket.surveys.analysis import ElementResult, Score, round_half_up
from loket.surveys.definitions import ELEMENT_KEYS, ELEMENTS_BY_KEY, PROFILE_FIELDS, PROFILE_LABELS, Indicator
from loket.surveys.models import Channel, QuestionnaireKind
from loket.surveys.selectors import SurveyReport

SCALE_LEGEND = ("1", "2", "3", "4")


def _score_row(score: Score | None) -> dict[str, Any]:
    if score is None:
        return {"shown": None, "letter": "", "label": ""}
    return {"shown": score.shown, "letter": score.grade.letter, "label": score.grade.label_display}


def _element_row(number: int, element: ElementResult, language: str) -> dict[str, Any]:
    info = ELEMENTS_BY_KEY[element.key]
    return {
        "number": number,
        "key": element.key,
        "name": info.name_en if language.startswith("en") else info.name,
        "answered": element.distribution.answered,
        "sum": element.distribution.total,
        "nrr": round_half_up(element.nrr, 4),
        "weighted": round_half_up(element.weighted, 4),
        "percentages": element.distribution.percentages,
        "negative": _percent(sum(element.distribution.counts[:2]), element.distribution.answered),
        **_score_row(element.score),
    }


def _short_label(element: str, text: str, language: str) -> str:
    """A chart label: the element's name for SKM questions, else the question cut to a line or two."""
    if element:
        info = ELEMENTS_BY_KEY[element]
        return info.name_en if language.startswith("en") else info.name
    return text if len(text) <= 60 else text[:57].rsplit(" ", 1)[0] + "…"


def _percent(part: int, whole: int) -> Decimal:
    return round_half_up(Fraction(100 * part, whole)) if whole else Decimal("0.00")


def _profile_tables(report: SurveyReport) -> list[dict[str, Any]]:
    tables = []
    total = report.analysis.respondents
    for name, choices in PROFILE_FIELDS.items():
        labels = dict(choices.choices)
        rows = [
            {
                "value_label": str(labels.get(g.value, g.value)) if g.value else _("Not stated"),
                "respondents": g.respondents,
                "percent": _percent(g.respondents, total),
                "is_ikm": g.is_ikm,
                **_score_row(g.index),
            }
            for g in report.breakdowns[name]
        ]
        tables.append({"field": name, "title": str(PROFILE_LABELS[name]), "rows": rows})
    return tables


def report_context(
    report: SurveyReport, *, language: str = "id", with_charts: bool = True, charts_as_images: bool = False
) -> dict[str, Any]:
    analysis = report.analysis
    is_skm = report.questionnaire.kind == QuestionnaireKind.SKM
    elements = [_element_row(ELEMENT_KEYS.index(e.key) + 1, e, language) for e in analysis.elements]
    ikm = analysis.ikm
    questions = [
        {
            "number": n,
            "text": q.text,
            "labels": q.labels,
            "answered": d.answered,
            "counts": d.counts,
            "percentages": d.percentages,
            "mean": round_half_up(d.mean, 2) if d.mean is not None else None,
            "short": _short_label(q.element, q.text, language),
            "indicator": str(Indicator(q.indicator).label) if q.indicator else "",
        }
        for n, (q, d) in enumerate(analysis.questions, start=1)
    ]
    indicators = [
        {
            "name": s.label,
            "questions": len(s.question_keys),
            "answered": s.distribution.answered,
            "percentages": s.distribution.percentages,
            "positive": s.distribution.positive_percentage,
            **_score_row(s.score),
        }
        for s in analysis.indicators
    ]
    trend = [
        {"period": p.period.label, "respondents": p.respondents, **_score_row(p.analysis.index)}
        for p in report.trend
    ]
    context: dict[str, Any] = {
        "report": report,
        "questionnaire_title": report.questionnaire.title_en
        if language.startswith("en") and report.questionnaire.title_en
        else report.questionnaire.title,
        "is_skm": is_skm,
        "period": report.period,
        "office_label": report.office_label,
        "generated_at": timezone.localtime(),
        "respondents": analysis.respondents,
        "channels": [(str(Channel(c).label), n) for c, n in sorted(report.by_channel.items())],
        "sample": report.sample,
        "ikm": {
            "shown": ikm.shown,
            "weighted_total": round_half_up(ikm.weighted_total, 4),
            "letter": ikm.grade.letter,
            "label": ikm.grade.label_display,
        }
        if ikm
        else None,
        "index": _score_row(analysis.index),
        "elements": elements,
        "elements_missing": [ELEMENTS_BY_KEY[k].name for k in analysis.missing_elements] if is_skm else [],
        "weakest": [row for row in elements if ikm and row["key"] in {e.key for e in ikm.weakest()}],
        "questions": questions,
        "indicators": indicators,
        "profile": _profile_tables(report),
        "trend": trend,
    }
    weakest_indicators = sorted((r for r in indicators if r["shown"] is not None), key=lambda r: r["shown"])[
        :3
    ]
    context["plan_rows"] = [r["name"] for r in context["weakest"] or weakest_indicators]
    if with_charts:
        context["charts"] = _charts(context, language)
        if charts_as_images:
            context["charts"] = {name: _image(value) for name, value in context["charts"].items()}
    return context


def _image(svg: str) -> str:
    return mark_safe(charts.as_image(svg))  # noqa: S308 - base64 of our own SVG


def _charts(context: dict[str, Any], language: str) -> dict[str, Any]:
    result: dict[str, Any] = {}
    if context["elements"]:
        rows = context["elements"]
        result["elements"] = mark_safe(  # noqa: S308 - SVG from matplotlib, which escapes its text
            charts.scores_chart(
                [r["name"] for r in rows], [r["shown"] for r in rows], [r["letter"] for r in rows]
            )
        )
    if context["questions"] and context["respondents"]:
        rows = context["questions"]
        legend = rows[0]["labels"] if not context["is_skm"] else SCALE_LEGEND
        result["questions"] = mark_safe(  # noqa: S308
            charts.answers_chart(
                [f"{r['number']}. {r['short']}" for r in rows], [r["percentages"] for r in rows], legend
            )
        )
    if context["indicators"] and context["respondents"]:
        rows = context["indicators"]
        legend = context["questions"][0]["labels"]
        result["indicators"] = mark_safe(  # noqa: S308
            charts.answers_chart([r["name"] for r in rows], [r["percentages"] for r in rows], legend)
        )
    if any(row["shown"] is not None for row in context["trend"]):
        result["trend"] = mark_safe(  # noqa: S308
            charts.trend_chart(
                [r["period"] for r in context["trend"]],
                [r["shown"] for r in context["trend"]],
                ylabel="IKM" if context["is_skm"] else _("Score"),
            )
        )
    return result
