"""Creates the first version of the SKM and the study's indicator questionnaire, once.

Called by the data migration 0002 (with the historical models) and by ``loket survey seed``; it
never touches a questionnaire that exists, so an administrator's edits are kept.
"""

from __future__ import annotations

from typing import Any

from loket.surveys.definitions import QUESTIONNAIRE_SEEDS


def seed_questionnaires(questionnaire_model: Any, version_model: Any, question_model: Any) -> list[str]:
    """The keys of the questionnaires created (empty when all were there)."""
    created = []
    for seed in QUESTIONNAIRE_SEEDS:
        questionnaire, new = questionnaire_model.objects.get_or_create(
            key=seed.key, defaults={"kind": seed.kind, "title": seed.title, "title_en": seed.title_en}
        )
        if not new and version_model.objects.filter(questionnaire=questionnaire).exists():
            continue
        version = version_model.objects.create(
            questionnaire=questionnaire, number=1, note="PermenPANRB 14/2017" if seed.kind == "skm" else ""
        )
        question_model.objects.bulk_create(
            question_model(
                version=version,
                position=position,
                key=q.key,
                element=q.element,
                indicator=q.indicator,
                text=q.text,
                text_en=q.text_en,
                label_1=q.labels[0],
                label_2=q.labels[1],
                label_3=q.labels[2],
                label_4=q.labels[3],
                labels_en="|".join(q.labels_en),
            )
            for position, q in enumerate(seed.questions, start=1)
        )
        created.append(seed.key)
    return created
