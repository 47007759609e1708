"""Benchmark: queue tickets issued per second by 50 concurrent kiosk clients, on PostgreSQL.

    .venv/bin/python bench/intake_tickets.py [--clients 50] [--seconds 15] [--database-url postgres://...]

In one run, on a new PostgreSQL database (``<name>_bench_intake_<pid>``, dropped afterwards):

1. the schema is migrated and an office is made with its default queue services, open every day
   all day (so the run does not depend on the hour), and a kiosk device cookie is signed;
2. gunicorn serves the project the way the Procfile does (gthread, 2 workers x 4 threads), with
   one extra URL: a trivial Django view (``HttpResponse("ok")``) behind the same middleware;
3. the load generator (processes x threads, keep-alive ``http.client`` connections, one
   connection per client) runs for the same time against
   - baseline: GET of the trivial view;
   - figure: POST to the kiosk (``/queue/kiosk/<office>/``), each client choosing one of the six
     registration services at random; a ticket counts when the answer is the redirect to its slip;
   - also reported: every client on one service (one prefix, so every issue waits for the same
     counter row: the worst case of the gap-free numbering).

The numbers are checked afterwards: per prefix they must run 1..n with no gap or duplicate.
The last line printed is one JSON object with figure, baseline and ratio.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
WARMUP_SECONDS = 3.0
THREADS_PER_PROCESS = 10

OVERLAY_SETTINGS = """
from loket.settings import *  # noqa: F403
ROOT_URLCONF = "bench_intake_urls"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
"""
OVERLAY_URLS = """
from django.http import HttpResponse
from django.urls import path

from loket.urls import urlpatterns as project_urlpatterns


