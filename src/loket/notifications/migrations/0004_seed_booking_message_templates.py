from django.db import migrations


def seed(apps, schema_editor):
    """The texts of the booking and turn-near messages (``seed_templates`` adds only the rows that
    are missing, so texts an administrator already edited stay as they are)."""
    from loket.notifications.defaults import seed_templates

    seed_templates(apps.get_model("notifications", "MessageTemplate"))


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_booking_messages")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
