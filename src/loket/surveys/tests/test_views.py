"""The survey pages: the public form from an invitation or a poster, and the staff pages with their
role and office checks."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from loket import testing
from loket.offices.models import Role
from loket.surveys.definitions import ELEMENT_KEYS
from loket.surveys.models import EntryKind, ImportBatch, Invitation, Response
from loket.surveys.periods import parse_period
from loket.surveys.services import survey_entry_point_create, survey_import, survey_invitation_create
from loket.surveys.tests.conftest import issued_application


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _answers(value: int = 3) -> dict[str, str]:
    return {f"q_{key}": str(value) for key in ELEMENT_KEYS}


@pytest.fixture
def invitation(skm, office):
    return survey_invitation_create(application=issued_application(office))


def test_the_public_form_is_indonesian_by_default_and_shows_no_personal_data(client, invitation):
    page = client.get(invitation.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert "kesesuaian persyaratan pelayanan" in html and "Sangat sesuai" in html
    person = invitation.application.person
    assert person.full_name not in html and person.nik not in html
    assert '<html lang="id"' in html


def test_the_public_form_in_english(client, invitation):
    client.cookies["django_language"] = "en"  # chosen with the language switch
    page = client.get(invitation.get_absolute_url())
    assert "How well do the requirements match" in page.content.decode()


def test_an_incomplete_form_is_shown_again_with_the_unanswered_questions_marked(client, invitation):
    answers = _answers()
    del answers["q_waktu"]
    page = client.post(invitation.get_absolute_url(), answers)
    assert page.status_code == 400
    assert page.content.decode().count("survey-q has-error") == 1
    assert not Response.objects.exists()


def test_submitting_stores_one_response_and_a_second_visit_is_refused(client, invitation):
    page = client.post(invitation.get_absolute_url(), {**_answers(4), "sex": "P", "suggestion": "Cepat"})
    assert page.status_code == 302 and page["Location"] == reverse("surveys:thanks")
    response = Response.objects.get()
    assert (response.sex, response.suggestion, response.answers.count()) == ("P", "Cepat", 9)
    again = client.post(invitation.get_absolute_url(), _answers(1))
    assert again.status_code == 410
    assert Response.objects.count() == 1
    assert client.get(invitation.get_absolute_url()).status_code == 410


def test_an_unknown_link_is_a_404(client, skm):
    assert client.get(reverse("surveys:invitation", args=["nope"])).status_code == 404


def test_a_bot_filling_the_hidden_field_gets_thanks_but_stores_nothing(client, invitation):
    page = client.post(invitation.get_absolute_url(), {**_answers(), "website": "http://spam"})
    assert page.status_code == 302 and not Response.objects.exists()
    invitation.refresh_from_db()
    assert invitation.used_at is None


def test_a_poster_remembers_the_browser_that_answered_today(client, skm, office, head):
    poster = survey_entry_point_create(actor=head, office=office, kind=EntryKind.POSTER, name="Pintu")
    assert client.post(poster.get_absolute_url(), _answers()).status_code == 302
    page = client.get(poster.get_absolute_url())
    assert page.status_code == 200 and 'name="q_' not in page.content.decode()
    other = Client(REMOTE_ADDR="10.1.1.1")
    assert other.post(poster.get_absolute_url(), _answers()).status_code == 302
    assert Response.objects.count() == 2


def test_a_kiosk_thanks_page_returns_to_the_form(client, skm, office, head):
    kiosk = survey_entry_point_create(actor=head, office=office, kind=EntryKind.KIOSK, name="Tablet")
    page = client.post(kiosk.get_absolute_url(), _answers(), follow=True)
    assert f'url={kiosk.get_absolute_url()}"' in page.content.decode()


def test_staff_analysis_page_shows_the_ikm_and_its_charts(skm, office, head):
    with time_machine.travel(dt.datetime(2026, 7, 2, 3, tzinfo=dt.UTC), tick=False):
        header = ",".join(ELEMENT_KEYS)
        survey_import(
            actor=None,
            office=office,
            questionnaire=skm,
            period=parse_period("2026-S1"),
            data=f"{header}\n{','.join(['3'] * 9)}\n{','.join(['4'] * 9)}\n".encode(),
            filename="x.csv",
        )
        page = _login(head).get(reverse("surveys:dashboard"), {"period": "2026-S1"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "87,50" in html  # (3 + 4) / 2 * 25, written the Indonesian way
    assert html.count("<svg") >= 2 and "survey=skm&amp;period=2026-S1" in html


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "json"])
def test_staff_download_reports(skm, office, head, fmt):
    page = _login(head).get(reverse("surveys:report", args=[fmt]), {"period": "2026-S1"})
    assert page.status_code == 200
    assert page["Content-Disposition"] == f'attachment; filename="skm-{office.code}-2026-S1.{fmt}"'


def test_a_malformed_period_is_a_clear_message_not_an_error(skm, head):
    page = _login(head).get(reverse("surveys:dashboard"), {"period": "2026-X"})
    assert page.status_code == 400 and "2026-S1" in page.content.decode()


def test_operators_and_recording_officers_do_not_see_the_analysis(skm, office):
    for role in (Role.OPERATOR, Role.RECORDING_OFFICER):
        user = testing.make_staff(role=role, office=office)
        assert _login(user).get(reverse("surveys:dashboard")).status_code == 403


def test_a_poster_of_another_office_is_a_404(skm, office, other_office, head):
    other_head = testing.make_staff(role=Role.HEAD, office=other_office)
    poster = survey_entry_point_create(actor=other_head, office=other_office, kind=EntryKind.POSTER, name="X")
    assert _login(head).get(reverse("surveys:poster", args=[poster.pk])).status_code == 404
    page = _login(other_head).get(reverse("surveys:poster", args=[poster.pk]))
    assert page.status_code == 200 and "<svg" in page.content.decode()


def test_paper_form_entry_by_an_operator(skm, office, operator):
    client = _login(operator)
    data = {"q_persyaratan": "2", "q_waktu": "1", "submitted_on": "2026-01-05", "sex": "L"}
    with time_machine.travel(dt.datetime(2026, 2, 1, 3, tzinfo=dt.UTC)):
        page = client.post(reverse("surveys:paper"), data)
    assert page.status_code == 302
    response = Response.objects.get()
    assert (response.channel, response.submitted_on, response.answers.count()) == (
        "paper",
        dt.date(2026, 1, 5),
        2,
    )


def test_import_page_lists_the_bad_rows_and_stores_nothing(skm, office, head):
    from django.core.files.uploadedfile import SimpleUploadedFile

    header = ",".join(ELEMENT_KEYS)
    upload = SimpleUploadedFile("skm.csv", f"{header}\n{','.join(['5'] * 9)}\n".encode(), "text/csv")
    with time_machine.travel(dt.datetime(2026, 7, 2, 3, tzinfo=dt.UTC)):
        page = _login(head).post(
            reverse("surveys:import"), {"survey": "skm", "period": "2026-S1", "file": upload}
        )
    html = page.content.decode()
    assert page.status_code == 400 and html.count("<td>2</td>") == 9  # row 2, one error per column
    assert not ImportBatch.objects.exists() and not Response.objects.exists()


def test_only_administrators_edit_questionnaires_and_saving_makes_a_version(skm, head, city_admin):
    url = reverse("surveys:questionnaire_edit", args=["skm"])
    assert _login(head).get(url).status_code == 403
    client = _login(city_admin)
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["formset"]
    data = {"based_on": "1", "note": "kata"}
    data.update({f"form-{k}": v for k, v in form.management_form.initial.items()})
    for i, f in enumerate(form.forms):
        for name in f.fields:
            value = f.initial.get(name, "")
            data[f"form-{i}-{name}"] = value if value is not None else ""
        data.pop(f"form-{i}-DELETE", None)
    data["form-0-text"] = "Apakah persyaratan sesuai?"
    assert client.post(url, data).status_code == 302
    assert skm.current_version().number == 2
    assert skm.current_version().questions.get(key="persyaratan").text == "Apakah persyaratan sesuai?"


def test_invitation_links_are_not_in_the_application(skm, office):
    invitation = survey_invitation_create(application=issued_application(office))
    assert Invitation.objects.get().token == invitation.token


def test_the_api_gives_the_report_scoped_to_the_office(skm, office, other_office, head):
    client = _login(head)
    answer = client.get("/api/surveys/report", {"period": "2026-S1"})
    assert answer.status_code == 200 and answer.json()["offices"] == [office.code]
    assert (
        client.get("/api/surveys/report", {"period": "2026-S1", "office": other_office.pk}).status_code == 404
    )
    bad = client.get("/api/surveys/report", {"period": "2026-H1"})
    assert bad.status_code == 400 and bad.json()["code"] == "bad_period"
    assert Client().get("/api/surveys/report", {"period": "2026-S1"}).status_code == 401


def test_an_operator_sees_only_the_tabs_they_may_use(skm, operator):
    html = _login(operator).get(reverse("surveys:paper")).content.decode()
    assert reverse("surveys:import") in html
    assert f'href="{reverse("surveys:dashboard")}"' not in html and reverse("surveys:points") not in html
