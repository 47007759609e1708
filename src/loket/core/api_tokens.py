"""API tokens: made for a staff member (shown once), recognised on each request, revoked.

``loket tokens create|list|revoke`` and the admin's revoke action are the doors; ``api_auth.TokenAuth``
reads them. A token is ``lkt_`` and 43 URL-safe characters (256 random bits); the database keeps its
SHA-256 digest and its first 12 characters.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.core.errors import ServiceError
from loket.core.models import ApiToken
from loket.offices.access import role_of

if TYPE_CHECKING:
    from loket.offices.models import Staff

PREFIX = "lkt_"
MAX_DAYS = 730
# A program calling every second would otherwise write a row a second; a minute is precise enough.
LAST_USED_PRECISION = dt.timedelta(minutes=1)

NO_ROLE = _("This account has no role or is not active: a token for it would open nothing.")
NAME_REQUIRED = _("Say what the token is for (the program or person that will use it).")
BAD_DAYS = _("A token lasts from 1 to %(max)s days.")
NO_SUCH_TOKEN = _("No token starts with %(prefix)s.")


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, staff: Staff, name: str, days: int = 90) -> tuple[ApiToken, str]:
    """A new token for ``staff``: the row and the token itself, which is not kept and cannot be shown
    again."""
    name = " ".join((name or "").split())
    if role_of(staff) is None:
        raise ServiceError(NO_ROLE, code="no_role")
    if not name:
        raise ServiceError(NAME_REQUIRED, code="name_required")
    if not 1 <= days <= MAX_DAYS:
        raise ServiceError(BAD_DAYS, code="bad_days", max=MAX_DAYS)
    token = PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    row = ApiToken.objects.create(
        staff=staff,
        name=name[:80],
        prefix=token[:12],
        digest=digest_of(token),
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    return row, token


def api_tokens_revoke(tokens: QuerySet[ApiToken]) -> int:
    """Stop these tokens from working (those revoked before keep their date); how many were revoked."""
    return tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


def api_token_revoke(*, prefix: str) -> ApiToken:
    """The token that starts with ``prefix`` (as ``loket tokens list`` shows it), revoked."""
    tokens = ApiToken.objects.filter(prefix=prefix.strip().rstrip("…"))
    api_tokens_revoke(tokens)
    row = tokens.first()
    if row is None:
        raise ServiceError(NO_SUCH_TOKEN, code="no_such_token", prefix=prefix)
    return row


def staff_for_token(token: str) -> Staff | None:
    """The staff member a valid token acts as; None for an unknown, revoked or expired token or an
    account that lost its role."""
    if not token.startswith(PREFIX):
        return None
    now = timezone.now()
    row = (
        ApiToken.objects.filter(digest=digest_of(token), revoked_at__isnull=True, expires_at__gt=now)
        .select_related("staff")
        .first()
    )
    if row is None or role_of(row.staff) is None:
        return None
    if row.last_used_at is None or row.last_used_at < now - LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.staff