def trivial(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/trivial/", trivial), *project_urlpatterns]
"""


# Database and server ------------------------------------------------------------------------


def create_database(base_url: str, suffix: str) -> str:
    import psycopg

    parts = urlparse(base_url)
    name = f"{(parts.path.lstrip('/') or 'loket')}_bench_{suffix}_{os.getpid()}"
    admin = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(parts._replace(path=f"/{name}"))


def drop_database(url: str) -> None:
    import psycopg

    parts = urlparse(url)
    admin = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def environment(database_url: str, overlay: Path, data_dir: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench_intake_settings",
        "PYTHONPATH": os.pathsep.join([str(overlay), os.environ.get("PYTHONPATH", "")]),
        "LOKET_DATA_DIR": str(data_dir),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "LOG_LEVEL": "ERROR",
        "DB_CONN_MAX_AGE": "600",
    }
    return env


def write_overlay(folder: Path) -> None:
    (folder / "bench_intake_settings.py").write_text(OVERLAY_SETTINGS)
    (folder / "bench_intake_urls.py").write_text(OVERLAY_URLS)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    # As the Procfile serves it.
    command = [
        str(BIN / "gunicorn"),
        "loket.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--threads",
        "4",
        "--worker-class",
        "gthread",
        "--keep-alive",
        "30",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/bench/trivial/")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(20)
    except subprocess.TimeoutExpired:
        server.kill()


def setup_django(env: dict[str, str]) -> None:
    for key in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "LOKET_DATA_DIR", "SECRET_KEY", "LOG_LEVEL"):
        os.environ[key] = env[key]
    sys.path.insert(0, env["PYTHONPATH"].split(os.pathsep)[0])
    import django

    django.setup()


def migrate(env: dict[str, str]) -> None:
    subprocess.run([str(BIN / "loket"), "migrate", "--noinput", "-v", "0"], env=env, check=True)


def make_office() -> Any:
    """An office open every day, all day, with its default services (prefixes A-G)."""
    import datetime as dt

    from loket import testing
    from loket.intake.services import intake_setup
    from loket.offices.models import OpeningHours

    office = testing.make_office(code="bench")
    OpeningHours.objects.filter(office=office).delete()
    for weekday in range(7):
        OpeningHours.objects.create(
            office=office, weekday=weekday, opens=dt.time(0, 0), closes=dt.time(23, 59)
        )
    settings = intake_setup(office)
    settings.last_ticket_minutes_before_close = 0
    settings.save()
    from loket.offices.calendar import WorkingCalendar

    reason = WorkingCalendar.for_office(office).closed_reason(dt.date.today())  # noqa: DTZ011
    if reason:
        raise SystemExit(f"Today is a public holiday ({reason}): the kiosk refuses tickets; run another day.")
    return office


def close_connections() -> None:
    from django.db import connections

    connections.close_all()


# Load generator -------------------------------------------------------------------------------


def _client(
    port: int,
    kind: str,
    spec: dict[str, Any],
    start: float,
    stop: float,
    counts: list[int],
    lock: threading.Lock,
) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers: dict[str, str] = {}
    if kind == "kiosk":
        # One GET first, as a kiosk does: the CSRF cookie and the form's token.
        conn.request("GET", spec["path"], headers={"Cookie": spec["cookie"]})
        page = conn.getresponse()
        body = page.read().decode()
        csrf_cookie = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie") or "").group(1)  # type: ignore[union-attr]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)  # type: ignore[union-attr]
        headers = {
            "Cookie": f"{spec['cookie']}; csrftoken={csrf_cookie}",
            "Content-Type": "application/x-www-form-urlencoded",
            "X-CSRFToken": token,
        }
    done = errors = 0
    while time.monotonic() < start:
        time.sleep(0.001)
    while (now := time.monotonic()) < stop:
        try:
            if kind == "kiosk":
                service = random.choice(spec["services"])
                conn.request("POST", spec["path"], body=f"service={service}", headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 302 and "/queue/t/" in (response.getheader("Location") or "")
            else:
                conn.request("GET", spec["path"], headers=spec.get("headers", {}))
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            ok = False
        if now >= start + WARMUP_SECONDS:
            if ok:
                done += 1
            else:
                errors += 1
    with lock:
        counts[0] += done
        counts[1] += errors


def _process(
    port: int, kind: str, spec: dict[str, Any], threads: int, start: float, stop: float, out: Any
) -> None:
    counts = [0, 0]
    lock = threading.Lock()
    workers = [
        threading.Thread(target=_client, args=(port, kind, spec, start, stop, counts, lock))
        for _ in range(threads)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    out.put(tuple(counts))


def load(port: int, kind: str, spec: dict[str, Any], *, clients: int, seconds: float) -> dict[str, float]:
    """``clients`` concurrent clients for ``seconds`` (after a warm-up); requests per second."""
    context = multiprocessing.get_context("fork")
    out = context.Queue()
    processes = max(1, clients // THREADS_PER_PROCESS)
    sizes = [clients // processes + (1 if i < clients % processes else 0) for i in range(processes)]
    start = time.monotonic() + 2.0
    stop = start + WARMUP_SECONDS + seconds
    procs = [context.Process(target=_process, args=(port, kind, spec, n, start, stop, out)) for n in sizes]
    for proc in procs:
        proc.start()
    done = errors = 0
    for _ in procs:
        d, e = out.get(timeout=seconds + 120)
        done, errors = done + d, errors + e
    for proc in procs:
        proc.join()
    return {"per_second": round(done / seconds, 1), "requests": done, "errors": errors}


def check_numbers() -> dict[str, int]:
    """Per prefix the numbers must run 1..n: no gap, no duplicate."""
    from django.db.models import Count, Max

    from loket.intake.models import Ticket

    rows = Ticket.objects.values("day", "prefix").annotate(n=Count("id"), top=Max("number"))
    for row in rows:
        if row["n"] != row["top"]:
            raise SystemExit(f"numbering broken for {row}: {row['n']} tickets, highest number {row['top']}")
    return {f"{r['prefix']}": r["n"] for r in rows}


def run(args: argparse.Namespace) -> dict[str, Any]:
    from loket.intake.models import QueueService
    from loket.intake.views.common import KIOSK_COOKIE, kiosk_cookie_value

    office = make_office()
    services = list(
        QueueService.objects.filter(office=office, first_stage="registration").values_list("pk", flat=True)
    )
    cookie = f"{KIOSK_COOKIE}={kiosk_cookie_value(office.pk)}"
    close_connections()
    port = free_port()
    server = start_server(args.env, port)
    try:
        trivial = {"path": "/bench/trivial/"}
        kiosk = {"path": f"/queue/kiosk/{office.code}/", "cookie": cookie, "services": services}
        baseline = load(port, "get", trivial, clients=args.clients, seconds=args.seconds)
        figure = load(port, "kiosk", kiosk, clients=args.clients, seconds=args.seconds)
        one_prefix = load(
            port, "kiosk", {**kiosk, "services": services[:1]}, clients=args.clients, seconds=args.seconds
        )
    finally:
        stop_server(server)
    issued = check_numbers()
    return {
        "benchmark": "intake_tickets",
        "unit": "tickets issued per second (50 concurrent kiosk clients, PostgreSQL)",
        "figure": figure["per_second"],
        "baseline": baseline["per_second"],
        "ratio": round(figure["per_second"] / baseline["per_second"], 3),
        "baseline_unit": "requests per second of a trivial Django view, same server, same clients",
        "one_prefix_figure": one_prefix["per_second"],
        "one_prefix_ratio": round(one_prefix["per_second"] / baseline["per_second"], 3),
        "errors": {
            "baseline": baseline["errors"],
            "figure": figure["errors"],
            "one_prefix": one_prefix["errors"],
        },
        "clients": args.clients,
        "seconds": args.seconds,
        "server": "gunicorn gthread 2 workers x 4 threads",
        "cpus": os.cpu_count(),
        "tickets_per_prefix": issued,
        "numbering": "no gap, no duplicate",
    }


def main(runner: Any = run, suffix: str = "intake") -> None:
    parser = argparse.ArgumentParser(description="Intake benchmark on PostgreSQL (see the module docstring).")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/loket",
        help="a PostgreSQL server; a new database is created on it and dropped afterwards",
    )
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("This benchmark runs on PostgreSQL: pass --database-url postgres://...")
    url = create_database(args.database_url, suffix)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            write_overlay(folder)
            args.env = environment(url, folder, folder / "data")
            migrate(args.env)
            setup_django(args.env)
            result = runner(args)
            close_connections()
    finally:
        if not args.keep:
            drop_database(url)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
