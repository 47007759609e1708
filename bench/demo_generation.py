"""Benchmark: `loket demo --applications N` on a fresh database, against a floor of plain inserts.

    .venv/bin/python bench/demo_generation.py [--applications 1000000] [--database-url postgres://...]

Without --database-url (or DATABASE_URL) the database is a new SQLite file in a temporary
LOKET_DATA_DIR. With a PostgreSQL URL a new database named <name>_bench_<pid> is created on that
server and dropped afterwards (--keep keeps it). The demo runs as its own process (`loket migrate`,
then `loket demo --applications N`), timed from start to end. The baseline then inserts as many bare
rows as the demo wrote, in total over all its tables, into one table shaped like the event table
(no secondary indexes) with plain executemany in batches of 10,000: the floor of what the
database can take from Python. The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
LOKET = str(ROOT / ".venv" / "bin" / "loket")
TABLES = (
    "people_person",
    "applications_application",
    "applications_applicationrequirement",
    "applications_applicationevent",
    "applications_blankmovement",
    "applications_suket",
    "applications_pickup",
    # The later rooms' rows the demo writes in bulk too (consent, past apologies, the queue).
    "notifications_notificationpreference",
    "notifications_consentevent",
    "notifications_overduenotice",
    "intake_bookingslot",
    "intake_booking",
    "intake_ticket",
    "intake_visit",
    "intake_call",
)
BASELINE_TABLE = "bench_bare_rows"
BATCH = 10_000


def run(env: dict[str, str], *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([LOKET, *args], env=env, check=True)
    return time.perf_counter() - started


def bare_rows(count: int):
    note = ""
    for i in range(1, count + 1):
        yield (i, i // 8 + 1, "2024-07-31 03:04:05", None, "sync", "submitted", "documents_verified", note)


def baseline_sqlite(path: Path, rows: int) -> float:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute(
        f"CREATE TABLE {BASELINE_TABLE} (id integer PRIMARY KEY, application_id bigint NOT NULL,"
        " at datetime NOT NULL, actor_id bigint NULL, source varchar(8) NOT NULL,"
        " from_status varchar(24) NOT NULL, to_status varchar(24) NOT NULL, note text NOT NULL)"
    )
    sql = f"INSERT INTO {BASELINE_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?)"  # noqa: S608
    started = time.perf_counter()
    batch = []
    for row in bare_rows(rows):
        batch.append(row)
        if len(batch) == BATCH:
            connection.executemany(sql, batch)
            connection.commit()
            batch = []
    connection.executemany(sql, batch)
    connection.commit()
    elapsed = time.perf_counter() - started
    connection.execute(f"DROP TABLE {BASELINE_TABLE}")
    connection.close()
    return elapsed


def baseline_postgres(url: str, rows: int) -> float:
    import psycopg

    with psycopg.connect(url) as connection:
        connection.execute(
            f"CREATE TABLE {BASELINE_TABLE} (id bigint PRIMARY KEY, application_id bigint NOT NULL,"
            " at timestamptz NOT NULL, actor_id bigint NULL, source varchar(8) NOT NULL,"
            " from_status varchar(24) NOT NULL, to_status varchar(24) NOT NULL, note text NOT NULL)"
        )
        connection.commit()
        sql = f"INSERT INTO {BASELINE_TABLE} VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"  # noqa: S608
        started = time.perf_counter()
        batch = []
        with connection.cursor() as cursor:
            for row in bare_rows(rows):
                batch.append(row)
                if len(batch) == BATCH:
                    cursor.executemany(sql, batch)
                    connection.commit()
                    batch = []
            cursor.executemany(sql, batch)
            connection.commit()
        elapsed = time.perf_counter() - started
        connection.execute(f"DROP TABLE {BASELINE_TABLE}")
        connection.commit()
    return elapsed


def count_sqlite(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        return {t: connection.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}  # noqa: S608


def count_postgres(url: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(url) as connection:
        return {t: connection.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}  # noqa: S608


def with_database(url: str, name: str) -> str:
    parts = urlparse(url)
    return urlunparse(parts._replace(path="/" + name))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--applications", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the database (PostgreSQL) or data folder")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="loket-bench-demo-"))
    env = {**os.environ, "LOKET_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    admin_url = ""
    if args.database_url:
        import psycopg

        admin_url = args.database_url
        name = f"{urlparse(admin_url).path.lstrip('/') or 'loket'}_bench_{os.getpid()}"
        with psycopg.connect(with_database(admin_url, "postgres"), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = with_database(admin_url, name)
    try:
        run(env, "migrate", "--noinput", "-v", "0")
        cpu_before = os.times()
        seconds = run(env, "demo", "--applications", str(args.applications), "--seed", str(args.seed))
        cpu_after = os.times()
        if args.database_url:
            counts = count_postgres(env["DATABASE_URL"])
            baseline = baseline_postgres(env["DATABASE_URL"], sum(counts.values()))
        else:
            counts = count_sqlite(data_dir / "loket.sqlite3")
            baseline = baseline_sqlite(data_dir / "loket.sqlite3", sum(counts.values()))
    finally:
        if args.database_url and not args.keep:
            with psycopg.connect(with_database(admin_url, "postgres"), autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if not args.keep:
            for path in sorted(data_dir.rglob("*"), reverse=True):
                path.unlink() if path.is_file() else path.rmdir()
            data_dir.rmdir()
    result = {
        "benchmark": "demo_generation",
        "applications": counts["applications_application"],
        "events": counts["applications_applicationevent"],
        "tickets": counts["intake_ticket"],
        "rows": sum(counts.values()),
        "seconds": round(seconds, 1),
        "cpu_seconds": round(
            cpu_after.children_user
            + cpu_after.children_system
            - cpu_before.children_user
            - cpu_before.children_system,
            1,
        ),
        "baseline_seconds": round(baseline, 1),
        "ratio": round(seconds / baseline, 2),
        "database": "postgresql" if args.database_url else "sqlite",
    }
    print(json.dumps(result))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
