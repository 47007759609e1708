"""The bulk writer keeps the database's rules even where it loads around them."""

from __future__ import annotations

import pytest
from django.db import connection

from loket import testing
from loket.demo.fastrandom import FastRandom
from loket.demo.receipts import ReceiptSequence
from loket.demo.writer import BulkWriter, Ids, _check_constraints


def test_receipts_are_unique_reproducible_and_in_the_receipt_alphabet():
    first = ReceiptSequence(FastRandom(5))
    again = ReceiptSequence(FastRandom(5))
    receipts = [first.next() for _ in range(50_000)]
    assert receipts[:100] == [again.next() for _ in range(100)]
    assert len(set(receipts)) == len(receipts)
    assert all(len(r) == 10 and set(r) <= set("0123456789ABCDEFGHJKMNPQRSTVWXYZ") for r in receipts)


def test_check_constraints_are_read_with_their_whole_expression():
    sql = (
        'CREATE TABLE t ("a" int, CONSTRAINT "a_ok" CHECK (("a" IN (1, 2) OR "a" IS NULL)), '
        'CONSTRAINT "b" CHECK (a > 0))'
    )
    assert _check_constraints(sql) == [("a_ok", '("a" IN (1, 2) OR "a" IS NULL)'), ("b", "a > 0")]


@pytest.mark.django_db
def test_a_row_breaking_a_check_constraint_is_caught_after_the_load():
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL checks each row as it arrives")
    app = testing.make_application(office=testing.make_office())
    ids = Ids()
    writer = BulkWriter()
    writer.start(ids)
    try:
        writer.rows["event"].append(
            (
                ids.take("event"),
                app.pk,
                writer.when(1_720_000_000),
                None,
                "gossip",
                "submitted",
                "documents_verified",
                "",
            )
        )
        with pytest.raises(AssertionError, match="event_source_valid"):
            writer.finish()
    finally:
        writer.release()
