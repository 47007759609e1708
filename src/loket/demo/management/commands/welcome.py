"""``loket welcome``: where loket runs and how to log in, printed after ``make run`` has prepared it.

Console output for the person installing loket, in English like Django's own commands.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse

from loket.demo.setup import logins_path, read_logins
from loket.offices.models import Role


class Command(BaseCommand):
    help = "Print the address of loket, its main pages and the demo staff logins."

    def handle(self, *args: Any, **options: Any) -> None:
        base = settings.LOKET_PUBLIC_URL
        write = self.stdout.write
        write(f"loket is running at {base}/")
        write(f"  Staff login:  {base}{reverse('login')}")
        write(f"  API docs:     {base}{reverse('api:openapi-view')}")
        write(f"  Admin:        {base}{reverse('admin:index')}")
        logins = read_logins()
        if not logins:
            write(
                f"No demo logins yet ({logins_path()} does not exist): run `loket demo` to create the demo "
                "offices and their staff, or `loket createsuperuser` for an account of your own."
            )
            return
        labels = dict(Role.choices)
        rows = [("username", "password", "role", "office")] + [
            (
                e["username"],
                e["password"],
                f"{e['role']} ({labels.get(e['role'], '')})",
                e.get("office") or "-",
            )
            for e in logins
        ]
        widths = [max(len(str(row[i])) for row in rows) for i in range(4)]
        write(f"Demo logins (from {logins_path()}):")
        for position, row in enumerate(rows):
            write(
                "  "
                + "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            )
            if position == 0:
                write("  " + "  ".join("-" * width for width in widths))
