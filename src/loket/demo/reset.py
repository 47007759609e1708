"""``loket demo --reset``: remove the demo offices with everything that hangs off them.

A million applications cannot go through Django's deletion collector (it loads every row), and
events are protected from the ORM's cascade on purpose. So rows are deleted with plain SQL, each
table's dependants first, following the relations the models declare: rows of other rooms that point
at a demo application (an outbox line, a survey answer ...) go too, without this module knowing them.
Citizens are removed only if no other office has an application of theirs.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connection, models, transaction

from loket.applications.models import Application
from loket.core.models import Counter
from loket.demo import setup
from loket.offices.models import Office, Staff
from loket.people.models import Person

_MAX_DEPTH = 12


class ResetRefused(Exception):
    pass


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _dependants(model: type[models.Model], tables: set[str]) -> list[Any]:
    """Relations pointing at ``model`` whose table exists (a model still without its migration has none)."""
    return [
        f
        for f in model._meta.get_fields(include_hidden=True)
        if f.auto_created
        and not f.concrete
        and (f.one_to_many or f.one_to_one)
        and f.related_model._meta.db_table in tables  # type: ignore[union-attr]
    ]


def _delete(
    model: type[models.Model], where: str, params: list[Any], tables: set[str], depth: int = 0
) -> int:
    """Delete the rows of ``model`` matching ``where``, and first every row that refers to them."""
    if depth > _MAX_DEPTH:
        raise ResetRefused(f"relations nest deeper than {_MAX_DEPTH} levels at {model.__name__}")
    table, pk = _q(model._meta.db_table), _q(str(model._meta.pk.column))
    selected = f"SELECT {pk} FROM {table} WHERE {where}"  # noqa: S608
    with connection.cursor() as cursor:
        for relation in _dependants(model, tables):
            related = relation.related_model
            column = _q(str(relation.field.column))
            if relation.on_delete is models.SET_NULL:
                cursor.execute(
                    f"UPDATE {_q(related._meta.db_table)} SET {column} = NULL WHERE {column} IN ({selected})",  # noqa: S608
                    params,
                )
            else:
                _delete(related, f"{column} IN ({selected})", params, tables, depth + 1)
        cursor.execute(f"DELETE FROM {table} WHERE {where}", params)  # noqa: S608
        return cursor.rowcount


@transaction.atomic
def reset_demo() -> dict[str, int]:
    if settings.PRODUCTION:
        raise ResetRefused("Refusing to delete data in production (LOKET_ENV=production).")
    codes = [spec.code for spec in setup.OFFICES]
    tables = set(connection.introspection.table_names())
    office_ids = list(Office.objects.filter(code__in=codes).values_list("id", flat=True))
    deleted = {"applications": 0, "persons": 0, "offices": 0, "staff": 0}
    apps = _q(Application._meta.db_table)
    if office_ids:
        marks = ", ".join(["%s"] * len(office_ids))
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS demo_reset_people")
            cursor.execute(
                f"CREATE TEMPORARY TABLE demo_reset_people AS SELECT DISTINCT person_id AS id FROM {apps} "  # noqa: S608
                f"WHERE office_id IN ({marks})",
                office_ids,
            )
        deleted["applications"] = _delete(Application, f"office_id IN ({marks})", list(office_ids), tables)
        deleted["persons"] = _delete(
            Person,
            f"id IN (SELECT id FROM demo_reset_people) AND id NOT IN (SELECT person_id FROM {apps})",  # noqa: S608
            [],
            tables,
        )
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE demo_reset_people")
        deleted["offices"] = _delete(Office, f"id IN ({marks})", list(office_ids), tables)
    marks = ", ".join(["%s"] * len(setup.DEMO_USERNAMES))
    deleted["staff"] = _delete(Staff, f"username IN ({marks})", list(setup.DEMO_USERNAMES), tables)
    for code in codes:
        Counter.objects.filter(key__startswith=f"suket:{code}:").delete()
    for office_id in office_ids:  # the queue numbers of the demo offices' days
        Counter.objects.filter(key__startswith=f"queue:{office_id}:").delete()
    setup.logins_path().unlink(missing_ok=True)
    return deleted
