"""The ``loket`` console command: Django's management commands plus the project's own
(``loket demo``, ``loket welcome`` ...). ``loket help`` lists them all."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["central"]:
        # The reference central registry is a program of its own: its settings, its database.
        os.environ["DJANGO_SETTINGS_MODULE"] = "loket.central.settings"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["loket", *args])


if __name__ == "__main__":
    main()
