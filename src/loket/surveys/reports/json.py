"""The JSON report: the analysis with the sample check, breakdowns and trend."""

from __future__ import annotations

from typing import Any

from loket.surveys.selectors import SurveyReport
from loket.surveys.serialize import analysis_dict, group_dict, sample_dict, score_dict


def report_dict(report: SurveyReport) -> dict[str, Any]:
    return {
        "questionnaire": report.questionnaire.key,
        "period": {
            "label": report.period.label,
            "start": report.period.start.isoformat(),
            "end": report.period.end.isoformat(),
        },
        "offices": [o.code for o in report.offices],
        **analysis_dict(report.analysis),
        "sample": sample_dict(report.sample),
        "channels": report.by_channel,
        "breakdowns": {name: [group_dict(g) for g in groups] for name, groups in report.breakdowns.items()},
        "trend": [
            {"period": p.period.label, "respondents": p.respondents, "index": score_dict(p.analysis.index)}
            for p in report.trend
        ],
    }
