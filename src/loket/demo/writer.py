"""Writing the history in bulk: rows buffered per table and written in large batches, with
executemany on SQLite and COPY on PostgreSQL.

The generator hands over rows already shaped as the columns below (ids chosen by the generator,
times formatted by ``when``), so writing is the database's work only. Rows of one batch go in table
order (persons before applications before events ..., see ``tables.py``) inside one transaction;
the foreign keys of both backends are checked at commit.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, transaction
from django.db.models import Max

from loket.demo.tables import TABLES

Row = Sequence[Any]


def _columns(key: str) -> tuple[str, list[str]]:
    model, fields = TABLES[key]
    return model._meta.db_table, [
        str(getattr(model._meta.get_field(name), "column", name)) for name in fields
    ]


class Ids:
    """The next free primary key of each table, read once at the start: the generator is the only
    writer while it runs, so it can choose ids itself instead of asking the database for each row."""

    def __init__(self) -> None:
        self._next = {
            key: (model._default_manager.aggregate(m=Max("id"))["m"] or 0) + 1
            for key, (model, _f) in TABLES.items()
        }

    def peek(self, key: str) -> int:
        return self._next[key]

    def take(self, key: str, count: int = 1) -> int:
        """The first of ``count`` consecutive new ids."""
        value = self._next[key]
        self._next[key] = value + count
        return value


class BulkWriter:
    def __init__(
        self, *, batch_applications: int = 20_000, on_flush: Callable[[int], None] | None = None
    ) -> None:
        self.vendor = connection.vendor
        self.rows: dict[str, list[Row]] = {key: [] for key in TABLES}
        self.pending_applications = 0
        self.batch_applications = batch_applications
        self.on_flush = on_flush
        self.written: dict[str, int] = dict.fromkeys(TABLES, 0)
        self._sql = {key: self._statement(key) for key in TABLES}
        # Django keeps datetimes in SQLite as naive UTC text; PostgreSQL gets an explicit offset.
        self._suffix = "+00" if self.vendor == "postgresql" else ""
        self._clock = [
            f"{h:02d}:{m:02d}:{sec:02d}{self._suffix}"
            for h in range(24)
            for m in range(60)
            for sec in range(60)
        ]
        self._dates: dict[int, str] = {}
        self._date_list: list[str] = []
        self._first_day = 0
        self._first_ids: dict[str, int] = {}

    def when(self, moment: int | None) -> str | None:
        """An epoch second as the text the database stores for a DateTimeField (UTC)."""
        if moment is None:
            return None
        day, second = divmod(moment, 86400)
        position = day - self._first_day
        if 0 <= position < len(self._date_list):
            return self._date_list[position] + self._clock[second]
        date = self._dates.get(day)
        if date is None:
            date = self._dates[day] = (dt.date(1970, 1, 1) + dt.timedelta(days=day)).isoformat() + " "
        return date + self._clock[second]

    def days_ahead(self, first: int, last: int) -> None:
        """Prepare the date texts of the days the history covers (epoch seconds ``first``..``last``)."""
        self._first_day = first // 86400
        start = dt.date(1970, 1, 1) + dt.timedelta(days=self._first_day)
        self._date_list = [
            (start + dt.timedelta(days=i)).isoformat() + " "
            for i in range(last // 86400 - self._first_day + 1)
        ]

    # SQLite evaluates a CHECK with an IN list by building a small temporary table for every row,
    # which makes it five times slower than the insert itself. While loading, the checks are set
    # aside and then run once over all the new rows, as one query per constraint: the same rules,
    # checked set-wise. (PostgreSQL checks them cheaply as rows arrive.)

    def start(self, ids: Ids) -> None:
        self._first_ids = {key: ids.peek(key) for key in TABLES}
        if self.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -131072")  # 128 MB of page cache for the index inserts
                cursor.execute("PRAGMA ignore_check_constraints = ON")

    def finish(self) -> None:
        self.flush()
        if self.vendor != "sqlite":
            return
        self.release()
        raw = connection.connection.cursor()
        try:
            for key, (model, _fields) in TABLES.items():
                table = model._meta.db_table
                create = raw.execute(
                    "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table]
                )
                for name, expression in _check_constraints(create.fetchone()[0]):
                    quoted = connection.ops.quote_name(table)
                    query = f"SELECT COUNT(*) FROM {quoted} WHERE id >= ? AND NOT ({expression})"  # noqa: S608
                    bad = raw.execute(query, [self._first_ids[key]]).fetchone()[0]
                    if bad:
                        raise AssertionError(f"{bad} generated rows of {table} break the constraint {name}")
        finally:
            raw.close()

    def release(self) -> None:
        """Checks back on for every later statement of this connection (also after a failure)."""
        if self.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA ignore_check_constraints = OFF")

    def _statement(self, key: str) -> str:
        table, columns = _columns(key)
        quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
        if self.vendor == "postgresql":
            return f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
        marks = ", ".join("?" for _ in columns)
        return f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({marks})"  # noqa: S608

    def add(self, key: str, row: Row) -> None:
        self.rows[key].append(row)

    def application_done(self) -> None:
        self.pending_applications += 1
        if self.pending_applications >= self.batch_applications:
            self.flush()

    def flush(self) -> None:
        if not any(self.rows.values()):
            return
        with transaction.atomic():
            connection.ensure_connection()
            for key in TABLES:
                rows = self.rows[key]
                if rows:
                    self._write(key, rows)
                    self.written[key] += len(rows)
                    rows.clear()  # the same list object: the generator appends to it directly
        done, self.pending_applications = self.pending_applications, 0
        if self.on_flush:
            self.on_flush(done)

    def _write(self, key: str, rows: list[Row]) -> None:
        if self.vendor == "postgresql":
            with connection.cursor() as cursor, cursor.cursor.copy(self._sql[key]) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            raw = connection.connection.cursor()
            try:
                raw.executemany(self._sql[key], rows)
            finally:
                raw.close()


def _check_constraints(create_table: str) -> list[tuple[str, str]]:
    """The named CHECK constraints of a CREATE TABLE statement, with their expressions."""
    found = []
    for match in re.finditer(r'CONSTRAINT "([^"]+)" CHECK \(', create_table):
        depth, position = 1, match.end()
        while depth:
            char = create_table[position]
            depth += 1 if char == "(" else -1 if char == ")" else 0
            position += 1
        found.append((match.group(1), create_table[match.end() : position - 1]))
    return found
