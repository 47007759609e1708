"""The staff workspace, writing side: registering, each action's happy path and its refusals.
A refusal shows the service's message and writes nothing; it is never a 500."""

from __future__ import annotations

import datetime as dt
import types

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from loket import testing
from loket.applications.lifecycle import Status
from loket.applications.models import (
    Application,
    ApplicationEvent,
    BlankMovement,
    BlankStock,
    CollectorKind,
    IdentityCheck,
    Pickup,
    Suket,
)
from loket.applications.services import suket as suket_services
from loket.offices.models import Role, ServiceType, StationKind
from loket.people.models import Person

pytestmark = pytest.mark.django_db

BIRTH = dt.date(1990, 5, 17)


def _force_status(app, status):
    Application.objects.filter(pk=app.pk).update(status=status)
    app.refresh_from_db()
    return app


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _on_hand(office) -> int:
    return BlankStock.objects.get(office=office).on_hand


@pytest.fixture
def app(office, operator):
    return testing.make_application(office=office, actor=operator)


# Registering ------------------------------------------------------------------------------------------


def _registration(**overrides):
    data = {
        "service_type": ServiceType.NEW,
        "channel": "walk_in",
        "fulfilled": ["age_or_married", "kk"],
        "nik": testing.nik_for(birth_date=BIRTH, sex="F", serial=77),
        "kk_number": "1671160101200001",
        "full_name": "  Dewi   Lestari ",
        "birth_place": "Palembang",
        "birth_date": BIRTH.isoformat(),
        "sex": "F",
        "address": "Jl. Srimulya No. 3",
        "phone": "0812 3456 7890",
        "email": "",
    }
    data.update(overrides)
    return data


def test_registering_creates_citizen_and_application_and_shows_the_receipt(client, office, operator):
    client.force_login(operator)

    response = client.post(reverse("workspace:application_new"), _registration(), follow=True)

    app = Application.objects.get()
    assert response.redirect_chain[-1][0] == reverse("workspace:application", args=[app.pk])
    assert app.person.full_name == "Dewi Lestari" and app.person.phone == "081234567890"
    assert set(app.requirements.filter(fulfilled=True).values_list("code", flat=True)) == {
        "age_or_married",
        "kk",
    }
    assert app.display_receipt in response.content.decode()
    assert app.person.nik not in response.redirect_chain[-1][0]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nik", "1671165705900", "tepat 16 angka"),
        ("birth_date", "1990-05-18", "tidak cocok dengan tanggal lahir"),
        ("sex", "M", "tidak cocok dengan jenis kelamin"),
        ("phone", "12345", "0812xxxxxxxx"),
        ("kk_number", "12", "tepat 16 angka"),
    ],
)
def test_registration_shows_each_error_at_its_field_in_indonesian_and_writes_nothing(
    client, operator, field, value, message
):
    client.force_login(operator)

    response = client.post(reverse("workspace:application_new"), _registration(**{field: value}))

    assert response.status_code == 200
    assert message in " ".join(str(e) for e in response.context["form"].errors[field])
    assert not Person.objects.exists() and not Application.objects.exists()


def test_registration_refused_by_the_service_shows_its_message_and_writes_nothing(client, office, operator):
    client.force_login(operator)
    client.post(reverse("workspace:application_new"), _registration())

    response = client.post(reverse("workspace:application_new"), _registration())

    assert response.status_code == 200
    assert any("sudah mempunyai permohonan" in m for m in _messages(response)), _messages(response)
    assert Application.objects.count() == 1


def test_checklist_follows_the_chosen_service_type(client, operator):
    client.force_login(operator)

    html = client.get(reverse("workspace:checklist"), {"service_type": ServiceType.LOST}).content.decode()

    assert 'value="police_report"' in html and 'value="age_or_married"' not in html


# Generic transitions ------------------------------------------------------------------------------------


def _transition(client, app, to_status, expected=None, note=""):
    data = {"to_status": to_status, "expected_status": expected or app.status, "note": note}
    return client.post(reverse("workspace:transition", args=[app.pk]), data)


def test_application_page_offers_only_the_actions_allowed_now(client, app, operator, recorder):
    client.force_login(operator)
    operator_view = client.get(reverse("workspace:application", args=[app.pk])).context
    client.force_login(recorder)
    recorder_view = client.get(reverse("workspace:application", args=[app.pk])).context

    assert {t.target for t in operator_view["transitions"]} == {
        Status.DOCUMENTS_VERIFIED,
        Status.DOCUMENTS_INCOMPLETE,
    }
    assert operator_view["cancel"] is not None and operator_view["print_form"] is None
    assert recorder_view["transitions"] == [] and recorder_view["cancel"] is None


