"""Editing a questionnaire: every change makes a new version; responses keep the one they answered."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from loket.core.errors import Conflict, ServiceError
from loket.offices.access import require_role
from loket.offices.models import Role
from loket.surveys.definitions import ELEMENT_KEYS, ELEMENTS_BY_KEY, Indicator
from loket.surveys.models import Question, Questionnaire, QuestionnaireKind, QuestionnaireVersion

if TYPE_CHECKING:
    from loket.offices.models import Staff

EDITOR_ROLES = frozenset({Role.CITY_ADMIN, Role.SYSTEM_ADMIN})

NO_QUESTIONS = _("A questionnaire needs at least one question.")
BAD_KEY = _("Question key “%(key)s”: use lower-case letters, digits and hyphens.")
DUPLICATE_KEY = _("The key “%(key)s” is used twice.")
TEXT_MISSING = _("Question %(position)s has no text.")
LABELS_MISSING = _("Question %(position)s needs all four answer labels.")
LABELS_EN_BAD = _("Question %(position)s: the English labels must be four, separated by |.")
UNKNOWN_ELEMENT = _("Question %(position)s: “%(element)s” is not an SKM element.")
UNKNOWN_INDICATOR = _("Question %(position)s: “%(indicator)s” is not an indicator.")
SKM_ELEMENTS_MISSING = _("The SKM must ask about all nine elements; missing: %(elements)s.")
INDICATOR_MISSING = _("Question %(position)s: choose the indicator it belongs to.")
NOTHING_CHANGED = _("Nothing changed, so no new version was made.")
VERSION_CHANGED = _("Someone saved a new version meanwhile (now version %(number)s). Reload and try again.")

_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


@dataclass(frozen=True)
class QuestionDraft:
    key: str
    text: str
    labels: tuple[str, str, str, str]
    text_en: str = ""
    labels_en: str = ""
    element: str = ""
    indicator: str = ""

    def comparable(self) -> tuple[object, ...]:
        return (self.key, self.text, self.labels, self.text_en, self.labels_en, self.element, self.indicator)


def draft_of(question: Question) -> QuestionDraft:
    return QuestionDraft(
        key=question.key,
        text=question.text,
        labels=question.labels,
        text_en=question.text_en,
        labels_en=question.labels_en,
        element=question.element,
        indicator=question.indicator,
    )


def _check(kind: str, drafts: Sequence[QuestionDraft]) -> None:
    if not drafts:
        raise ServiceError(NO_QUESTIONS, code="no_questions")
    seen: set[str] = set()
    for position, d in enumerate(drafts, start=1):
        if not _KEY.match(d.key):
            raise ServiceError(BAD_KEY, code="bad_key", key=d.key)
        if d.key in seen:
            raise ServiceError(DUPLICATE_KEY, code="duplicate_key", key=d.key)
        seen.add(d.key)
        if not d.text.strip():
            raise ServiceError(TEXT_MISSING, code="text_missing", position=position)
        if any(not label.strip() for label in d.labels):
            raise ServiceError(LABELS_MISSING, code="labels_missing", position=position)
        if d.labels_en and d.labels_en.count("|") != 3:
            raise ServiceError(LABELS_EN_BAD, code="labels_en_bad", position=position)
        if d.element and d.element not in ELEMENTS_BY_KEY:
            raise ServiceError(UNKNOWN_ELEMENT, code="unknown_element", position=position, element=d.element)
        if d.indicator and d.indicator not in Indicator.values:
            raise ServiceError(
                UNKNOWN_INDICATOR, code="unknown_indicator", position=position, indicator=d.indicator
            )
        if kind == QuestionnaireKind.INDICATORS and not d.indicator:
            raise ServiceError(INDICATOR_MISSING, code="indicator_missing", position=position)
    if kind == QuestionnaireKind.SKM:
        missing = [ELEMENTS_BY_KEY[k].name for k in ELEMENT_KEYS if k not in {d.element for d in drafts}]
        if missing:
            raise ServiceError(SKM_ELEMENTS_MISSING, code="skm_elements_missing", elements="; ".join(missing))


@transaction.atomic
def questionnaire_revise(
    *,
    actor: Staff,
    questionnaire: Questionnaire,
    questions: Sequence[QuestionDraft],
    note: str = "",
    based_on: int | None = None,
) -> QuestionnaireVersion:
    """Save the questions as the next version. ``based_on`` is the version number the editor saw:
    when another editor saved in between, the change is refused instead of silently overwriting."""
    require_role(actor, EDITOR_ROLES)
    locked = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    drafts = [
        QuestionDraft(
            key=d.key.strip(),
            text=d.text.strip(),
            labels=tuple(label.strip() for label in d.labels),  # type: ignore[arg-type]
            text_en=d.text_en.strip(),
            labels_en=d.labels_en.strip(),
            element=d.element,
            indicator=d.indicator,
        )
        for d in questions
    ]
    _check(locked.kind, drafts)
    current = locked.current_version()
    if current is not None and based_on is not None and current.number != based_on:
        raise Conflict(VERSION_CHANGED, code="version_changed", number=current.number)
    if current is not None and [draft_of(q).comparable() for q in current.questions.all()] == [
        d.comparable() for d in drafts
    ]:
        raise ServiceError(NOTHING_CHANGED, code="nothing_changed")
    version = QuestionnaireVersion.objects.create(
        questionnaire=locked, number=(current.number + 1) if current else 1, created_by=actor, note=note[:300]
    )
    Question.objects.bulk_create(
        Question(
            version=version,
            position=position,
            key=d.key,
            element=d.element,
            indicator=d.indicator,
            text=d.text,
            text_en=d.text_en,
            label_1=d.labels[0],
            label_2=d.labels[1],
            label_3=d.labels[2],
            label_4=d.labels[3],
            labels_en=d.labels_en,
        )
        for position, d in enumerate(drafts, start=1)
    )
    return version
