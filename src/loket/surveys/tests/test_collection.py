"""Collecting responses: invitations after pickup, QR posters and kiosks, paper forms."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from loket import testing
from loket.core.errors import Conflict, NotPermitted, ServiceError
from loket.offices.models import Role
from loket.surveys.models import Answer, Channel, EntryKind, EntryUse, Invitation, Response
from loket.surveys.services import (
    invitation_link,
    survey_entry_point_create,
    survey_invitation_create,
    survey_response_enter,
    survey_response_submit_entry,
    survey_response_submit_invitation,
)
from loket.surveys.services.responses import (
    ALREADY_ANSWERED_HERE,
    INVITATION_USED,
    KIOSK_PER_HOUR,
    KIOSK_TOO_SOON,
    POSTER_PER_HOUR,
)
from loket.surveys.tests.conftest import ALL_FOUR, issued_application

PROFILE = {"age_group": "26-35", "sex": "P", "education": "sma", "occupation": "wirausaha"}


def test_invitation_after_pickup_gives_a_link_and_one_anonymous_response(skm, office):
    application = issued_application(office, service_type="lost")
    invitation = survey_invitation_create(application=application)
    assert invitation_link(invitation).endswith(f"/survey/i/{invitation.token}/")
    assert survey_invitation_create(application=application) == invitation  # asked again: the same

    response = survey_response_submit_invitation(token=invitation.token, answers=ALL_FOUR, profile=PROFILE)
    assert (response.channel, response.office, response.service_type) == (Channel.INVITATION, office, "lost")
    assert response.answers.count() == 9
    # Anonymous: no field of the response leads back to the invitation, the application or the person.
    fields = {f.name for f in Response._meta.get_fields()}
    assert not fields & {"invitation", "application", "person", "nik", "name"}
    assert isinstance(response.submitted_on, dt.date) and not isinstance(response.submitted_on, dt.datetime)


def test_a_second_response_on_the_same_invitation_is_refused_and_stores_nothing(skm, office):
    invitation = survey_invitation_create(application=issued_application(office))
    survey_response_submit_invitation(token=invitation.token, answers=ALL_FOUR, profile={})
    with pytest.raises(Conflict) as info:
        survey_response_submit_invitation(token=invitation.token, answers=ALL_FOUR, profile={})
    assert info.value.message == str(INVITATION_USED)
    assert Response.objects.count() == 1 and Answer.objects.count() == 9


def test_a_refused_response_leaves_the_invitation_unused(skm, office):
    invitation = survey_invitation_create(application=issued_application(office))
    with pytest.raises(ServiceError) as info:
        survey_response_submit_invitation(
            token=invitation.token, answers={**ALL_FOUR, "waktu": 5}, profile={}
        )
    assert info.value.code == "answer_out_of_range"
    with pytest.raises(ServiceError) as info:
        survey_response_submit_invitation(token=invitation.token, answers={"persyaratan": 3}, profile={})
    assert info.value.code == "answers_missing"
    invitation.refresh_from_db()
    assert invitation.used_at is None and not Response.objects.exists()


def test_no_invitation_before_the_card_is_handed_over(skm, office):
    application = testing.make_application(office=office)
    with pytest.raises(ServiceError) as info:
        survey_invitation_create(application=application)
    assert info.value.code == "not_handed_over"
    assert not Invitation.objects.exists()


def test_staff_of_another_office_cannot_make_the_invitation(skm, office, other_office):
    stranger = testing.make_staff(role=Role.OPERATOR, office=other_office)
    with pytest.raises(NotPermitted):
        survey_invitation_create(application=issued_application(office), actor=stranger)


def test_expired_and_unknown_links_are_refused(skm, office):
    invitation = survey_invitation_create(application=issued_application(office))
    with time_machine.travel(timezone.now() + dt.timedelta(days=31)), pytest.raises(ServiceError) as info:
        survey_response_submit_invitation(token=invitation.token, answers=ALL_FOUR, profile={})
    assert info.value.code == "invitation_expired"
    with pytest.raises(ServiceError) as info:
        survey_response_submit_invitation(token="not-a-token", answers=ALL_FOUR, profile={})
    assert info.value.code == "invitation_unknown"


def test_profile_values_must_be_choices(skm, office):
    invitation = survey_invitation_create(application=issued_application(office))
    with pytest.raises(ServiceError) as info:
        survey_response_submit_invitation(token=invitation.token, answers=ALL_FOUR, profile={"sex": "X"})
    assert info.value.code == "profile_invalid"


def test_a_poster_takes_one_response_per_device_a_day(skm, office, head):
    poster = survey_entry_point_create(actor=head, office=office, kind=EntryKind.POSTER, name="Ruang tunggu")
    phone = "10.0.0.7|Mozilla/5.0 (Android)"
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)):
        survey_response_submit_entry(token=poster.token, client=phone, answers=ALL_FOUR, profile={})
        with pytest.raises(Conflict) as info:
            survey_response_submit_entry(token=poster.token, client=phone, answers=ALL_FOUR, profile={})
        assert info.value.message == str(ALREADY_ANSWERED_HERE)
        survey_response_submit_entry(
            token=poster.token, client="10.0.0.8|Other", answers=ALL_FOUR, profile={}
        )
    with time_machine.travel(dt.datetime(2026, 3, 3, 9, tzinfo=dt.UTC)):
        survey_response_submit_entry(token=poster.token, client=phone, answers=ALL_FOUR, profile={})
    assert Response.objects.filter(channel=Channel.POSTER).count() == 3
    assert phone not in {use.client for use in EntryUse.objects.all()}  # only a keyed hash is kept


def test_a_poster_stops_after_its_hourly_limit(skm, office, head):
    poster = survey_entry_point_create(actor=head, office=office, kind=EntryKind.POSTER, name="Pintu")
    for n in range(POSTER_PER_HOUR):
        survey_response_submit_entry(token=poster.token, client=f"device-{n}", answers=ALL_FOUR, profile={})
    with pytest.raises(Conflict) as info:
        survey_response_submit_entry(token=poster.token, client="one-more", answers=ALL_FOUR, profile={})
    assert info.value.code == "entry_busy"


def test_a_kiosk_serves_many_citizens_but_not_faster_than_its_pace(skm, office, head):
    kiosk = survey_entry_point_create(actor=head, office=office, kind=EntryKind.KIOSK, name="Tablet loket")
    start = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        survey_response_submit_entry(token=kiosk.token, client="kiosk", answers=ALL_FOUR, profile={})
        clock.shift(dt.timedelta(seconds=5))
        with pytest.raises(Conflict) as info:
            survey_response_submit_entry(token=kiosk.token, client="kiosk", answers=ALL_FOUR, profile={})
        assert info.value.message == str(KIOSK_TOO_SOON)
        for _ in range(KIOSK_PER_HOUR - 1):
            clock.shift(dt.timedelta(seconds=30))
            survey_response_submit_entry(token=kiosk.token, client="kiosk", answers=ALL_FOUR, profile={})
        clock.shift(dt.timedelta(seconds=30))
        with pytest.raises(Conflict) as info:
            survey_response_submit_entry(token=kiosk.token, client="kiosk", answers=ALL_FOUR, profile={})
        assert info.value.code == "entry_busy"
    assert Response.objects.filter(channel=Channel.KIOSK).count() == KIOSK_PER_HOUR


def test_a_deactivated_poster_takes_no_more_responses(skm, office, head):
    from loket.surveys.services import survey_entry_point_deactivate

    poster = survey_entry_point_create(actor=head, office=office, kind=EntryKind.POSTER, name="Pintu")
    survey_entry_point_deactivate(actor=head, entry_point=poster)
    with pytest.raises(ServiceError) as info:
        survey_response_submit_entry(token=poster.token, client="x", answers=ALL_FOUR, profile={})
    assert info.value.code == "entry_closed"


def test_paper_forms_may_leave_questions_blank_but_not_all(skm, office, operator):
    response = survey_response_enter(
        actor=operator,
        office=office,
        questionnaire=skm,
        answers={"persyaratan": 3, "waktu": None, "biaya": 4},
        profile=PROFILE,
        submitted_on=timezone.localdate(),
    )
    assert (response.channel, response.entered_by, response.answers.count()) == (Channel.PAPER, operator, 2)
    with pytest.raises(ServiceError) as info:
        survey_response_enter(
            actor=operator,
            office=office,
            questionnaire=skm,
            answers={},
            profile={},
            submitted_on=timezone.localdate(),
        )
    assert info.value.code == "no_answers"


def test_paper_forms_only_for_the_staff_of_the_office(skm, office, other_office):
    stranger = testing.make_staff(role=Role.HEAD, office=other_office)
    with pytest.raises(NotPermitted):
        survey_response_enter(
            actor=stranger,
            office=office,
            questionnaire=skm,
            answers=ALL_FOUR,
            profile={},
            submitted_on=timezone.localdate(),
        )
    recorder = testing.make_staff(role=Role.RECORDING_OFFICER, office=office)
    with pytest.raises(NotPermitted):
        survey_response_enter(
            actor=recorder,
            office=office,
            questionnaire=skm,
            answers=ALL_FOUR,
            profile={},
            submitted_on=timezone.localdate(),
        )
    assert not Response.objects.exists()


def test_paper_forms_cannot_be_dated_in_the_future(skm, office, head):
    with pytest.raises(ServiceError) as info:
        survey_response_enter(
            actor=head,
            office=office,
            questionnaire=skm,
            answers=ALL_FOUR,
            profile={},
            submitted_on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert info.value.code == "date_in_future"


def test_the_database_refuses_an_answer_outside_1_to_4(skm, office, head):
    from django.db import IntegrityError, transaction

    response = survey_response_enter(
        actor=head,
        office=office,
        questionnaire=skm,
        answers={"persyaratan": 3},
        profile={},
        submitted_on=timezone.localdate(),
    )
    question = skm.current_version().questions.get(key="waktu")
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(response=response, question=question, value=5)
