"""Who may call the API: session with CSRF, HTTP Basic through django-axes, and 401 for the rest."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import translation

from loket.applications.tests.apiclient import Api, basic_header
from loket.core.api_auth import CSRF_FAILED, WRONG_CREDENTIALS
from loket.offices.access import NOT_STAFF

pytestmark = pytest.mark.django_db

DELIVERY = {"quantity": 5, "reference": "BAST-1"}


def _en(message) -> str:
    with translation.override("en"):
        return str(message)


@pytest.mark.parametrize("path", ["/api/applications/", "/api/applications/blank-stock", "/api/offices/me"])
def test_anonymous_get_is_401_with_a_message(path):
    response = Client().get(path, headers={"Accept-Language": "en"})

    assert response.status_code == 401
    assert response.json() == {"code": "not_authenticated", "message": _en(NOT_STAFF)}


def test_anonymous_post_is_401_not_a_csrf_failure(office):
    response = Api().post("applications/blank-stock/deliveries", {**DELIVERY, "office_id": office.pk})

    assert response.status_code == 401
    assert office.blank_movements.count() == 1  # only the factory's first delivery


def test_no_www_authenticate_header_so_browsers_never_cache_basic_credentials(db):
    response = Client().get("/api/offices/me")

    assert response.status_code == 401
    assert "WWW-Authenticate" not in response.headers


def test_an_inactive_user_with_a_session_is_401(operator):
    api = Api(operator)
    operator.is_active = False
    operator.save(update_fields=["is_active"])

    assert api.get("offices/me").status_code == 401


def test_basic_auth_works_without_a_session_or_csrf_token(operator, office):
    client = Client(enforce_csrf_checks=True)
    auth = {"Authorization": basic_header(operator.username)}

    me = client.get("/api/offices/me", headers=auth)
    delivery = client.post(
        "/api/applications/blank-stock/deliveries",
        json.dumps(DELIVERY),
        content_type="application/json",
        headers=auth,
    )

    assert me.status_code == 200 and me.json()["username"] == operator.username
    assert delivery.status_code == 201
    assert delivery.json()["balance_after"] == 15


def test_basic_auth_with_a_wrong_password_is_401(operator):
    response = Client().get(
        "/api/offices/me",
        headers={"Authorization": basic_header(operator.username, "wrong"), "Accept-Language": "en"},
    )

    assert response.status_code == 401
    assert response.json() == {"code": "wrong_credentials", "message": _en(WRONG_CREDENTIALS)}


def test_basic_auth_of_an_inactive_user_is_401(operator):
    operator.is_active = False
    operator.save(update_fields=["is_active"])

    response = Client().get("/api/offices/me", headers={"Authorization": basic_header(operator.username)})

    assert response.status_code == 401


@pytest.mark.parametrize("header", ["Basic", "Basic !!!notbase64", "Basic " + "YWJj", "basic   "])
def test_a_malformed_basic_header_is_401_not_500(db, header):
    response = Client().get("/api/offices/me", headers={"Authorization": header})

    assert response.status_code == 401


def test_another_authorization_scheme_falls_back_to_the_session(operator):
    api = Api(operator)

    assert api.get("offices/me", Authorization="Digest abc").status_code == 200
    assert Client().get("/api/offices/me", headers={"Authorization": "Digest abc"}).status_code == 401


def test_a_wrong_api_token_is_401_even_beside_a_session(operator):
    # Credentials sent and wrong are refused, not quietly replaced by the cookie.
    assert Api(operator).get("offices/me", Authorization="Bearer abc").status_code == 401


def test_axes_locks_basic_auth_out_after_too_many_wrong_passwords(operator, settings):
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.get("/api/offices/me", headers={"Authorization": basic_header(operator.username, "wrong")})

    locked = client.get("/api/offices/me", headers={"Authorization": basic_header(operator.username)})

    assert locked.status_code == 429


def test_a_session_post_without_the_csrf_token_is_refused(operator, office):
    client = Client(enforce_csrf_checks=True)
    client.force_login(operator)

    response = client.post(
        "/api/applications/blank-stock/deliveries",
        json.dumps(DELIVERY),
        content_type="application/json",
        headers={"Accept-Language": "en"},
    )

    assert response.status_code == 403
    assert response.json() == {"code": "csrf_failed", "message": _en(CSRF_FAILED)}
    assert office.blank_movements.count() == 1


def test_a_session_post_with_the_csrf_token_is_accepted(operator, office, settings):
    client = Client(enforce_csrf_checks=True)
    client.force_login(operator)
    token = "k" * 32  # what the login page's cookie holds: a 32-character secret
    client.cookies[settings.CSRF_COOKIE_NAME] = token

    response = client.post(
        "/api/applications/blank-stock/deliveries",
        json.dumps(DELIVERY),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )

    assert response.status_code == 201
    assert office.blank_movements.count() == 2


def test_a_session_get_needs_no_csrf_token(operator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(operator)

    assert client.get("/api/applications/").status_code == 200


def test_the_system_admin_is_authenticated_too(sysadmin):
    response = Api(sysadmin).get("offices/me")

    assert response.status_code == 200
    assert response.json()["sees_personal_data"] is False
