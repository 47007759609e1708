"""Printing, pickup, Suket and blank stock through the API."""

from __future__ import annotations

import sys
import types

import pytest

from loket import testing
from loket.applications.lifecycle import Status
from loket.applications.models import BlankMovement, IdentityCheck, Suket
from loket.applications.services.printing import NO_BLANKS
from loket.applications.tests.apiclient import Api, advance, message_in
from loket.offices.access import ROLE_NOT_ALLOWED
from loket.offices.models import Role, StationKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def app(office, operator):
    return testing.make_application(office=office, actor=operator)


# Printing and pickup -----------------------------------------------------------------------------


def _print_station(office):
    return office.stations.get(kind=StationKind.PRINT)


def test_print_takes_a_blank_and_marks_the_card_printed(office, operator, app):
    app = advance(app, office, Status.PRINT_READY)

    response = Api(operator).post(f"applications/{app.pk}/print", {"station_id": _print_station(office).pk})

    assert response.status_code == 200 and response.json()["status"] == "printed"
    assert BlankMovement.objects.filter(application=app, kind="print").count() == 1


def test_a_spoiled_print_uses_a_blank_and_the_record_stays_print_ready(office, operator, app):
    app = advance(app, office, Status.PRINT_READY)

    response = Api(operator).post(
        f"applications/{app.pk}/print",
        {"station_id": _print_station(office).pk, "spoiled": True, "note": "macet"},
    )

    assert response.status_code == 200 and response.json()["status"] == "print_ready"
    assert BlankMovement.objects.get(application=app, kind="spoiled").balance_after == 9


def test_print_with_no_blanks_left_is_409(other_office):
    operator = testing.make_staff(role=Role.OPERATOR, office=other_office)
    app = advance(
        testing.make_application(office=other_office, actor=operator), other_office, Status.PRINT_READY
    )

    response = Api(operator).post(
        f"applications/{app.pk}/print", {"station_id": _print_station(other_office).pk}
    )

    assert response.status_code == 409
    assert response.json() == {"code": "no_blanks", "message": message_in(NO_BLANKS)}


@pytest.mark.parametrize("kind", [StationKind.REGISTRATION, None])
def test_print_at_a_station_that_is_not_this_offices_printer_is_400(
    office, other_office, operator, app, kind
):
    app = advance(app, office, Status.PRINT_READY)
    station = office.stations.get(kind=kind) if kind else _print_station(other_office)

    response = Api(operator).post(f"applications/{app.pk}/print", {"station_id": station.pk})

    assert response.status_code == 400 and response.json()["code"] == "not_a_print_station"
    assert not BlankMovement.objects.filter(application=app).exists()


def test_pickup_closes_the_application_as_issued(office, operator, app):
    app = advance(app, office, Status.PRINT_READY)
    api = Api(operator)
    api.post(f"applications/{app.pk}/print", {"station_id": _print_station(office).pk})
    api.post(
        f"applications/{app.pk}/transitions", {"to_status": "ready_for_pickup", "expected_status": "printed"}
    )

    response = api.post(
        f"applications/{app.pk}/pickup",
        {
            "collector_kind": "representative",
            "identity_check": "kk_and_letter",
            "collector_name": "Budi",
            "collector_relation": "suami",
        },
    )

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "issued" and body["closed_at"]
    assert body["pickup"]["collector_name"] == "Budi"
    assert body["pickup"]["identity_check"] == IdentityCheck.KK_AND_LETTER


def test_pickup_by_a_representative_with_a_fingerprint_check_is_refused(office, operator, app):
    response = Api(operator).post(
        f"applications/{app.pk}/pickup",
        {
            "collector_kind": "representative",
            "identity_check": "fingerprint",
            "collector_name": "B",
            "collector_relation": "adik",
        },
    )

    assert response.status_code == 400 and response.json()["code"] == "representative_check"


# Suket -------------------------------------------------------------------------------------------


@pytest.fixture
def pdf_renderer(monkeypatch):
    """The real renderer when it is there; a stand-in while it is being written."""
    try:
        from loket.applications import suket_pdf  # noqa: F401
    except ImportError:
        module = types.ModuleType("loket.applications.suket_pdf")
        module.render_suket_pdf = lambda suket: b"%PDF-1.7 stand-in " + suket.number.encode()
        monkeypatch.setitem(sys.modules, "loket.applications.suket_pdf", module)