def test_operator_verifies_documents(client, app, operator):
    client.force_login(operator)

    response = _transition(client, app, Status.DOCUMENTS_VERIFIED)

    app.refresh_from_db()
    assert response.status_code == 302 and app.status == Status.DOCUMENTS_VERIFIED
    assert app.events.last().actor == operator


def test_a_change_made_meanwhile_is_refused_with_a_clear_message(client, app, operator):
    client.force_login(operator)
    _transition(client, app, Status.DOCUMENTS_VERIFIED)  # the other counter was first

    response = _transition(
        client, app, Status.DOCUMENTS_INCOMPLETE, expected=Status.SUBMITTED, note="KK missing"
    )

    assert any("mengubah permohonan ini" in m for m in _messages(response)), _messages(response)
    assert app.events.count() == 2


@pytest.mark.parametrize(
    ("role", "target", "note"),
    [
        (Role.RECORDING_OFFICER, Status.DOCUMENTS_VERIFIED, ""),  # not the recording officer's step
        (Role.OPERATOR, Status.DOCUMENTS_INCOMPLETE, ""),  # a note is required
        (Role.OPERATOR, Status.PRINTED, ""),  # printing has its own action
        (Role.OPERATOR, Status.ISSUED, ""),  # not from "submitted"
    ],
)
def test_a_refused_transition_shows_a_message_and_writes_nothing(client, app, office, role, target, note):
    client.force_login(testing.make_staff(role=role, office=office))

    response = _transition(client, app, target, note=note)

    app.refresh_from_db()
    assert response.status_code == 302
    assert app.status == Status.SUBMITTED and app.events.count() == 1
    assert _messages(response)


def test_requirements_missing_block_verification_until_the_checklist_is_saved(client, office, operator):
    app = testing.make_application(office=office, fulfilled=False)
    client.force_login(operator)

    refused = _transition(client, app, Status.DOCUMENTS_VERIFIED)
    client.post(reverse("workspace:requirements", args=[app.pk]), {"fulfilled": ["age_or_married", "kk"]})
    _transition(client, app, Status.DOCUMENTS_VERIFIED)

    app.refresh_from_db()
    assert any("Dokumen yang belum ada" in m for m in _messages(refused)), _messages(refused)
    assert app.status == Status.DOCUMENTS_VERIFIED


# Printing ---------------------------------------------------------------------------------------------


def _print(client, app, office, spoiled=False):
    station = office.stations.get(kind=StationKind.PRINT)
    data = {"expected_status": app.status, "station": station.pk, "note": ""}
    if spoiled:
        data["spoiled"] = "on"
    return client.post(reverse("workspace:print", args=[app.pk]), data)


def test_printing_takes_one_blank_and_marks_the_card_printed(client, app, office, operator):
    app = _force_status(app, Status.PRINT_READY)
    client.force_login(operator)
    before = _on_hand(office)

    _print(client, app, office)

    app.refresh_from_db()
    assert app.status == Status.PRINTED and _on_hand(office) == before - 1


def test_a_spoiled_print_takes_a_blank_and_leaves_the_record_print_ready(client, app, office, operator):
    app = _force_status(app, Status.PRINT_READY)
    client.force_login(operator)
    before = _on_hand(office)

    _print(client, app, office, spoiled=True)

    app.refresh_from_db()
    assert app.status == Status.PRINT_READY and _on_hand(office) == before - 1
    assert BlankMovement.objects.filter(application=app, kind="spoiled").count() == 1


def test_printing_with_no_blanks_left_is_refused_and_writes_nothing(client, app, office, operator):
    app = _force_status(app, Status.PRINT_READY)
    BlankStock.objects.filter(office=office).update(on_hand=0)
    client.force_login(operator)
    movements = BlankMovement.objects.count()

    response = _print(client, app, office)

    app.refresh_from_db()
    assert app.status == Status.PRINT_READY and BlankMovement.objects.count() == movements
    assert any("Blangko" in m or "blangko" in m for m in _messages(response)), _messages(response)


def test_printing_from_a_page_drawn_before_a_change_is_refused_and_takes_no_blank(
    client, app, office, operator
):
    app = _force_status(app, Status.PRINT_READY)
    client.force_login(operator)
    page_seen_at = app.status
    app = _force_status(app, Status.DUPLICATE_RECORD)  # the sync changed it meanwhile
    before = _on_hand(office)
    station = office.stations.get(kind=StationKind.PRINT)

    response = client.post(
        reverse("workspace:print", args=[app.pk]), {"expected_status": page_seen_at, "station": station.pk}
    )

    assert any("mengubah permohonan ini" in m for m in _messages(response)), _messages(response)
    assert _on_hand(office) == before


# Pickup -----------------------------------------------------------------------------------------------


def _pickup(client, app, **overrides):
    data = {
        "expected_status": app.status,
        "collector_kind": CollectorKind.SELF,
        "identity_check": IdentityCheck.FINGERPRINT,
        "collector_name": "",
        "collector_relation": "",
        "note": "",
    }
    data.update(overrides)
    return client.post(reverse("workspace:pickup", args=[app.pk]), data)


