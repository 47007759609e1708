"""A citizen fills in the satisfaction survey from the invitation sent after pickup, on a phone,
in Bahasa Indonesia; the response is stored once and the link cannot be used again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from loket import testing
from loket.applications.lifecycle import Status
from loket.applications.models import Application
from loket.surveys.models import Invitation, Question, Questionnaire, QuestionnaireVersion, Response
from loket.surveys.seed import seed_questionnaires
from loket.surveys.services import survey_invitation_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _invitation(office) -> Invitation:
    # A transactional test starts from empty tables: the questionnaires come back by seeding.
    seed_questionnaires(Questionnaire, QuestionnaireVersion, Question)
    application = testing.make_application(office=office)
    # The card's handover is the applications' own business (tested there); here it only has to be done.
    Application.objects.filter(pk=application.pk).update(status=Status.ISSUED, closed_at=timezone.now())
    application.refresh_from_db()
    return survey_invitation_create(application=application)


def test_a_citizen_answers_the_survey_from_the_invitation_link_on_a_phone(
    browser: Browser, live_server, office
):
    invitation = _invitation(office)
    context = browser.new_context(locale="id-ID", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}{invitation.get_absolute_url()}")

    expect(page.get_by_role("heading", name="Bagaimana pelayanan kami?")).to_be_visible()
    expect(page.get_by_text("Survei ini anonim")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "no sideways scrolling"

    questions = page.locator("fieldset.survey-q")
    expect(questions).to_have_count(9)
    _shot(page, "survey-form")
    # Everything but the waiting time, then send: the missing question is marked, nothing stored.
    for number in range(9):
        if number != 2:
            questions.nth(number).locator("label.scale-option").nth(2).click()
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.get_by_text("Ada pertanyaan yang belum dijawab")).to_be_visible()
    expect(page.locator("fieldset.survey-q.has-error")).to_have_count(1)
    assert not Response.objects.exists()
    _shot(page, "survey-missing-answer")

    waiting = page.locator("fieldset.survey-q.has-error")
    waiting.get_by_text("Kurang cepat").click()
    page.get_by_label("Jenis kelamin").select_option("P")
    page.get_by_label("Saran untuk kantor ini").fill("Antrean pagi terlalu lama.")
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.get_by_role("heading", name="Terima kasih!")).to_be_visible()
    _shot(page, "survey-thanks")

    response = Response.objects.get()
    answers = dict(response.answers.values_list("question__key", "value"))
    assert answers["waktu"] == 2 and answers["persyaratan"] == 3 and len(answers) == 9
    assert (response.sex, response.suggestion, response.channel) == (
        "P",
        "Antrean pagi terlalu lama.",
        "invitation",
    )

    # The link counts one response: back to it, the form is gone and nothing more is stored.
    page.goto(f"{live_server.url}{invitation.get_absolute_url()}")
    expect(page.get_by_text("Tautan survei ini sudah digunakan")).to_be_visible()
    expect(page.locator("fieldset.survey-q")).to_have_count(0)
    assert Response.objects.count() == 1
    context.close()


def _shot(page, name: str) -> None:
    """With LOKET_SURVEY_SHOTS set to a folder, full-page screenshots go there, to be looked at."""
    folder = os.environ.get("LOKET_SURVEY_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
