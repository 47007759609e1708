from django.db import migrations


def seed(apps, schema_editor):
    from loket.notifications.defaults import seed_templates

    seed_templates(apps.get_model("notifications", "MessageTemplate"))


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
