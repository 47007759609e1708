from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from loket import testing
from loket.applications.models import Application, Channel
from loket.core.errors import Conflict, NotPermitted, ServiceError
from loket.intake.models import (
    OutreachEventStatus,
    OutreachOutcome,
    OutreachParticipant,
    OutreachRequestStatus,
    RecordingKit,
)
from loket.intake.selectors.outreach import event_tally
from loket.intake.services import (
    outreach_event_close,
    outreach_event_schedule,
    outreach_outcome_record,
    outreach_participant_add,
    outreach_request_create,
)
from loket.intake.tests.conftest import MONDAY, at
from loket.offices.models import Role

FRIDAY = MONDAY + dt.timedelta(days=4)
BIRTH = dt.date(1950, 8, 17)
PERSON = {
    "nik": testing.nik_for(birth_date=BIRTH, serial=31),
    "kk_number": "1671160101200001",
    "full_name": "Mbah Sarinah",
    "birth_date": BIRTH,
    "sex": "M",
    "address": "Jl. Srimulya No. 9",
}


@pytest.fixture
def kit(office):
    return RecordingKit.objects.create(office=office, name="Kit Mobile 1")


@pytest.fixture
def request_(office, operator, clock):
    return outreach_request_create(
        actor=operator,
        office=office,
        requester_kind="kelurahan",
        requester_name="Kelurahan Srimulya",
        target_group="bedridden",
        location="Jl. Srimulya",
        people_expected=4,
    )


def schedule(office, actor, kit, team, **kw):
    defaults = {
        "date": FRIDAY,
        "starts": dt.time(9),
        "ends": dt.time(12),
        "location": "Balai Kelurahan Srimulya",
        "target_group": "elderly",
        "target_count": 10,
    }
    return outreach_event_schedule(actor=actor, office=office, kit=kit, team=team, **{**defaults, **kw})


@pytest.fixture
def event(office, head, operator, kit, request_, clock):
    return schedule(office, head, kit, [operator, head], requests=[request_])


def test_scheduling_an_event_schedules_its_requests(event, request_):
    request_.refresh_from_db()
    assert request_.status == OutreachRequestStatus.SCHEDULED
    assert event.staff.count() == 2


def test_one_kit_is_in_one_place_a_day(office, head, operator, kit, event):
    with pytest.raises(Conflict) as refused:
        schedule(office, head, kit, [head], starts=dt.time(13), ends=dt.time(15))
    assert refused.value.code == "kit_taken"


def test_a_team_member_cannot_be_in_two_places_at_once(office, head, operator, event):
    other_kit = RecordingKit.objects.create(office=office, name="Kit Mobile 2")
    with pytest.raises(Conflict):
        schedule(office, head, other_kit, [operator], starts=dt.time(11), ends=dt.time(13))
    schedule(office, head, other_kit, [operator], starts=dt.time(13), ends=dt.time(15))  # after: fine


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"date": MONDAY - dt.timedelta(days=1)}, ServiceError),
        ({"starts": dt.time(12), "ends": dt.time(9)}, ServiceError),
        ({"team": []}, ServiceError),
    ],
)
def test_bad_event_plans_are_refused(office, head, kit, clock, changes, error):
    team = changes.pop("team", [head])
    with pytest.raises(error):
        schedule(office, head, kit, team, **changes)


def test_staff_of_another_office_cannot_join_the_team_or_plan_here(office, other_office, head, kit, clock):
    stranger = testing.make_staff(role=Role.OPERATOR, office=other_office)
    with pytest.raises(NotPermitted):
        schedule(office, head, kit, [stranger])
    with pytest.raises(NotPermitted):
        schedule(office, stranger, kit, [head])
    recorder = testing.make_staff(role=Role.RECORDING_OFFICER, office=office)
    with pytest.raises(NotPermitted):
        schedule(office, recorder, kit, [head])


def test_a_recorded_person_becomes_an_outreach_application(event, recorder, operator, clock):
    person = outreach_participant_add(actor=recorder, event=event, full_name="Mbah Sarinah")
    clock.move_to(at(10, day=FRIDAY))
    outreach_outcome_record(
        actor=operator, participant=person, outcome="recorded", person=PERSON, fulfilled=["kk"]
    )
    person.refresh_from_db()
    assert person.outcome == OutreachOutcome.RECORDED and person.application is not None
    assert person.application.channel == Channel.OUTREACH
    assert person.nik == PERSON["nik"]


