"""Writing the history in bulk: rows buffered per table and written in large batches, with
executemany on SQLite and COPY on PostgreSQL.

The generator hands over rows already shaped as the columns below (ids chosen by the generator,
times formatted by ``when``), so writing is the database's work only. Rows of one batch go in table
order (persons before applications before events ...) inside one transaction; the foreign keys of
both backends are checked at commit.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, transaction
from django.db.models import Max, Model

from loket.applications.models import (
    Application,
    ApplicationEvent,
    ApplicationRequirement,
    BlankMovement,
    Pickup,
    Suket,
)
from loket.people.models import Person

# Table key -> (model, field names in row order).
TABLES: dict[str, tuple[type[Model], tuple[str, ...]]] = {
    "person": (
        Person,
        (
            "id",
            "nik",
            "kk_number",
            "full_name",
            "birth_place",
            "birth_date",
            "sex",
            "address",
            "village",
            "phone",
            "email",
            "created_at",
            "updated_at",
        ),
    ),
    "application": (
        Application,
        (
            "id",
            "office",
            "person",
            "service_type",
            "channel",
            "receipt_number",
            "status",
            "submitted_at",
            "status_changed_at",
            "clock_started_at",
            "due_at",
            "completed_at",
            "closed_at",
            "registered_at",
            "created_by",
        ),
    ),
    "requirement": (
        ApplicationRequirement,
        ("id", "application", "code", "fulfilled", "checked_at", "checked_by"),
    ),
    "event": (
        ApplicationEvent,
        ("id", "application", "at", "actor", "source", "from_status", "to_status", "note"),
    ),
    "movement": (
        BlankMovement,
        (
            "id",
            "office",
            "kind",
            "quantity",
            "balance_after",
            "application",
            "station",
            "actor",
            "at",
            "reference",
            "note",
        ),
    ),
    "suket": (Suket, ("id", "application", "number", "status_code", "issued_at", "valid_until", "issued_by")),
    "pickup": (
        Pickup,
        (
            "id",
            "application",
            "collector_kind",
            "collector_name",
            "collector_relation",
            "identity_check",
            "note",
            "at",
            "actor",
        ),
    ),
}
Row = Sequence[Any]


def _columns(key: str) -> tuple[str, list[str]]:
    model, fields = TABLES[key]
    return model._meta.db_table, [model._meta.get_field(name).column for name in fields]


class Ids:
    """The next free primary key of each table, read once at the start: the generator is the only
    writer while it runs, so it can choose ids itself instead of asking the database for each row."""

    def __init__(self) -> None:
        self._next = {
            key: (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1 for key, (model, _f) in TABLES.items()
        }

    def take(self, key: str) -> int:
        value = self._next[key]
        self._next[key] = value + 1
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
        if self.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -131072")  # 128 MB of page cache for the index inserts

    def when(self, moment: int | None) -> str | None:
        """An epoch second as the text the database stores for a DateTimeField."""
        if moment is None:
            return None
        return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(moment)) + self._suffix

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
                    self.rows[key] = []
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
