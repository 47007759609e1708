"""Gap-free numbering that holds under concurrency.

``next_value`` must run inside the caller's transaction: the number is taken and the record that
uses it is written together, so a rolled-back transaction gives its number back and no number is
ever skipped or handed out twice, however many processes ask at once.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from loket.core.models import Counter


def next_value(key: str) -> int:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_value() must run inside the transaction that uses the number")
    # The row lock serialises concurrent callers on PostgreSQL; SQLite's IMMEDIATE transactions
    # already hold the database write lock. The first caller for a key creates the row; a racing
    # creator gets IntegrityError inside a savepoint and then locks the row the winner made.
    counter = Counter.objects.select_for_update().filter(key=key).first()
    if counter is None:
        try:
            with transaction.atomic():
                counter = Counter.objects.create(key=key, value=0)
        except IntegrityError:
            counter = Counter.objects.select_for_update().get(key=key)
    counter.value += 1
    counter.save(update_fields=["value"])
    return counter.value