def test_outcomes_are_tallied_for_the_tracker(event, operator, clock):
    clock.move_to(at(10, day=FRIDAY))
    names = ["A", "B", "C", "D"]
    people = [outreach_participant_add(actor=operator, event=event, full_name=n) for n in names]
    for person, outcome in zip(people[:3], ["absent", "under_age", "failed"], strict=True):
        outreach_outcome_record(actor=operator, participant=person, outcome=outcome)
    tally = event_tally(event)
    assert tally.target == 10 and tally.listed == 4
    assert tally.counts == {"absent": 1, "under_age": 1, "failed": 1, "pending": 1}


def test_no_outcome_before_the_event_day(event, operator):
    person = outreach_participant_add(actor=operator, event=event, full_name="A")
    with pytest.raises(ServiceError) as refused:
        outreach_outcome_record(actor=operator, participant=person, outcome="absent")
    assert refused.value.code == "outcome_before_event"


def test_a_served_outcome_needs_the_person_and_a_bad_person_writes_nothing(event, operator, clock):
    clock.move_to(at(10, day=FRIDAY))
    person = outreach_participant_add(actor=operator, event=event, full_name="A")
    with pytest.raises(ServiceError):
        outreach_outcome_record(actor=operator, participant=person, outcome="recorded")
    with pytest.raises(ServiceError):
        outreach_outcome_record(
            actor=operator,
            participant=person,
            outcome="recorded",
            person={**PERSON, "birth_date": dt.date(1951, 1, 1)},
        )
    person.refresh_from_db()
    assert person.outcome == OutreachOutcome.PENDING and not Application.objects.exists()


def test_a_closed_event_takes_no_more_changes(event, head, operator, request_):
    outreach_event_close(actor=head, event=event)
    request_.refresh_from_db()
    assert request_.status == OutreachRequestStatus.DONE
    with pytest.raises(ServiceError):
        outreach_participant_add(actor=operator, event=event, full_name="Late")


def test_cancelling_an_event_frees_the_kit_and_reopens_its_requests(office, event, head, kit, request_):
    outreach_event_close(actor=head, event=event, cancelled=True)
    event.refresh_from_db()
    request_.refresh_from_db()
    assert event.status == OutreachEventStatus.CANCELLED and request_.status == OutreachRequestStatus.NEW
    schedule(office, head, kit, [head])


def test_a_person_is_listed_once_per_event_and_with_a_valid_nik(event, operator):
    outreach_participant_add(actor=operator, event=event, full_name="A", nik=PERSON["nik"])
    with pytest.raises(Conflict):
        outreach_participant_add(actor=operator, event=event, full_name="A again", nik=PERSON["nik"])
    with pytest.raises(ServiceError):
        outreach_participant_add(actor=operator, event=event, full_name="B", nik="1234")
    assert OutreachParticipant.objects.count() == 1


def test_the_outreach_pages_plan_and_record(client, office, head, operator, kit, clock):
    client.force_login(head)
    assert client.get(reverse("intake:outreach")).status_code == 200
    response = client.post(
        reverse("intake:outreach_request_new"),
        {
            "requester_kind": "school",
            "requester_name": "SMA Negeri 1",
            "target_group": "students",
            "people_expected": 40,
            "location": "SMA Negeri 1",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("intake:outreach_event_new"),
        {
            "date": FRIDAY.isoformat(),
            "starts": "09:00",
            "ends": "12:00",
            "location": "SMA Negeri 1",
            "target_group": "students",
            "target_count": 40,
            "kit": kit.pk,
            "team": [head.pk, operator.pk],
        },
    )
    assert response.status_code == 302
    event_url = response["Location"]
    client.post(event_url, {"full_name": "Siswa Satu", "nik": ""})
    page = client.get(event_url).content.decode()
    assert "Siswa Satu" in page
    person = OutreachParticipant.objects.get()
    clock.move_to(at(10, day=FRIDAY))
    client.force_login(head)  # a new working day, a new login
    response = client.post(
        reverse("intake:outreach_outcome", args=[person.pk]),
        {**PERSON, "birth_date": BIRTH.isoformat(), "outcome": "recorded"},
    )
    assert response.status_code == 302
    assert Application.objects.get().channel == Channel.OUTREACH


def test_outreach_pages_of_another_office_are_not_found(client, other_office, event):
    client.force_login(testing.make_staff(role=Role.OPERATOR, office=other_office))
    assert client.get(reverse("intake:outreach_event", args=[event.pk])).status_code == 404
