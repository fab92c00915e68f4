from django.db import migrations

from everyreader.readers.taxonomy import seed_taxonomy


def forwards(apps, schema_editor):
    seed_taxonomy(apps.get_model("readers", "NeedCategory"), apps.get_model("readers", "NeedType"))


class Migration(migrations.Migration):

    dependencies = [
        ("readers", "0002_needcategory_alter_reader_options_and_more"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
