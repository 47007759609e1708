"""Gap-free numbering that holds under concurrency.

``next_value`` must run inside the caller's transaction: the number is taken and the record that
uses it is written together, so a rolled-back transaction gives its number back and no number is
ever skipped or handed out twice, however many processes ask at once.
"""

from __future__ import annotations

from django.db import IntegrityError, connection, transaction

from loket.core.models import Counter

# One round trip: the row lock is taken and the new value read in the same statement, so the lock
# (held until the caller commits) is the only wait between concurrent kiosks. SQLite has had
# RETURNING since 3.35.
_INCREMENT = f"UPDATE {Counter._meta.db_table} SET value = value + 1 WHERE key = %s RETURNING value"  # noqa: S608


def next_value(key: str) -> int:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_value() must run inside the transaction that uses the number")
    with connection.cursor() as cursor:
        cursor.execute(_INCREMENT, [key])
        row = cursor.fetchone()
    if row is not None:
        return int(row[0])
    # The first caller for a key creates the row. A racing creator gets IntegrityError inside the
    # savepoint (on PostgreSQL after waiting for the winner to commit) and then increments the
    # winner's row like everybody else.
    try:
        with transaction.atomic():
            Counter.objects.create(key=key, value=1)
            return 1
    except IntegrityError:
        with connection.cursor() as cursor:
            cursor.execute(_INCREMENT, [key])
            return int(cursor.fetchone()[0])
