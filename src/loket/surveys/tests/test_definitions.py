"""The questionnaires as seeded, and versioning: a change makes a new version, answers keep theirs."""

from __future__ import annotations

import pytest

from loket import testing
from loket.core.errors import Conflict, NotPermitted, ServiceError
from loket.offices.models import Role
from loket.surveys.definitions import ELEMENT_KEYS, Indicator
from loket.surveys.models import Question, Questionnaire, QuestionnaireVersion, Response
from loket.surveys.seed import seed_questionnaires
from loket.surveys.services import QuestionDraft, questionnaire_revise, survey_response_enter
from loket.surveys.services.questionnaires import NOTHING_CHANGED, SKM_ELEMENTS_MISSING, draft_of
from loket.surveys.tests.conftest import ALL_FOUR


def test_skm_is_seeded_with_nine_elements_each_with_four_labels(skm):
    version = skm.current_version()
    questions = list(version.questions.all())
    assert [q.element for q in questions] == list(ELEMENT_KEYS)
    persyaratan = questions[0]
    assert persyaratan.labels == ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")
    assert all(all(q.labels) and q.labels_en.count("|") == 3 for q in questions)


def test_indicator_questionnaire_covers_the_five_indicators_of_the_study(kinerja):
    questions = list(kinerja.current_version().questions.all())
    assert {q.indicator for q in questions} == set(Indicator.values)
    assert questions[0].labels == ("Tidak baik", "Kurang baik", "Baik", "Sangat baik")


def test_seeding_again_creates_nothing(questionnaires):
    versions = QuestionnaireVersion.objects.count()
    assert seed_questionnaires(Questionnaire, QuestionnaireVersion, Question) == []
    assert QuestionnaireVersion.objects.count() == versions


def _drafts(questionnaire):
    return [draft_of(q) for q in questionnaire.current_version().questions.all()]


def test_a_change_makes_a_new_version_and_old_responses_keep_theirs(skm, office, city_admin):
    old = skm.current_version()
    response = survey_response_enter(
        actor=city_admin,
        office=office,
        questionnaire=skm,
        answers=ALL_FOUR,
        profile={},
        submitted_on=old.created_at.date(),
    )
    drafts = _drafts(skm)
    drafts[2] = QuestionDraft(**{**drafts[2].__dict__, "text": "Berapa lama Saudara menunggu KTP-el?"})
    new = questionnaire_revise(
        actor=city_admin, questionnaire=skm, questions=drafts, note="waktu", based_on=1
    )
    assert (new.number, skm.current_version()) == (2, new)
    assert new.questions.get(key="waktu").text == "Berapa lama Saudara menunggu KTP-el?"
    assert old.questions.get(key="waktu").text.startswith("Bagaimana pendapat")
    assert Response.objects.get(pk=response.pk).version == old


def test_saving_unchanged_questions_makes_no_version(skm, city_admin):
    with pytest.raises(ServiceError) as info:
        questionnaire_revise(actor=city_admin, questionnaire=skm, questions=_drafts(skm))
    assert info.value.message == str(NOTHING_CHANGED)
    assert skm.versions.count() == 1


def test_the_skm_cannot_lose_an_element(skm, city_admin):
    drafts = [d for d in _drafts(skm) if d.element != "sarana"]
    with pytest.raises(ServiceError) as info:
        questionnaire_revise(actor=city_admin, questionnaire=skm, questions=drafts)
    assert info.value.code == "skm_elements_missing" and "Sarana dan Prasarana" in info.value.message
    assert str(SKM_ELEMENTS_MISSING)  # the constant the message comes from


def test_an_edit_based_on_an_old_version_is_refused(skm, city_admin):
    drafts = _drafts(skm)
    drafts[0] = QuestionDraft(**{**drafts[0].__dict__, "text": "Persyaratan jelas?"})
    questionnaire_revise(actor=city_admin, questionnaire=skm, questions=drafts, based_on=1)
    drafts[0] = QuestionDraft(**{**drafts[0].__dict__, "text": "Persyaratan mudah?"})
    with pytest.raises(Conflict):
        questionnaire_revise(actor=city_admin, questionnaire=skm, questions=drafts, based_on=1)
    assert skm.versions.count() == 2


def test_only_administrators_edit_questionnaires(skm, office):
    head = testing.make_staff(role=Role.HEAD, office=office)
    with pytest.raises(NotPermitted):
        questionnaire_revise(actor=head, questionnaire=skm, questions=_drafts(skm))


def test_demo_responses_fill_a_period_once(skm, office):
    import datetime as dt

    from loket.surveys.demo import demo_responses

    made = demo_responses(office=office, start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30))
    assert 200 < made < 450 and Response.objects.filter(office=office).count() == made
    assert demo_responses(office=office, start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30)) == 0
