"""A database trigger that refuses UPDATE on application events, whatever code tries it."""

from django.db import migrations

SQLITE_UP = """
CREATE TRIGGER application_event_immutable BEFORE UPDATE ON applications_applicationevent
BEGIN SELECT RAISE(ABORT, 'application events are immutable'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS application_event_immutable;"

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION application_event_immutable() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'application events are immutable'; END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER application_event_immutable BEFORE UPDATE ON applications_applicationevent
FOR EACH ROW EXECUTE FUNCTION application_event_immutable();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS application_event_immutable ON applications_applicationevent;
DROP FUNCTION IF EXISTS application_event_immutable();
"""


def up(apps, schema_editor):
    sql = POSTGRES_UP if schema_editor.connection.vendor == "postgresql" else SQLITE_UP
    schema_editor.execute(sql)


def down(apps, schema_editor):
    sql = POSTGRES_DOWN if schema_editor.connection.vendor == "postgresql" else SQLITE_DOWN
    schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("applications", "0001_initial")]
    operations = [migrations.RunPython(up, down)]
