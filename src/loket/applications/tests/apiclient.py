"""Helpers shared by the API tests: a JSON client for one staff member, and applications moved
along the lifecycle through the services (never by writing a status directly)."""

from __future__ import annotations

import json
from base64 import b64encode
from typing import Any

from django.test import Client
from django.utils import translation

from loket import testing
from loket.applications.lifecycle import Status
from loket.applications.services import application_transition
from loket.offices.models import Role

# Each step the way the office does it, with the role that does it.
CARD_CHAIN = [
    (Status.DOCUMENTS_VERIFIED, Role.OPERATOR),
    (Status.BIOMETRICS_CAPTURED, Role.RECORDING_OFFICER),
    (Status.SENT_FOR_ENROLLMENT, Role.RECORDING_OFFICER),
    (Status.RECEIVED_AT_CENTRAL, Role.RECORDING_OFFICER),
    (Status.PRINT_READY, Role.RECORDING_OFFICER),
]


def basic_header(username: str, password: str = testing.PASSWORD) -> str:
    return "Basic " + b64encode(f"{username}:{password}".encode()).decode()


class Api:
    """A JSON client logged in as ``user`` (session cookie), speaking ``language``."""

    def __init__(self, user: Any = None, *, language: str = "en", client: Client | None = None) -> None:
        self.client = client or Client()
        self.headers = {"Accept-Language": language}
        if user is not None:
            self.client.force_login(user)

    def get(self, path: str, params: dict[str, Any] | None = None, **headers: str) -> Any:
        return self.client.get(_url(path), params or {}, headers={**self.headers, **headers})

    def post(self, path: str, body: Any = None, *, raw: str | bytes | None = None, **headers: str) -> Any:
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        return self.client.post(
            _url(path), data, content_type="application/json", headers={**self.headers, **headers}
        )

    def put(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.client.put(
            _url(path), json.dumps(body), content_type="application/json", headers={**self.headers, **headers}
        )


def _url(path: str) -> str:
    return path if path.startswith("/api/") else "/api/" + path.lstrip("/")


def advance(app: Any, office: Any, to: Status) -> Any:
    """Walk a card application along the usual chain up to ``to``."""
    for target, role in CARD_CHAIN:
        if app.status == to:
            break
        app = application_transition(
            application=app, to_status=target, actor=testing.make_staff(role=role, office=office)
        )
    assert app.status == to
    return app


def message_in(message: Any, language: str = "en", **params: Any) -> str:
    """A service's message as the API gives it in ``language``."""
    with translation.override(language):
        text = str(message)
        return text % params if params else text
