"""Who is calling the JSON API: a staff member logged in through the staff login page (session
cookie, with the CSRF token on every unsafe request), or a program sending an API token
(``Authorization: Bearer lkt_...``, see ``api_tokens.py``) or HTTP Basic credentials.

All end in ``request.auth``, the Staff member; endpoints pass it to selectors and services, which
check role and office. Anyone else gets 401 with a message in the caller's language.

Use them in this order, ``auth=[TokenAuth(), BasicAuth(), SessionAuth()]``: a token and Basic answer
only when an ``Authorization`` header of their scheme is present, and the session check comes last
because it is the one that turns "nobody" into the 401. Programs should use a token: Basic costs a
PBKDF2 round (about half a second here) on every request, and a password in a script is a login.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja.security import APIKeyCookie
from ninja.security.http import DecodeError, HttpBasicAuth, HttpBearer
from ninja.utils import check_csrf

from loket.core.api_tokens import staff_for_token
from loket.core.errors import NotPermitted, ServiceError
from loket.offices.access import NOT_STAFF, role_of

WRONG_CREDENTIALS = _("Wrong username or password, or the account is not active.")
WRONG_TOKEN = _("This API token is unknown, revoked or expired, or its account is no longer active.")
BAD_AUTHORIZATION = _("The Authorization header is not valid HTTP Basic credentials.")
# Django's own wording, so its catalogue already translates it.
CSRF_FAILED = _("CSRF verification failed. Request aborted.")

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class NotAuthenticated(ServiceError):
    """Nobody we know is calling. (No ``WWW-Authenticate`` header is sent on purpose: it would make
    browsers prompt for a password and then send it along with every cross-site request.)"""

    http_status = 401


def _staff_or_none(user: Any) -> Any:
    """The user, if it is an active staff member with a role; otherwise None."""
    return user if role_of(user) is not None else None


class BasicAuth(HttpBasicAuth):
    """HTTP Basic over the same accounts, through ``django.contrib.auth.authenticate`` so
    django-axes counts wrong passwords and locks the username out like a failed login."""

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header)
        if not header:
            return None
        if not header.lower().startswith("basic "):
            return None  # some other scheme: not ours to judge
        try:
            username, password = self.decode_authorization(header)
        except DecodeError:
            raise NotAuthenticated(BAD_AUTHORIZATION, code="bad_authorization") from None
        return self.authenticate(request, username, password)

    def authenticate(self, request: HttpRequest, username: str, password: str) -> Any:
        user = _staff_or_none(authenticate(request=request, username=username, password=password))
        if user is None:
            raise NotAuthenticated(WRONG_CREDENTIALS, code="wrong_credentials")
        return user


class TokenAuth(HttpBearer):
    """An API token made with ``loket tokens create``; checked by its SHA-256 digest."""

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header, "")
        scheme, _space, token = header.partition(" ")
        if scheme.lower() != self.openapi_scheme:
            return None  # no header, or Basic: not ours to judge
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        staff = staff_for_token(token)
        if staff is None:
            raise NotAuthenticated(WRONG_TOKEN, code="wrong_token")
        return staff


class SessionAuth(APIKeyCookie):
    """The staff login's session cookie, as ninja's ``django_auth`` but with a 401 for anonymous
    callers (instead of a CSRF failure) and a translated message for a missing CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest) -> Any:
        return self.authenticate(request, request.COOKIES.get(self.param_name))

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = _staff_or_none(getattr(request, "user", None))
        if user is None:
            raise NotAuthenticated(NOT_STAFF, code="not_authenticated")
        if self._needs_csrf(request) and check_csrf(request) is not None:
            raise NotPermitted(CSRF_FAILED, code="csrf_failed")
        return user

    def _needs_csrf(self, request: HttpRequest) -> bool:
        return request.method not in SAFE_METHODS and not getattr(request, "_ninja_csrf_exempt", False)


def staff_auth() -> list[Any]:
    """The authentication every staff endpoint uses."""
    return [TokenAuth(), BasicAuth(), SessionAuth()]