def test_handing_over_records_the_collector_and_closes_the_application(client, app, operator):
    app = _force_status(app, Status.READY_FOR_PICKUP)
    client.force_login(operator)

    _pickup(
        client,
        app,
        collector_kind=CollectorKind.REPRESENTATIVE,
        collector_name="Ahmad",
        collector_relation="Suami",
        identity_check=IdentityCheck.KK_AND_LETTER,
    )

    app.refresh_from_db()
    assert app.status == Status.ISSUED
    assert Pickup.objects.get(application=app).collector_name == "Ahmad"
    html = client.get(reverse("workspace:application", args=[app.pk])).content.decode()
    assert "Ahmad" in html


def test_a_representative_without_name_is_refused_and_nothing_is_written(client, app, operator):
    app = _force_status(app, Status.READY_FOR_PICKUP)
    client.force_login(operator)

    response = _pickup(
        client, app, collector_kind=CollectorKind.REPRESENTATIVE, identity_check=IdentityCheck.KK_AND_LETTER
    )

    app.refresh_from_db()
    assert app.status == Status.READY_FOR_PICKUP and not Pickup.objects.exists()
    assert _messages(response)


# Suket ------------------------------------------------------------------------------------------------


def test_suket_is_offered_issued_listed_and_downloaded_without_nik_in_the_filename(
    client, app, office, operator, monkeypatch
):
    app = _force_status(app, Status.BIOMETRICS_CAPTURED)
    client.force_login(operator)
    page = client.get(reverse("workspace:application", args=[app.pk]))
    fake = types.SimpleNamespace(render_suket_pdf=lambda suket: b"%PDF-1.4 " + suket.number.encode())
    monkeypatch.setitem(__import__("sys").modules, "loket.applications.suket_pdf", fake)

    client.post(reverse("workspace:suket_issue", args=[app.pk]))
    suket = Suket.objects.get(application=app)
    download = client.get(reverse("workspace:suket_pdf", args=[app.pk, suket.pk]))

    assert page.context["suket_allowed"]
    assert suket.status_code == suket_services.SUKET_CODE_FOR_STATUS[Status.BIOMETRICS_CAPTURED]
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert app.person.nik not in download["Content-Disposition"]
    assert client.get(reverse("workspace:application", args=[app.pk])).context["suket_allowed"] is False


def test_suket_is_not_offered_before_biometrics_and_a_forced_request_is_refused(client, app, operator):
    client.force_login(operator)

    page = client.get(reverse("workspace:application", args=[app.pk]))
    response = client.post(reverse("workspace:suket_issue", args=[app.pk]))

    assert page.context["suket_allowed"] is False
    assert not Suket.objects.exists() and _messages(response)


def test_suket_of_another_office_cannot_be_downloaded(client, app, office, other_office, operator):
    app = _force_status(app, Status.BIOMETRICS_CAPTURED)
    suket = suket_services.suket_issue(application=app, actor=operator)
    client.force_login(testing.make_staff(role=Role.OPERATOR, office=other_office))

    assert client.get(reverse("workspace:suket_pdf", args=[app.pk, suket.pk])).status_code == 404


# Blank stock ------------------------------------------------------------------------------------------


def test_operator_records_a_delivery_and_the_ledger_shows_it(client, office, operator):
    client.force_login(operator)
    before = _on_hand(office)

    client.post(
        reverse("workspace:blanks_receive"), {"quantity": "200", "reference": "SJ-2025/017", "note": ""}
    )
    page = client.get(reverse("workspace:blanks"))

    assert _on_hand(office) == before + 200
    assert "SJ-2025/017" in page.content.decode()
    assert page.context["correct_form"] is None  # only the head corrects


def test_a_bad_delivery_quantity_is_shown_at_the_field_and_nothing_changes(client, office, operator):
    client.force_login(operator)
    before = _on_hand(office)

    response = client.post(reverse("workspace:blanks_receive"), {"quantity": "0"})

    assert response.status_code == 400 and response.context["receive_form"].errors["quantity"]
    assert _on_hand(office) == before


def test_only_the_head_corrects_the_stock_and_below_zero_is_refused(client, office, operator, head):
    client.force_login(operator)
    by_operator = client.post(reverse("workspace:blanks_correct"), {"delta": "-1", "note": "count"})
    client.force_login(head)
    too_many = client.post(reverse("workspace:blanks_correct"), {"delta": "-999", "note": "count"})
    client.post(reverse("workspace:blanks_correct"), {"delta": "-2", "note": "two missing after count"})

    assert by_operator.status_code == 400 and too_many.status_code == 400
    assert _on_hand(office) == 8
    assert ApplicationEvent.objects.count() == 0
