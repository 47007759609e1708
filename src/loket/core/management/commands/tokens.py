"""``loket tokens ...``: API tokens for programs that call the JSON API (a dashboard, the city's
reporting job). A token acts as one staff member, with that member's role and office.

loket tokens create USERNAME --name "dashboard Disdukcapil" [--days 90]
                                  prints the token once: it is not kept and cannot be shown again
loket tokens list                 every token: start, account, purpose, expiry, last use, revoked
loket tokens revoke START         the first characters shown by ``list`` (lkt_XXXXXXXX)
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from loket.core.api_tokens import api_token_create, api_token_revoke
from loket.core.errors import ServiceError
from loket.core.models import ApiToken


class Command(BaseCommand):
    help = "Make, list and revoke API tokens (Authorization: Bearer ...)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="a new token for a staff account")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="what the token is for")
        create.add_argument("--days", type=int, default=90, help="how long it lasts (default 90)")
        actions.add_parser("list", help="every token, without the tokens themselves")
        revoke = actions.add_parser("revoke", help="stop a token from working")
        revoke.add_argument("start", help="the token's first characters, as shown by list")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, "_" + options["action"])(options)
        except ServiceError as exc:
            raise CommandError(exc.message) from None

    def _create(self, options: dict[str, Any]) -> None:
        staff = get_user_model().objects.filter(username=options["username"]).first()
        if staff is None:
            raise CommandError(f"No staff account is called {options['username']!r}.")
        row, token = api_token_create(staff=staff, name=options["name"], days=options["days"])
        self.stderr.write(f"Token for {staff.username} ({row.name}), valid until {row.expires_at:%Y-%m-%d}.")
        self.stderr.write("Copy it now: it is not kept and cannot be shown again.")
        self.stdout.write(token)

    def _list(self, options: dict[str, Any]) -> None:
        now = timezone.now()
        for row in ApiToken.objects.select_related("staff"):
            state = "revoked" if row.revoked_at else ("expired" if row.expires_at <= now else "active")
            used = f"{row.last_used_at:%Y-%m-%d %H:%M}" if row.last_used_at else "never used"
            self.stdout.write(
                f"{row.prefix}  {row.staff.username:<16} {state:<8} until {row.expires_at:%Y-%m-%d}  "
                f"{used:<16}  {row.name}"
            )

    def _revoke(self, options: dict[str, Any]) -> None:
        row = api_token_revoke(prefix=options["start"])
        self.stdout.write(f"{row.prefix} revoked ({row.name}).")
