"""API tokens: a program calls the API as one staff member with a token shown once; revoked, expired
or unknown tokens and accounts that lost their role get 401; nothing of the token is kept but a
digest and its first characters."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone, translation

from loket import testing
from loket.core.api_auth import WRONG_TOKEN
from loket.core.api_tokens import api_token_create, api_token_revoke
from loket.core.errors import ServiceError
from loket.core.models import ApiToken
from loket.offices.models import Role

pytestmark = pytest.mark.django_db

DELIVERY = {"quantity": 5, "reference": "BAST-1"}


def _me(token: str, **headers: str):
    return Client().get("/api/offices/me", headers={"Authorization": f"Bearer {token}", **headers})


def test_a_token_acts_as_its_staff_member_without_session_or_csrf(operator):
    _row, token = api_token_create(staff=operator, name="dashboard")
    client = Client(enforce_csrf_checks=True)
    auth = {"Authorization": f"Bearer {token}"}

    me = client.get("/api/offices/me", headers=auth)
    delivery = client.post(
        "/api/applications/blank-stock/deliveries",
        json.dumps(DELIVERY),
        content_type="application/json",
        headers=auth,
    )

    assert me.status_code == 200 and me.json()["username"] == operator.username
    assert delivery.status_code == 201


def test_the_role_of_the_account_still_decides(office):
    head_elsewhere = testing.make_staff(role=Role.HEAD, office=testing.make_office(code="zona-1"))
    _row, token = api_token_create(staff=head_elsewhere, name="report")

    response = Client().post(
        "/api/applications/blank-stock/deliveries",
        json.dumps({**DELIVERY, "office_id": office.pk}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )

    assert response.status_code == 404  # another office's records do not exist for this account
    assert office.blank_movements.count() == 1  # only the factory's first delivery


def test_only_a_digest_and_the_start_are_kept(operator):
    row, token = api_token_create(staff=operator, name="dashboard")

    assert token.startswith("lkt_") and len(token) == 47
    assert row.prefix == token[:12] and token not in (row.digest, row.prefix)
    assert not ApiToken.objects.filter(digest=token).exists()


def test_revoked_expired_unknown_and_malformed_tokens_and_inactive_accounts_are_401(operator):
    revoked, revoked_token = api_token_create(staff=operator, name="old")
    api_token_revoke(prefix=revoked.prefix)
    _row, short_token = api_token_create(staff=operator, name="short", days=1)
    _row, inactive_token = api_token_create(
        staff=testing.make_staff(role=Role.OPERATOR, office=operator.office), name="gone"
    )
    inactive = ApiToken.objects.get(name="gone").staff
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])

    with time_machine.travel(timezone.now() + dt.timedelta(days=1, seconds=1)):
        expired = _me(short_token, **{"Accept-Language": "en"})
    answers = [_me(t) for t in (revoked_token, inactive_token, "lkt_" + "x" * 43, "", "nonsense")]

    assert expired.status_code == 401
    with translation.override("en"):
        assert expired.json() == {"code": "wrong_token", "message": str(WRONG_TOKEN)}
    assert [a.status_code for a in answers] == [401] * 5


def test_last_use_is_written_at_most_once_a_minute(operator):
    row, token = api_token_create(staff=operator, name="dashboard")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _me(token)
        _me(token)
    row.refresh_from_db()
    assert row.last_used_at == start
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        _me(token)
    row.refresh_from_db()
    assert row.last_used_at == start + dt.timedelta(seconds=61)


@pytest.mark.parametrize(
    ("change", "code"),
    [({"name": "  "}, "name_required"), ({"days": 0}, "bad_days"), ({"days": 731}, "bad_days")],
)
def test_a_token_without_purpose_or_with_a_wrong_lifetime_is_refused(operator, change, code):
    with pytest.raises(ServiceError) as refused:
        api_token_create(**{"staff": operator, "name": "dashboard", **change})
    assert refused.value.code == code
    assert not ApiToken.objects.exists()


def test_no_token_for_an_account_that_is_not_active(operator):
    operator.is_active = False
    operator.save(update_fields=["is_active"])
    with pytest.raises(ServiceError):
        api_token_create(staff=operator, name="dashboard")


def test_the_command_makes_lists_and_revokes(operator, capsys):
    call_command("tokens", "create", operator.username, "--name", "dashboard", "--days", "30")
    token = capsys.readouterr().out.strip()
    assert _me(token).status_code == 200

    call_command("tokens", "list")
    listing = capsys.readouterr().out
    assert token[:12] in listing and "active" in listing and token not in listing

    call_command("tokens", "revoke", token[:12])
    assert _me(token).status_code == 401
    with pytest.raises(CommandError, match="No staff account"):
        call_command("tokens", "create", "nobody", "--name", "x")
    with translation.override("id"), pytest.raises(CommandError, match="Tidak ada token yang diawali"):
        call_command("tokens", "revoke", "lkt_unknown")


def test_the_admin_revokes_the_selected_tokens_at_once(client, operator):
    rows = [api_token_create(staff=operator, name=f"job {n}")[0] for n in range(3)]
    admin = testing.make_staff(role=Role.SYSTEM_ADMIN)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)

    response = client.post(
        "/admin/core/apitoken/",
        {"action": "revoke", "_selected_action": [rows[0].pk, rows[1].pk]},
        follow=True,
    )

    assert response.status_code == 200
    revoked = dict(ApiToken.objects.values_list("pk", "revoked_at"))
    assert revoked[rows[0].pk] and revoked[rows[1].pk] and revoked[rows[2].pk] is None
