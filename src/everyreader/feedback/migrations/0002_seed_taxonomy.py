from django.db import migrations


def seed(apps, schema_editor):
    from everyreader.feedback.taxonomy import seed as seed_taxonomy

    seed_taxonomy(apps.get_model("feedback", "Category"), apps.get_model("feedback", "ServiceTarget"),
                  apps.get_model("accounts", "Department"))


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
