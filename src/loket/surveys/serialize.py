"""Analyses as JSON-ready dicts, for ``loket survey analyze``, ``loket survey report --format json``
and the API. Numbers are the rounded, published values (two decimals; NRR four)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from loket.surveys.analysis import (
    SCALE,
    Analysis,
    Distribution,
    ElementResult,
    Group,
    Ikm,
    SampleCheck,
    Score,
    round_half_up,
)


def number(value: Fraction | Decimal, places: int = 2) -> float:
    rounded = round_half_up(value, places) if isinstance(value, Fraction) else value
    return float(rounded)


def distribution_dict(dist: Distribution) -> dict[str, Any]:
    return {
        "answered": dist.answered,
        "counts": {str(v): c for v, c in zip(SCALE, dist.counts, strict=True)},
        "percentages": {str(v): float(p) for v, p in zip(SCALE, dist.percentages, strict=True)},
    }


def score_dict(score: Score | None) -> dict[str, Any] | None:
    if score is None:
        return None
    return {
        "mean": number(score.mean, 4),
        "converted": float(score.shown),
        "quality": score.grade.letter,
        "label": score.grade.label,
    }


def element_dict(element: ElementResult) -> dict[str, Any]:
    return {
        "key": element.key,
        "element": element.name,
        "answered": element.distribution.answered,
        "sum": element.distribution.total,
        "nrr": number(element.nrr, 4),
        "weighted_nrr": number(element.weighted, 4),
        "converted": float(element.score.shown),
        "quality": element.score.grade.letter,
    }


def ikm_dict(ikm: Ikm) -> dict[str, Any]:
    return {
        "elements": [element_dict(e) for e in ikm.elements],
        "weighted_total": number(ikm.weighted_total, 4),
        "ikm": float(ikm.shown),
        "quality": ikm.grade.letter,
        "label": ikm.grade.label,
        "weakest": [e.key for e in ikm.weakest()],
    }


def sample_dict(sample: SampleCheck | None) -> dict[str, Any] | None:
    if sample is None:
        return None
    return {
        "citizens_served": sample.population,
        "required": sample.required,
        "obtained": sample.obtained,
        "enough": sample.enough,
        "margin_of_error_percent": float(sample.margin_percent)
        if sample.margin_percent is not None
        else None,
    }


def group_dict(group: Group) -> dict[str, Any]:
    return {
        "value": group.value,
        "respondents": group.respondents,
        "is_ikm": group.is_ikm,
        "index": score_dict(group.index),
    }


def analysis_dict(analysis: Analysis) -> dict[str, Any]:
    return {
        "respondents": analysis.respondents,
        "questions": [
            {
                "key": q.key,
                "text": q.text,
                "element": q.element or None,
                "indicator": q.indicator or None,
                "labels": list(q.labels),
                **distribution_dict(dist),
            }
            for q, dist in analysis.questions
        ],
        "skm": ikm_dict(analysis.ikm) if analysis.ikm else None,
        "elements_missing": analysis.missing_elements if analysis.elements else None,
        "indicators": [
            {
                "indicator": s.indicator,
                "questions": list(s.question_keys),
                **distribution_dict(s.distribution),
                "positive_percentage": float(s.distribution.positive_percentage),
                "score": score_dict(s.score),
            }
            for s in analysis.indicators
        ],
    }
