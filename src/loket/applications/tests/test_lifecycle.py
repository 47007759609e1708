"""The one door: every transition allowed and refused, with role, office and source checks."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection

from loket import testing
from loket.applications.lifecycle import CLOSED_STATUSES, OPEN_STATUSES, TRANSITIONS, Source, Status
from loket.applications.models import Application, ApplicationEvent, IdentityCheck
from loket.applications.services import application_transition, card_pickup, card_print
from loket.applications.services import lifecycle as lifecycle_services
from loket.core.errors import Conflict, NotPermitted, ServiceError
from loket.offices.models import Role, ServiceType, StationKind

pytestmark = pytest.mark.django_db

CARD_CHAIN = [
    (Status.DOCUMENTS_VERIFIED, Role.OPERATOR),
    (Status.BIOMETRICS_CAPTURED, Role.RECORDING_OFFICER),
    (Status.SENT_FOR_ENROLLMENT, Role.RECORDING_OFFICER),
    (Status.RECEIVED_AT_CENTRAL, Role.RECORDING_OFFICER),
    (Status.PRINT_READY, Role.RECORDING_OFFICER),
]


def _staff(office, role):
    return testing.make_staff(role=role, office=office)


def _walk(app, office, chain):
    for target, role in chain:
        app = application_transition(application=app, to_status=target, actor=_staff(office, role))
    return app


def _force_status(app, status):
    """Put an application straight into ``status`` for a test of what may follow it."""
    Application.objects.filter(pk=app.pk).update(
        status=status, closed_at=app.submitted_at if status in CLOSED_STATUSES else None
    )
    app.refresh_from_db()
    return app


def test_it_takes_a_new_card_application_from_submitted_to_issued(office, operator):
    app = testing.make_application(office=office, actor=operator)
    app = _walk(app, office, CARD_CHAIN)
    station = office.stations.get(kind=StationKind.PRINT)
    app = card_print(application=app, actor=operator, station=station)
    app = application_transition(application=app, to_status=Status.READY_FOR_PICKUP, actor=operator)
    app = card_pickup(
        application=app, actor=operator, collector_kind="self", identity_check=IdentityCheck.FINGERPRINT
    )

    assert app.status == Status.ISSUED
    assert app.closed_at is not None and app.completed_at is not None
    assert list(app.events.values_list("to_status", flat=True)) == [
        Status.SUBMITTED,
        Status.DOCUMENTS_VERIFIED,
        Status.BIOMETRICS_CAPTURED,
        Status.SENT_FOR_ENROLLMENT,
        Status.RECEIVED_AT_CENTRAL,
        Status.PRINT_READY,
        Status.PRINTED,
        Status.READY_FOR_PICKUP,
        Status.ISSUED,
    ]
    assert app.pickup.identity_check == IdentityCheck.FINGERPRINT


@pytest.mark.parametrize(("source", "target"), sorted(TRANSITIONS), ids=lambda s: str(s))
def test_every_allowed_transition_is_applied_with_its_event(office, source, target):
    transition = TRANSITIONS[(source, target)]
    service_type = sorted(transition.service_types)[0]
    app = _force_status(testing.make_application(office=office, service_type=service_type), source)
    actor = (
        _staff(office, Role.HEAD)
        if Role.HEAD in transition.roles
        else testing.make_staff(role=Role.CITY_ADMIN)
    )
    before = app.events.count()

    if transition.dedicated:
        with pytest.raises(ServiceError) as refused:
            application_transition(application=app, to_status=target, actor=actor, note="n")
        assert refused.value.code == "use_dedicated_action"
        return
    app = application_transition(application=app, to_status=target, actor=actor, note="because")

    assert app.status == target
    event = app.events.last()
    assert (event.from_status, event.to_status, event.actor, event.source) == (
        source,
        target,
        actor,
        Source.STAFF,
    )
    assert app.events.count() == before + 1


@pytest.mark.parametrize("source", sorted(Status), ids=str)
def test_every_transition_not_in_the_table_is_refused_and_writes_nothing(office, head, source):
    app = _force_status(testing.make_application(office=office), source)
    for target in Status:
        if (source, target) in TRANSITIONS:
            continue
        with pytest.raises(ServiceError) as refused:
            application_transition(application=app, to_status=target, actor=head, note="n")
        assert refused.value.code in {"transition_not_allowed", "not_for_service"}
    app.refresh_from_db()
    assert app.status == source
    assert app.events.count() == 1  # only the submission


def test_closed_applications_accept_no_transition_at_all(office, head):
    for closed in CLOSED_STATUSES:
        assert not [key for key in TRANSITIONS if key[0] == closed]
    for status in OPEN_STATUSES:
        assert (status, Status.CANCELLED) in TRANSITIONS


def test_an_unknown_target_status_is_refused_with_a_message(office, head):
    app = testing.make_application(office=office)
    with pytest.raises(ServiceError) as refused:
        application_transition(application=app, to_status="teleported", actor=head)
    assert "teleported" in refused.value.message


def test_a_recording_officer_cannot_verify_documents(office, recorder):
    app = testing.make_application(office=office)
    with pytest.raises(NotPermitted) as refused:
        application_transition(application=app, to_status=Status.DOCUMENTS_VERIFIED, actor=recorder)
    assert refused.value.code == "role_not_allowed"
    assert Application.objects.get(pk=app.pk).status == Status.SUBMITTED


def test_an_operator_cannot_capture_biometrics(office, operator):
    app = _force_status(testing.make_application(office=office), Status.DOCUMENTS_VERIFIED)
    with pytest.raises(NotPermitted):
        application_transition(application=app, to_status=Status.BIOMETRICS_CAPTURED, actor=operator)


def test_staff_of_another_office_are_refused(office, other_office):
    app = testing.make_application(office=office)
    stranger = _staff(other_office, Role.HEAD)
    with pytest.raises(NotPermitted) as refused:
        application_transition(application=app, to_status=Status.DOCUMENTS_VERIFIED, actor=stranger)
    assert refused.value.code == "other_office"
    assert app.events.count() == 1


def test_a_system_administrator_cannot_move_applications(office, sysadmin):
    app = testing.make_application(office=office)
    with pytest.raises(NotPermitted):
        application_transition(application=app, to_status=Status.CANCELLED, actor=sysadmin, note="x")


def test_the_city_administrator_may_enter_central_outcomes_for_any_office(office, city_admin):
    app = _force_status(testing.make_application(office=office), Status.RECEIVED_AT_CENTRAL)
    app = application_transition(application=app, to_status=Status.DUPLICATE_RECORD, actor=city_admin)
    assert app.status == Status.DUPLICATE_RECORD


def test_sync_may_record_central_outcomes_without_a_staff_actor(office):
    app = _force_status(testing.make_application(office=office), Status.SENT_FOR_ENROLLMENT)
    app = application_transition(application=app, to_status=Status.RECEIVED_AT_CENTRAL, source=Source.SYNC)
    app = application_transition(application=app, to_status=Status.PRINT_READY, source=Source.SYNC)
    event = app.events.last()
    assert (event.source, event.actor) == (Source.SYNC, None)


def test_sync_may_not_verify_documents(office):
    app = testing.make_application(office=office)
    with pytest.raises(ServiceError) as refused:
        application_transition(application=app, to_status=Status.DOCUMENTS_VERIFIED, source=Source.SYNC)
    assert refused.value.code == "source_not_allowed"


def test_cancelling_needs_a_note(office, operator):
    app = testing.make_application(office=office)
    with pytest.raises(ServiceError) as refused:
        application_transition(application=app, to_status=Status.CANCELLED, actor=operator, note="  ")
    assert refused.value.message == str(lifecycle_services.NOTE_REQUIRED)
    app = application_transition(
        application=app, to_status=Status.CANCELLED, actor=operator, note="citizen withdrew"
    )
    assert app.status == Status.CANCELLED and app.closed_at is not None
    assert app.events.last().note == "citizen withdrew"


def test_documents_cannot_be_verified_while_requirements_are_missing(office, operator):
    app = testing.make_application(office=office, service_type=ServiceType.LOST, fulfilled=False)
    with pytest.raises(ServiceError) as refused:
        application_transition(application=app, to_status=Status.DOCUMENTS_VERIFIED, actor=operator)
    assert refused.value.code == "requirements_missing"
    assert "police" in refused.value.message.lower() or "polisi" in refused.value.message.lower()


def test_incomplete_documents_go_back_to_the_citizen_and_come_back(office, operator):
    from loket.applications.services import application_requirements_set

    app = testing.make_application(office=office, service_type=ServiceType.LOST, fulfilled=False)
    app = application_transition(
        application=app, to_status=Status.DOCUMENTS_INCOMPLETE, actor=operator, note="bring the police report"
    )
    app = application_requirements_set(application=app, actor=operator, fulfilled=["police_report", "kk"])
    app = application_transition(application=app, to_status=Status.DOCUMENTS_VERIFIED, actor=operator)
    assert app.status == Status.DOCUMENTS_VERIFIED


def test_ikd_activation_is_issued_without_a_card(office, operator):
    app = testing.make_application(office=office, service_type=ServiceType.IKD)
    app = application_transition(application=app, to_status=Status.DOCUMENTS_VERIFIED, actor=operator)
    with pytest.raises(ServiceError) as refused:
        application_transition(
            application=app, to_status=Status.BIOMETRICS_CAPTURED, actor=_staff(office, Role.HEAD)
        )
    assert refused.value.code == "not_for_service"
    app = application_transition(application=app, to_status=Status.ISSUED, actor=operator)
    assert app.status == Status.ISSUED and app.completed_at is not None


def test_a_stale_view_is_refused_instead_of_applied(office, operator):
    app = testing.make_application(office=office)
    stale = Application.objects.get(pk=app.pk)
    application_transition(application=app, to_status=Status.DOCUMENTS_VERIFIED, actor=operator)
    with pytest.raises(Conflict) as refused:
        application_transition(application=stale, to_status=Status.CANCELLED, actor=operator, note="x")
    assert refused.value.code == "stale_status"


def test_events_cannot_be_changed_even_by_raw_sql(office):
    app = testing.make_application(office=office)
    event = app.events.get()
    with pytest.raises(Exception, match="never changed"):
        event.save()
    with pytest.raises(IntegrityError if connection.vendor == "sqlite" else Exception):
        ApplicationEvent.objects.filter(pk=event.pk).update(note="rewritten")


def test_one_open_application_per_citizen_and_service(office, operator):
    person = testing.make_person()
    testing.make_application(office=office, person=person, actor=operator)
    with pytest.raises(Conflict) as refused:
        testing.make_application(office=office, person=person, actor=operator)
    assert refused.value.code == "open_application_exists"
    assert Application.objects.filter(person=person).count() == 1