def test_suket_is_issued_and_its_pdf_downloaded(office, recorder, app, pdf_renderer):
    app = advance(app, office, Status.BIOMETRICS_CAPTURED)
    api = Api(recorder)

    issued = api.post(f"applications/{app.pk}/sukets")
    pdf = api.get(issued.json()["pdf_url"])

    assert issued.status_code == 201
    assert issued.json()["status_code"] == "PRO"
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert {"private", "no-store"} <= set(pdf["Cache-Control"].replace(" ", "").split(","))
    assert "/" not in pdf["Content-Disposition"].split("filename=")[1]


def test_suket_before_biometrics_is_refused(recorder, app):
    response = Api(recorder).post(f"applications/{app.pk}/sukets")

    assert response.status_code == 400 and response.json()["code"] == "suket_not_now"
    assert not Suket.objects.exists()


def test_suket_pdf_is_403_for_the_system_admin_and_404_for_another_office(
    office, other_office, recorder, sysadmin, app, pdf_renderer
):
    app = advance(app, office, Status.BIOMETRICS_CAPTURED)
    url = Api(recorder).post(f"applications/{app.pk}/sukets").json()["pdf_url"]
    stranger = testing.make_staff(role=Role.HEAD, office=other_office)

    assert Api(sysadmin).get(url).status_code == 403
    assert Api(stranger).get(url).status_code == 404


def test_suket_pdf_of_another_application_is_404(office, recorder, operator, app, pdf_renderer):
    app = advance(app, office, Status.BIOMETRICS_CAPTURED)
    suket_id = Api(recorder).post(f"applications/{app.pk}/sukets").json()["id"]
    other = testing.make_application(office=office, actor=operator)

    assert Api(recorder).get(f"applications/{other.pk}/sukets/{suket_id}/pdf").status_code == 404


# Blank stock -------------------------------------------------------------------------------------


def test_blank_stock_shows_what_is_on_hand(operator, office):
    body = Api(operator).get("applications/blank-stock").json()

    assert body == {"office": {"id": office.pk, "code": "zona-8", "name": "UPT Zona VIII"}, "on_hand": 10}


def test_delivery_adds_blanks_and_a_ledger_line(operator, office):
    api = Api(operator)

    response = api.post("applications/blank-stock/deliveries", {"quantity": 250, "reference": "BAST/03/2025"})
    ledger = api.get("applications/blank-stock/movements").json()

    assert response.status_code == 201 and response.json()["balance_after"] == 260
    assert ledger["count"] == 2
    assert [(m["kind"], m["quantity"]) for m in ledger["items"]] == [("delivery", 250), ("delivery", 10)]
    assert api.get("applications/blank-stock").json()["on_hand"] == 260


@pytest.mark.parametrize("quantity", [0, -5, 100_001, 10**30])
def test_delivery_of_an_impossible_quantity_is_400(operator, office, quantity):
    response = Api(operator).post("applications/blank-stock/deliveries", {"quantity": quantity})

    assert response.status_code == 400 and response.json()["code"] == "delivery_quantity"


def test_correction_is_for_the_head_of_office_only(office, operator, head):
    refused = Api(operator).post(
        "applications/blank-stock/corrections", {"delta": -2, "note": "hitung fisik"}
    )
    done = Api(head).post("applications/blank-stock/corrections", {"delta": -2, "note": "hitung fisik"})

    assert refused.status_code == 403 and refused.json()["code"] == "role_not_allowed"
    assert done.status_code == 201 and done.json()["balance_after"] == 8


def test_correction_below_zero_is_400(head):
    response = Api(head).post("applications/blank-stock/corrections", {"delta": -11, "note": "hilang"})

    assert response.status_code == 400 and response.json()["code"] == "correction_negative"


def test_blank_stock_of_another_office_is_404(operator, other_office):
    api = Api(operator)

    assert api.get("applications/blank-stock", {"office_id": other_office.pk}).status_code == 404
    response = api.post("applications/blank-stock/deliveries", {"quantity": 5, "office_id": other_office.pk})
    assert response.status_code == 404
    assert not other_office.blank_movements.exists()


def test_the_city_admin_reads_any_offices_stock_but_may_not_receive_blanks(city_admin, office):
    api = Api(city_admin)

    assert api.get("applications/blank-stock", {"office_id": office.pk}).json()["on_hand"] == 10
    response = api.post("applications/blank-stock/deliveries", {"quantity": 5, "office_id": office.pk})
    assert response.status_code == 403
    assert response.json()["message"] == message_in(ROLE_NOT_ALLOWED, role="City administrator")
