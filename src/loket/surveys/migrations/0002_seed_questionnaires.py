"""The SKM questionnaire (PermenPANRB 14/2017) and the study's indicator questionnaire, version 1."""

from django.db import migrations


def seed(apps, schema_editor):
    from loket.surveys.seed import seed_questionnaires

    seed_questionnaires(
        apps.get_model("surveys", "Questionnaire"),
        apps.get_model("surveys", "QuestionnaireVersion"),
        apps.get_model("surveys", "Question"),
    )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
