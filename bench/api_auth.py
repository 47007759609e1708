"""Benchmark: the cost of an API token on a request, against the same request by a logged-in session.

    .venv/bin/python bench/api_auth.py [--requests 300]

In process (Django's test client, a temporary SQLite database), ``GET /api/offices/me``:
- figure: requests per second with ``Authorization: Bearer lkt_...`` (a SHA-256 digest and one
  indexed lookup, the last-use stamp written at most once a minute);
- baseline: the same endpoint with a session cookie (no credential to check);
- also reported: HTTP Basic with the account's password, what programs had to use before (a PBKDF2
  round by design, and django-axes bookkeeping), over a few requests.

The last line printed is one JSON object with figure, baseline and ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from base64 import b64encode
from pathlib import Path


def setup_django(data_dir: str) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    os.environ.update(LOKET_DATA_DIR=data_dir, DJANGO_SETTINGS_MODULE="loket.settings")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def rate(client, path: str, headers: dict[str, str], count: int) -> float:
    start = time.perf_counter()
    for _ in range(count):
        response = client.get(path, headers=headers)
        assert response.status_code == 200, response.content
    return count / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        setup_django(data_dir)
        from django.test import Client

        from loket import testing
        from loket.core.api_tokens import api_token_create
        from loket.offices.models import Role

        staff = testing.make_staff(role=Role.OPERATOR, office=testing.make_office(code="bench"))
        _row, token = api_token_create(staff=staff, name="bench")
        session = Client(HTTP_HOST="localhost")
        session.force_login(staff)
        plain = Client(HTTP_HOST="localhost")
        path = "/api/offices/me"
        basic = "Basic " + b64encode(f"{staff.username}:{testing.PASSWORD}".encode()).decode()

        rate(session, path, {}, 20)  # warm up: imports, caches, the first queries
        print(f"{args.requests} requests each on {path} ...", file=sys.stderr)
        baseline = rate(session, path, {}, args.requests)
        figure = rate(plain, path, {"Authorization": f"Bearer {token}"}, args.requests)
        basic_rate = rate(plain, path, {"Authorization": basic}, 5)
        print(
            json.dumps(
                {
                    "benchmark": "api_auth",
                    "figure": {"token_requests_per_second": round(figure, 1)},
                    "baseline": {"session_requests_per_second": round(baseline, 1)},
                    "ratio": round(figure / baseline, 3),
                    "basic_requests_per_second": round(basic_rate, 2),
                    "basic_ratio": round(basic_rate / baseline, 4),
                }
            )
        )


if __name__ == "__main__":
    main()
